package io.caravan.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the clients saw while a fault lasted: the refusals (by kind) and 250s counted between its start and
 * its end. A short grace after the start leaves out transactions that were already past the check when the
 * fault began.
 */
record FaultWindow(long acceptedDuring, Map<String, Long> refusalsDuring) {

    static FaultWindow between(long acceptedFrom, Map<String, Long> refusalsFrom, long acceptedTo,
                               Map<String, Long> refusalsTo) {
        Map<String, Long> diff = new TreeMap<>();
        refusalsTo.forEach((k, v) -> {
            long d = v - refusalsFrom.getOrDefault(k, 0L);
            if (d > 0) {
                diff.put(k, d);
            }
        });
        return new FaultWindow(acceptedTo - acceptedFrom, diff);
    }

    /** Refusals that carried an SMTP 4xx reply. */
    long temporaryRefusals() {
        return refusalsDuring.entrySet().stream().filter(e -> e.getKey().matches(".* 4\\d\\d"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Refusals that carried an SMTP 5xx reply: a permanent failure for a temporary condition, a bounce. */
    long permanentRefusals() {
        return refusalsDuring.entrySet().stream().filter(e -> e.getKey().matches(".* 5\\d\\d"))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
