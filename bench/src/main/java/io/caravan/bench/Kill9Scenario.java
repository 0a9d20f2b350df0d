package io.caravan.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * kill -9 of the whole target mid-load, restart on the same data (queue) directory, keep the load going:
 * every message that got a 250 must reach the sink. Duplicates are counted and reported (at-least-once is
 * the contract; a crash between the relay's 250 and its queue update may resend).
 */
final class Kill9Scenario implements Scenario {
    @Override
    public String name() {
        return "kill9";
    }

    @Override
    public String claim() {
        return "after kill -9 mid-load and a restart on the same data, every message that got a 250 is delivered";
    }

    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception {
        String notReady = target.start(sink.port());
        if (notReady != null) {
            return FaultResult.notRun(name(), target.name(), "needs ingress: " + notReady);
        }
        LoadGenerator gen = new LoadGenerator(spec.load(target.smtpPort(), true),
                new MessageFactory(spec.runId() + "-kill9-" + target.name(), spec.size()), "kill9");
        LoadResult[] result = new LoadResult[1];
        Thread load = new Thread(() -> {
            try {
                result[0] = gen.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kill9-load");
        load.start();
        while (gen.acceptedSoFar() < spec.messages() / 3 && load.isAlive()) {
            Thread.sleep(10);
        }
        long acceptedAtKill = gen.acceptedSoFar();
        long deliveredAtKill = sink.arrivals().size();
        target.kill9();
        System.err.println("\n== kill -9 after " + acceptedAtKill + " accepted (" + deliveredAtKill + " at the sink)");
        Thread.sleep(Math.min(spec.faultMs(), 3_000));
        String restarted = target.restart();
        System.err.println("== restarted: " + (restarted == null ? "ok" : restarted));
        load.join();
        LoadResult r = result[0];
        sink.awaitIds(r.acceptedAtNanos().keySet(), 60_000, 600_000);
        Delivery d = Delivery.of(r, sink);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("messages offered", r.attempted());
        facts.put("accepted (250)", r.accepted());
        facts.put("failed at the client", r.failed());
        facts.put("accepted before the kill", acceptedAtKill);
        facts.put("accepted and delivered", d.delivered());
        facts.put("accepted but lost", d.missing());
        facts.put("duplicates at the sink", d.duplicates());
        facts.put("delivered without a 250", d.unacknowledgedDelivered());
        facts.put("restart", restarted == null ? "ok" : restarted);
        boolean pass = d.missing() == 0 && restarted == null && r.accepted() > 0;
        String summary = String.format("%d accepted, %d delivered, %d lost, %d duplicates, %d delivered without a 250",
                r.accepted(), d.delivered(), d.missing(), d.duplicates(), d.unacknowledgedDelivered());
        return new FaultResult(name(), target.name(), pass ? "PASS" : "FAIL", summary, facts);
    }
}
