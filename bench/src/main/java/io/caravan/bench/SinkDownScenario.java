package io.caravan.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink is down while the load runs: the target must keep accepting (mail queues), then drain every
 * accepted message once the sink is back. Drain order is measured against acceptance order: the fraction of
 * message pairs that arrive in the order they were accepted (1.0 = strictly oldest first, 0.5 = random).
 */
final class SinkDownScenario implements Scenario {
    @Override
    public String name() {
        return "sink-down";
    }

    @Override
    public String claim() {
        return "with the next hop down, mail is accepted and queued, then fully drained when it returns";
    }

    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception {
        String notReady = target.start(sink.port());
        if (notReady != null) {
            return FaultResult.notRun(name(), target.name(), "needs ingress and egress: " + notReady);
        }
        sink.down();
        long downAt = System.nanoTime();
        LoadResult r = new LoadGenerator(spec.load(target.smtpPort(), true),
                new MessageFactory(spec.runId() + "-sinkdown-" + target.name(), spec.size()), "sink-down").run();
        long remaining = spec.faultMs() - (System.nanoTime() - downAt) / 1_000_000;
        if (remaining > 0) {
            Thread.sleep(remaining);
        }
        long whileDown = sink.arrivals().size();
        sink.start();
        long upAt = System.nanoTime();
        System.err.println("\n== sink back after " + (upAt - downAt) / 1_000_000 + " ms; " + r.accepted() + " to drain");
        sink.awaitIds(r.acceptedAtNanos().keySet(), 120_000, 900_000);
        Delivery d = Delivery.of(r, sink);
        double drainSeconds = sink.lastArrivalNanos() > upAt ? (sink.lastArrivalNanos() - upAt) / 1e9 : 0;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("accepted (250) while the sink was down", r.accepted());
        facts.put("failed at the client", r.failed());
        facts.put("arrived while down", whileDown);
        facts.put("sink down for ms", (upAt - downAt) / 1_000_000);
        facts.put("accepted and delivered", d.delivered());
        facts.put("accepted but lost", d.missing());
        facts.put("duplicates at the sink", d.duplicates());
        facts.put("drain seconds after the sink returned", Math.round(drainSeconds * 10) / 10.0);
        facts.put("in-age-order pair fraction", Math.round(inOrderFraction(r, sink) * 1000) / 1000.0);
        boolean pass = d.missing() == 0 && r.accepted() == r.attempted() && r.accepted() > 0;
        String summary = String.format("%d of %d accepted while down, %d drained in %.1f s, %d lost, %d duplicates",
                r.accepted(), r.attempted(), d.delivered(), drainSeconds, d.missing(), d.duplicates());
        return new FaultResult(name(), target.name(), pass ? "PASS" : "FAIL", summary, facts);
    }

    /** Fraction of arrival pairs (i before j) whose acceptance times are in the same order. */
    static double inOrderFraction(LoadResult r, CountingSink sink) {
        List<Long> accepted = new ArrayList<>();
        for (String id : sink.order()) {
            Long at = r.acceptedAtNanos().get(id);
            if (at != null) {
                accepted.add(at);
            }
        }
        return pairsInOrder(accepted.stream().mapToLong(Long::longValue).toArray());
    }

    /** Of all pairs i &lt; j in arrival order, the fraction whose acceptance times are not inverted. */
    static double pairsInOrder(long[] acceptTimesInArrivalOrder) {
        long[] a = acceptTimesInArrivalOrder.clone();
        long n = a.length;
        if (n < 2) {
            return 1.0;
        }
        long inversions = countInversions(a, new long[a.length], 0, a.length);
        return 1.0 - (double) inversions / (n * (n - 1) / 2);
    }

    private static long countInversions(long[] a, long[] tmp, int lo, int hi) {
        if (hi - lo < 2) {
            return 0;
        }
        int mid = (lo + hi) >>> 1;
        long inv = countInversions(a, tmp, lo, mid) + countInversions(a, tmp, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
            if (a[i] <= a[j]) {
                tmp[k++] = a[i++];
            } else {
                tmp[k++] = a[j++];
                inv += mid - i;
            }
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < hi) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, lo, a, lo, hi - lo);
        return inv;
    }
}
