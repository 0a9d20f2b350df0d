package io.caravan.bench;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood of abusive connections (many that connect and say nothing, some that send garbage lines) while
 * normal traffic runs: the normal traffic must still be accepted and delivered. All from 127.0.0.1, so a
 * per-client limit hits abusers and normal clients alike; what is measured is that the gateway stays
 * usable, not that it tells them apart.
 */
final class AbuseScenario implements Scenario {
    @Override
    public String name() {
        return "abuse";
    }

    @Override
    public String claim() {
        return "idle and garbage-sending connections do not stop normal traffic from being accepted";
    }

    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception {
        String notReady = target.start(sink.port());
        if (notReady != null) {
            return FaultResult.notRun(name(), target.name(), "needs ingress: " + notReady);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong opened = new AtomicLong();
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < spec.idleAbusers(); i++) {
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", target.smtpPort()), 2000);
                idle.add(s);
                opened.incrementAndGet();
            } catch (Exception e) {
                break;
            }
        }
        List<Thread> garbage = new ArrayList<>();
        AtomicLong garbageLines = new AtomicLong();
        for (int i = 0; i < spec.garbageAbusers(); i++) {
            Thread t = new Thread(() -> spew(target.smtpPort(), stop, garbageLines), "garbage-" + i);
            t.setDaemon(true);
            t.start();
            garbage.add(t);
        }
        LoadResult r;
        try {
            r = new LoadGenerator(spec.load(target.smtpPort(), true),
                    new MessageFactory(spec.runId() + "-abuse-" + target.name(), spec.size()), "abuse").run();
        } finally {
            stop.set(true);
            for (Socket s : idle) {
                s.close();
            }
        }
        sink.awaitIds(r.acceptedAtNanos().keySet(), 60_000, 600_000);
        Delivery d = Delivery.of(r, sink);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("idle connections held", opened.get());
        facts.put("garbage connections", spec.garbageAbusers());
        facts.put("garbage lines sent", garbageLines.get());
        facts.put("normal messages offered", r.attempted());
        facts.put("normal messages accepted", r.accepted());
        facts.put("failed at the client", r.failed());
        facts.put("accepted and delivered", d.delivered());
        facts.put("normal p99 ms", Math.round(r.p99Micros() / 100) / 10.0);
        facts.put("normal run seconds", Math.round(r.seconds() * 10) / 10.0);
        facts.put("first client error", r.firstError() == null ? "none" : r.firstError());
        boolean pass = r.accepted() == spec.messages() && d.missing() == 0;
        String summary = String.format("%d of %d normal messages accepted under %d idle + %d garbage connections, "
                + "%d lost", r.accepted(), spec.messages(), opened.get(), spec.garbageAbusers(), d.missing());
        return new FaultResult(name(), target.name(), pass ? "PASS" : "FAIL", summary, facts);
    }

    private static void spew(int port, AtomicBoolean stop, AtomicLong lines) {
        byte[] junk = "\u0016\u0003GARBAGE \u00ff\u00fe NOT SMTP AT ALL\r\nHELO\r\nMAIL FROM:<<<>>>\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        while (!stop.get()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(2000);
                OutputStream out = s.getOutputStream();
                while (!stop.get()) {
                    out.write(junk);
                    out.flush();
                    lines.addAndGet(3);
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // dropped by the target: that is allowed; reconnect and keep going
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
