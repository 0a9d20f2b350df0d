package io.caravan.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caravan on an external broker in another process; the broker is killed (SIGKILL) once a third of the
 * load is accepted, stays down for the fault period, and is started again on the same journal while the
 * load goes on. While it is down ingress must refuse with 4xx (never 250, never 5xx); every message that
 * got a 250, before or after, must reach the sink; acceptance must resume once the broker is back.
 */
final class BrokerStopScenario implements Scenario {
    @Override
    public String name() {
        return "broker-stop";
    }

    @Override
    public String claim() {
        return "with the broker stopped, ingress answers 4xx, and nothing that got a 250 is lost once it is back";
    }

    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception {
        if (!(target instanceof CaravanTarget caravan)) {
            return FaultResult.notRun(name(), target.name(), "Caravan only: Postfix has no broker");
        }
        int port = SmtpProbe.freePort();
        try (ExternalBroker broker = new ExternalBroker(caravan.jar(), caravan.configSource().resolve("broker.xml"),
                caravan.dir().getParent(), port)) {
            String up = broker.start();
            if (up != null) {
                return FaultResult.notRun(name(), target.name(), up);
            }
            caravan.props("caravan.broker.url=" + broker.url());
            String notReady = target.start(sink.port());
            if (notReady != null) {
                return FaultResult.notRun(name(), target.name(), notReady);
            }
            LoadGenerator gen = new LoadGenerator(spec.load(target.smtpPort(), true),
                    new MessageFactory(spec.runId() + "-broker-" + target.name(), spec.size()), "broker-stop")
                    .pauseAfterFailure(300);
            LoadRun load = LoadRun.start(gen);
            load.awaitAccepted(spec.messages() / 3);
            long acceptedAtStop = gen.acceptedSoFar();
            broker.kill9();
            long stoppedAt = System.nanoTime();
            System.err.println("\n== broker killed after " + acceptedAtStop + " accepted");
            FaultWindow down = FaultWindow.observe(gen, target.smtpPort(), spec.faultMs());
            String restarted = broker.launch();
            long restartedAt = System.nanoTime();
            System.err.println("== broker restarted: " + (restarted == null ? "ok" : restarted));
            LoadResult r = load.await();
            sink.awaitIds(r.acceptedAtNanos().keySet(), 120_000, 900_000);
            Delivery d = Delivery.of(r, sink);
            // what did not arrive: still queued (delivered once Caravan is restarted) or gone for good
            String afterCaravanRestart = "not needed";
            if (d.missing() > 0) {
                System.err.println("== " + d.missing() + " accepted messages not delivered; restarting Caravan to see "
                        + "whether they are still queued");
                target.close();
                String again = target.restart();
                sink.awaitIds(r.acceptedAtNanos().keySet(), 60_000, 600_000);
                Delivery d2 = Delivery.of(r, sink);
                afterCaravanRestart = again != null ? "restart failed: " + again
                        : (d.missing() - d2.missing()) + " more delivered, " + d2.missing() + " still missing";
            }
            long afterRestart = r.acceptedAfter(restartedAt);
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("broker", "external, " + broker.url() + ", killed with SIGKILL, restarted on the same journal");
            facts.put("messages offered", r.attempted());
            facts.put("accepted (250)", r.accepted());
            facts.put("accepted before the broker stopped", acceptedAtStop);
            facts.put("broker down for ms", (restartedAt - stoppedAt) / 1_000_000);
            facts.put("accepted while down (after a " + FaultWindow.GRACE_MS / 1000 + " s grace)", down.acceptedDuring());
            facts.put("refusals while down", down.refusalsDuring());
            facts.put("new clients while down (one every 0.5 s)", down.probes());
            facts.put("refusals over the whole run", r.refusals());
            facts.put("slowest refused transaction (MAIL to the refusal) ms", gen.slowestFailedSendMs());
            facts.put("accepted after the restart", afterRestart);
            facts.put("seconds from restart to the first 250", r.secondsToFirstAcceptAfter(restartedAt));
            facts.put("accepted and delivered", d.delivered());
            facts.put("accepted but not delivered (120 s without an arrival)", d.missing());
            facts.put("after restarting Caravan on the same broker", afterCaravanRestart);
            facts.put("duplicates at the sink", d.duplicates());
            facts.put("delivered without a 250", d.unacknowledgedDelivered());
            facts.put("first client error", r.firstError() == null ? "none" : r.firstError());
            boolean pass = d.missing() == 0 && down.refusedOnlyTemporarily() && afterRestart > 0 && restarted == null;
            String summary = String.format("%d accepted, %d not delivered (after a Caravan restart: %s), %d duplicates; "
                            + "while down: %d accepted, refusals %s; %d accepted after the broker restart",
                    r.accepted(), d.missing(), afterCaravanRestart, d.duplicates(), down.acceptedDuring(),
                    down.refusalsDuring(), afterRestart);
            return new FaultResult(name(), target.name(), pass ? "PASS" : "FAIL", summary, facts);
        }
    }
}
