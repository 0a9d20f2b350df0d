package io.caravan.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the clients saw while a fault lasted: the refusals (by kind) and 250s counted between its start and
 * its end, and what new clients were told ({@code probes}, one connection every 0.5 s). A short grace after
 * the start leaves out transactions that were already past the check when the fault began.
 */
record FaultWindow(long acceptedDuring, Map<String, Long> refusalsDuring, String probes) {

    static final long GRACE_MS = 2_000;

    /** Watches a fault that has just begun, for the fault period: the grace, then counting and probing. */
    static FaultWindow observe(LoadGenerator gen, int smtpPort, long faultMs) throws InterruptedException {
        Thread.sleep(GRACE_MS);
        long accepted = gen.acceptedSoFar();
        Map<String, Long> refusals = gen.refusalsSoFar();
        BannerProber prober = new BannerProber(smtpPort);
        Thread.sleep(Math.max(1_000, faultMs - GRACE_MS));
        String probes = prober.summary();
        return between(accepted, refusals, gen.acceptedSoFar(), gen.refusalsSoFar(), probes);
    }

    static FaultWindow between(long acceptedFrom, Map<String, Long> refusalsFrom, long acceptedTo,
                               Map<String, Long> refusalsTo, String probes) {
        Map<String, Long> diff = new TreeMap<>();
        refusalsTo.forEach((k, v) -> {
            long d = v - refusalsFrom.getOrDefault(k, 0L);
            if (d > 0) {
                diff.put(k, d);
            }
        });
        return new FaultWindow(acceptedTo - acceptedFrom, diff, probes);
    }

    /** The fault was answered as it should be: nothing accepted, every refusal temporary, at least one. */
    boolean refusedOnlyTemporarily() {
        return acceptedDuring == 0 && temporaryRefusals() > 0 && permanentRefusals() == 0;
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
