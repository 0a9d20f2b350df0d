package io.caravan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Opens a fresh connection every half second while a fault lasts and records what each one saw first and how
 * long it waited for it: one probe can be lucky, a series shows whether refusals are prompt throughout.
 */
final class BannerProber implements AutoCloseable {
    private final int port;
    private final List<BannerProbe> probes = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    BannerProber(int port) {
        this.port = port;
        this.thread = new Thread(this::loop, "banner-prober");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            probes.add(BannerProbe.of(port, 30_000));
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops probing (waiting for a probe in progress) and summarizes: count, first lines seen, median and max wait. */
    String summary() {
        running = false;
        thread.interrupt();
        try {
            thread.join(35_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<BannerProbe> all;
        synchronized (probes) {
            all = new ArrayList<>(probes);
        }
        if (all.isEmpty()) {
            return "no probe";
        }
        Map<String, Integer> lines = new TreeMap<>();
        all.forEach(p -> lines.merge(p.line(), 1, Integer::sum));
        long[] ms = all.stream().mapToLong(BannerProbe::millis).sorted().toArray();
        return String.format("%d connections: %s; wait for the first line median %d ms, max %d ms", all.size(),
                lines, ms[ms.length / 2], ms[ms.length - 1]);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
