package io.caravan.bench;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The egress scheduler's costs and limits, on Caravan's packaged jar (docs/PERFORMANCE.md, "Egress scheduling"):
 * <ol>
 *   <li>a backlog for one destination held to a message rate: how many times the broker stores a message per
 *   message delivered during a window (MessagesAdded of the lanes and caravan.delivery over the window,
 *   divided by the messages the sink got in it);</li>
 *   <li>the same window, an open destination's end-to-end rate, against the same load with no backlog;</li>
 *   <li>the backlog's release rate over the window's last part, counted at the sink, against its limit;</li>
 *   <li>on a fresh start, CPU and RSS of Caravan while a backlog waits for a provider whose every source is
 *   suspended: the sink answers what Yahoo answers when it defers a sending IP, which the shipped
 *   responses.yaml turns into a 2-hour suspension of the source.</li>
 * </ol>
 * Destinations are recipient domains that a transport map sends to the sinks on loopback; providers.yaml
 * (in the run's copy of the config) names the two bench ones, so each has a lane of its own.
 */
@Command(name = "lanes", mixinStandardHelpOptions = true,
        description = "Egress scheduling: broker stores per delivery, an open lane beside a throttled one, release rate, idle cost while suspended.")
final class LanesCommand implements Callable<Integer> {
    static final String THROTTLED = "bench-throttled";
    static final String OPEN = "bench-open";
    static final String THROTTLED_DOMAIN = "throttled.bench.test";
    static final String OPEN_DOMAIN = "open.bench.test";
    /** A Yahoo domain: the shipped responses.yaml has Yahoo's deferral rule (yahoo-tss04-deferred). */
    static final String SUSPENDED_DOMAIN = "yahoo.com";
    static final String YAHOO_DEFERRAL = "4.7.0 [TSS04] Messages from this address temporarily deferred due to "
            + "unexpected volume or user complaints";
    /**
     * Sources the bench mail may use: it has the default class (transactional), whose pool has two sources in the
     * shipped egress.yaml; message_rate counts per source, so each gets half the destination's limit.
     */
    static final int SOURCES = 2;
    static final String CONSOLE_USER = "bench";

    @Mixin
    TargetOptions opts;

    @Mixin
    LoadOptions load;

    @Option(names = "--quick", description = "Smoke run: 2,000 throttled, 1,000 open, a 60 s window, 5,000 suspended, 20 s idle.")
    boolean quick;

    @Option(names = "--throttled", description = "Messages queued for the throttled destination (default: 2,000 quick, 10,000 full).")
    Long throttled;

    @Option(names = "--open", description = "Messages to the open destination, with and without the backlog (default: 1,000 quick, 10,000 full).")
    Long open;

    @Option(names = "--limit", description = "The throttled destination's limit in messages per minute (default ${DEFAULT-VALUE}).")
    int limitPerMinute = 600;

    @Option(names = "--window", description = "Seconds of the measured window (default: 60 quick, 120 full).")
    Integer window;

    @Option(names = "--suspended", description = "Messages waiting for the suspended provider (default: 5,000 quick, 100,000 full).")
    Long suspended;

    @Option(names = "--idle", description = "Seconds over which the CPU of the waiting gateway is taken (default: 20 quick, 60 full).")
    Integer idle;

    @Option(names = "--warmup", description = "Messages to the open destination before its first measured run, so "
            + "both runs find the JIT warm (default: 2,000 quick, 10,000 full).")
    Long warmup;

    @Option(names = "--settle", description = "Seconds between the last suspended message accepted and the CPU interval (default ${DEFAULT-VALUE}).")
    int settle = 30;

    @Override
    public Integer call() throws Exception {
        long nThrottled = throttled != null ? throttled : quick ? 2_000 : 10_000;
        long nOpen = open != null ? open : quick ? 1_000 : 10_000;
        int windowS = window != null ? window : quick ? 60 : 120;
        long nSuspended = suspended != null ? suspended : quick ? 5_000 : 100_000;
        int idleS = idle != null ? idle : quick ? 20 : 60;
        // the release rate is counted over the window's last minute (half of it in a window under two minutes),
        // after the token bucket's initial burst
        int releaseS = Math.min(60, windowS / 2);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path out = opts.results.resolve(stamp + "-lanes");
        int sinkPort = opts.sinkPort != 0 ? opts.sinkPort : SmtpProbe.freePort();
        int refusingPort = SmtpProbe.freePort();
        int consolePort = SmtpProbe.freePort();
        String password = Long.toHexString(Double.doubleToLongBits(Math.random())) + "-bench";
        opts.caravanConfig = prepareConfig(opts.work.resolve("lanes-config"), password);
        CaravanTarget target = (CaravanTarget) opts.target("caravan");
        target.props("caravan.console.enabled=true", "caravan.console.port=" + consolePort)
              .transport(SUSPENDED_DOMAIN + " smtp:[127.0.0.1]:" + refusingPort);
        Jolokia jmx = new Jolokia(consolePort, CONSOLE_USER, password);
        Map<String, Object> json = new LinkedHashMap<>();
        try (CountingSink sink = new CountingSink(sinkPort); CountingSink refusing = new CountingSink(refusingPort);
             target) {
            sink.start();
            refusing.start();
            refusing.refuse(YAHOO_DEFERRAL);
            String notReady = start(target, sink, jmx);
            if (notReady != null) {
                System.err.println("== caravan not measured: " + notReady);
                return 1;
            }
            // a run with its sizes or times set by hand is neither mode: bench/update-docs.sh takes the newest full one
            boolean custom = throttled != null || open != null || window != null || suspended != null || idle != null
                    || warmup != null;
            json.put("run", RunInfo.now(quick ? "quick" : custom ? "custom" : "full", nThrottled, load.connections,
                    load.size));
            json.put("settings", Map.of("throttledMessages", nThrottled, "openMessages", nOpen,
                    "limitPerMinute", limitPerMinute, "messageRatePerSource", limitPerMinute / SOURCES + "/min",
                    "windowSeconds", windowS, "releaseSeconds", releaseS, "suspendedMessages", nSuspended,
                    "idleSeconds", idleS, "settleSeconds", settle));
            json.putAll(throttledWindow(target, sink, jmx, stamp, nThrottled, nOpen, windowS, releaseS));

            System.err.println("== restarting Caravan on an empty queue for the suspended provider");
            target.close();
            sink.reset();
            notReady = start(target, sink, jmx);
            if (notReady != null) {
                json.put("suspended", Map.of("measured", false, "note", notReady));
            } else {
                json.put("suspended", suspendedIdle(target, refusing, jmx, stamp, nSuspended, idleS));
            }
        }
        ResultsWriter.report(out, "lanes", json, LanesReport.markdown(json));
        return 0;
    }

    private String start(CaravanTarget target, CountingSink sink, Jolokia jmx) throws Exception {
        System.err.println("== caravan: starting");
        String notReady = target.start(sink.port());
        if (notReady == null && !jmx.await(60_000)) {
            notReady = "the console's Jolokia did not answer within 60 s (see " + target.dir().resolve("caravan.log") + ")";
        }
        return notReady;
    }

    /** Parts 1 to 3: a baseline of the open destination alone, then the backlog, then the window. */
    private Map<String, Object> throttledWindow(CaravanTarget target, CountingSink sink, Jolokia jmx, String stamp,
                                                long nThrottled, long nOpen, int windowS, int releaseS) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        LoadResult warm = send(target, "w" + stamp, OPEN_DOMAIN, warmup != null ? warmup : quick ? 2_000 : 10_000, false);
        sink.awaitIds(warm.acceptedAtNanos().keySet(), 30_000, 300_000);

        System.err.println("== open destination alone: " + nOpen + " messages");
        LoadResult base = send(target, "a" + stamp, OPEN_DOMAIN, nOpen, true);
        sink.awaitIds(base.acceptedAtNanos().keySet(), 30_000, 600_000);
        double baseRate = endToEnd(base, sink);

        System.err.println("== queueing " + nThrottled + " messages for " + THROTTLED_DOMAIN + " (" + limitPerMinute + "/min)");
        LoadResult backlog = send(target, "t" + stamp, THROTTLED_DOMAIN, nThrottled, true);

        System.err.println("== window of " + windowS + " s: " + nOpen + " open messages beside the backlog");
        Map<String, Long> added0 = jmx.messagesAdded();
        JsonNode lanesAtStart = jmx.lanes();
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(windowS);
        LoadResult[] beside = new LoadResult[1];
        Thread sender = new Thread(() -> {
            try {
                beside[0] = send(target, "b" + stamp, OPEN_DOMAIN, nOpen, false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "lanes-open-load");
        sender.start();
        for (long left = windowEnd - System.nanoTime(); left > 0; left = windowEnd - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(5)));
            System.err.printf(Locale.ROOT, "\r  %3d s  delivered: throttled %d, open %d   ",
                    (System.nanoTime() - windowStart) / 1_000_000_000L, count(sink, "t" + stamp, 0, Long.MAX_VALUE),
                    count(sink, "b" + stamp, 0, Long.MAX_VALUE));
        }
        System.err.println();
        Map<String, Long> added1 = jmx.messagesAdded();
        JsonNode lanesAtEnd = jmx.lanes();
        long deliveredThrottled = count(sink, "t" + stamp, windowStart, windowEnd);
        long deliveredOpen = count(sink, "b" + stamp, windowStart, windowEnd);
        long released = count(sink, "t" + stamp, windowEnd - TimeUnit.SECONDS.toNanos(releaseS), windowEnd);
        sender.join();
        sink.awaitIds(beside[0].acceptedAtNanos().keySet(), 30_000, 600_000);
        double besideRate = endToEnd(beside[0], sink);

        Map<String, Long> stores = stores(added0, added1);
        long storesCounted = counted(stores);
        long throttledLaneStores = stores.getOrDefault("caravan.lane.transactional." + THROTTLED, 0L);
        long delivered = deliveredThrottled + deliveredOpen;
        Map<String, Object> sends = new LinkedHashMap<>();
        sends.put("storesOnLanesAndDelivery", storesCounted);
        sends.put("storesByQueue", stores);
        sends.put("deliveredInWindow", delivered);
        sends.put("deliveredThrottled", deliveredThrottled);
        sends.put("deliveredOpen", deliveredOpen);
        sends.put("sendsPerDelivered", delivered > 0 ? (double) storesCounted / delivered : null);
        sends.put("target", 1.2);
        // the backlog was stored before the window: what its lane stores in the window are stores again
        sends.put("throttledLaneStoresInWindow", throttledLaneStores);
        sends.put("throttledLaneStoresPerThrottledDelivered",
                deliveredThrottled > 0 ? (double) throttledLaneStores / deliveredThrottled : null);
        sends.put("backlogAccepted", backlog.accepted());
        sends.put("storesBeforeWindow", added0);
        r.put("sends", sends);

        Map<String, Object> openR = new LinkedHashMap<>();
        openR.put("messages", nOpen);
        openR.put("aloneEndToEnd", baseRate);
        openR.put("besideBacklogEndToEnd", besideRate);
        openR.put("ratio", baseRate > 0 ? besideRate / baseRate : null);
        openR.put("aloneDelivered", Delivery.of(base, sink).delivered());
        openR.put("besideDelivered", Delivery.of(beside[0], sink).delivered());
        openR.put("target", "within 10 %");
        r.put("open", openR);

        Map<String, Object> release = new LinkedHashMap<>();
        release.put("seconds", releaseS);
        release.put("delivered", released);
        release.put("perMinute", released * 60.0 / releaseS);
        release.put("limitPerMinute", limitPerMinute);
        release.put("deviation", released * 60.0 / releaseS / limitPerMinute - 1);
        release.put("target", "within 5 %");
        r.put("release", release);
        r.put("duplicates", sink.arrivals().values().stream().mapToLong(a -> a.copies() - 1).sum());
        r.put("loads", Map.of("warmup", loadSummary(warm), "alone", loadSummary(base), "backlog", loadSummary(backlog),
                "beside", loadSummary(beside[0])));
        r.put("lanesAtWindowStart", lanesAtStart);
        r.put("lanesAtWindowEnd", lanesAtEnd);
        return r;
    }

    /** Part 4: a backlog for a provider whose every source is suspended, and what waiting costs. */
    private Map<String, Object> suspendedIdle(CaravanTarget target, CountingSink refusing, Jolokia jmx, String stamp,
                                              long n, int idleS) throws Exception {
        System.err.println("== queueing " + n + " messages for " + SUSPENDED_DOMAIN + ", whose sink defers with [TSS04]");
        LoadResult queued = send(target, "s" + stamp, SUSPENDED_DOMAIN, n, true);
        System.err.println("== settling " + settle + " s, then CPU over " + idleS + " s");
        Thread.sleep(settle * 1000L);
        Map<String, Long> added0 = jmx.messagesAdded();
        long refused0 = refusing.refused();
        ProcessWatch.Usage u0 = ProcessWatch.usage(target.pid());
        long t0 = System.nanoTime();
        Thread.sleep(idleS * 1000L);
        ProcessWatch.Usage u1 = ProcessWatch.usage(target.pid());
        long t1 = System.nanoTime();
        long refused1 = refusing.refused();
        Map<String, Long> added1 = jmx.messagesAdded();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("measured", true);
        r.put("messages", n);
        r.put("accepted", queued.accepted());
        r.put("load", loadSummary(queued));
        double seconds = (t1 - t0) / 1e9;
        double cpuSeconds = (u1.ticks() - u0.ticks()) / 100.0;
        r.put("idleSeconds", seconds);
        r.put("cpuSeconds", cpuSeconds);
        r.put("cpuPercentOfOneCore", 100 * cpuSeconds / seconds);
        r.put("target", "< 5 % of one core");
        r.put("rssMb", u1.rssKb() / 1024.0);
        r.put("peakRssMb", u1.hwmKb() / 1024.0);
        Map<String, Long> stores = stores(added0, added1);
        r.put("storesOnLanesAndDeliveryDuringIdle", counted(stores));
        r.put("storesByQueueDuringIdle", stores);
        r.put("sinkRefusalsDuringIdle", refused1 - refused0);
        r.put("sinkRefusalsTotal", refused1);
        r.put("lanes", jmx.lanes());
        r.put("sources", jmx.sources());
        r.put("suspensions", jmx.suspensions());
        r.put("heap", jmx.heap());
        r.put("brokerStoreMb", storeSizes(target.dataDir().resolve("broker")));
        return r;
    }

    /** MiB on disk of each of the broker's stores (journal, bindings, paging, large messages) under {@code dir}. */
    private static Map<String, Double> storeSizes(Path dir) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var stores = Files.list(dir)) {
            for (Path store : stores.filter(Files::isDirectory).sorted().toList()) {
                long bytes;
                try (var walk = Files.walk(store)) {
                    bytes = walk.filter(Files::isRegularFile).mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // a file removed while walking (a page file consumed)
                        }
                    }).sum();
                }
                out.put(store.getFileName().toString(), bytes / 1048576.0);
            }
        }
        return out;
    }

    /** MessagesAdded gained per queue between two readings, queues that gained none left out. */
    private static Map<String, Long> stores(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new java.util.TreeMap<>();
        after.forEach((q, n) -> {
            long d = n - before.getOrDefault(q, 0L);
            if (d != 0) {
                out.put(q, d);
            }
        });
        return out;
    }

    /**
     * The stores that count: the lanes' and caravan.delivery's. Others are the broker's temporary queues (a UUID
     * name, e.g. the lane census' management replies, one a second) and mail's other stages.
     */
    private static long counted(Map<String, Long> stores) {
        return stores.entrySet().stream()
                .filter(e -> e.getKey().startsWith("caravan.lane.") || e.getKey().equals("caravan.delivery"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private LoadResult send(CaravanTarget target, String runId, String domain, long n, boolean progress)
            throws InterruptedException {
        MessageFactory f = new MessageFactory(runId, load.size, "sink@" + domain);
        return new LoadGenerator(new LoadSpec(target.smtpPort(), load.connections, n, load.size, 10_000, progress), f,
                runId.substring(0, 1) + "-" + domain).run();
    }

    /** What a load run sent: accepted, failed, the first client error and the refusals by kind. */
    private static Map<String, Object> loadSummary(LoadResult l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", l.attempted());
        m.put("accepted", l.accepted());
        m.put("failed", l.failed());
        m.put("ingressRate", l.ingressRate());
        m.put("firstError", l.firstError() == null ? "" : l.firstError());
        m.put("refusals", l.refusals());
        return m;
    }

    /** Messages per second from the load's first send to the last arrival of its messages. */
    private static double endToEnd(LoadResult load, CountingSink sink) {
        long last = 0;
        long delivered = 0;
        for (String id : load.acceptedAtNanos().keySet()) {
            CountingSink.Arrival a = sink.arrivals().get(id);
            if (a != null) {
                delivered++;
                last = Math.max(last, a.firstNanos());
            }
        }
        double s = (last - load.startNanos()) / 1e9;
        return s > 0 ? delivered / s : 0;
    }

    /** Distinct messages of a run whose first copy arrived in [from, to). */
    private static long count(CountingSink sink, String runId, long from, long to) {
        String prefix = runId + ".";
        return sink.arrivals().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .filter(e -> e.getValue().firstNanos() >= from && e.getValue().firstNanos() < to).count();
    }

    /**
     * A copy of the config with the two bench destinations named as providers (so each has a lane), the
     * throttled one's message_rate, and a console user for Jolokia, added with the jar's own command.
     */
    private Path prepareConfig(Path dir, String password) throws Exception {
        PostfixTarget.deleteTree(dir);
        try (var walk = Files.walk(opts.caravanConfig)) {
            for (Path src : walk.toList()) {
                Path dst = dir.resolve(opts.caravanConfig.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
        insertAfterProviders(dir.resolve("providers.yaml"), "  " + THROTTLED + ":\n    domains: [" + THROTTLED_DOMAIN
                + "]\n  " + OPEN + ":\n    domains: [" + OPEN_DOMAIN + "]\n");
        insertAfterProviders(dir.resolve("shaping.yaml"), "  " + THROTTLED + ":\n    message_rate: "
                + limitPerMinute / SOURCES + "/min\n");
        Process p = new ProcessBuilder("java", "-jar", opts.caravanJar.toAbsolutePath().toString(), "user", "add",
                "--console", CONSOLE_USER, "--role", "operator", "--password-stdin", "--config", dir.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("adding the console user failed: " + said);
        }
        return dir;
    }

    private static void insertAfterProviders(Path file, String entries) throws IOException {
        String text = Files.readString(file);
        String changed = text.replaceFirst("(?m)^providers:\\n", "providers:\n" + java.util.regex.Matcher.quoteReplacement(entries));
        if (changed.equals(text)) {
            throw new IOException("no top-level providers: line in " + file);
        }
        Files.writeString(file, changed);
    }
}
