package io.caravan.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caravan's data directory (its broker journal) on a small tmpfs mounted for the run, the next hop down so
 * accepted mail stays queued there. Once a third of the load is accepted, a file fills the filesystem until
 * only {@link FaultSpec#diskLeftMiB} is free: by default below Caravan's low-disk threshold
 * ({@code caravan.smtp.guard.min-free-disk}), above the broker's floor (broker.xml's min-disk-free); it stays full
 * for the fault period and is then deleted while the load goes on; then the next hop comes back. While full,
 * new mail must be refused with 452 or 421 (never 250, never 5xx); every message that got a 250 (queued on
 * the full disk or accepted after) must reach the sink; acceptance must resume once space is freed.
 * Needs root (mount); reported as not run otherwise.
 */
final class DiskFullScenario implements Scenario {
    static final long FS_BYTES = 512L << 20;
    static final long MIN_FREE_BYTES = 64L << 20;

    @Override
    public String name() {
        return "disk-full";
    }

    @Override
    public String claim() {
        return "with the data disk full, ingress answers 452/421, and queued mail is delivered once space is freed";
    }

    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception {
        if (!(target instanceof CaravanTarget caravan)) {
            return FaultResult.notRun(name(), target.name(), "Caravan only for now (Postfix's queue_minfree is not scripted)");
        }
        Path mnt = caravan.dir().resolveSibling("caravan-disk");
        String mounted = mount(mnt);
        if (mounted != null) {
            return FaultResult.notRun(name(), target.name(), mounted);
        }
        try {
            caravan.dataDir(mnt.resolve("data")).props("caravan.smtp.guard.min-free-disk=" + (MIN_FREE_BYTES >> 20) + "MiB");
            String notReady = target.start(sink.port());
            if (notReady != null) {
                return FaultResult.notRun(name(), target.name(), notReady);
            }
            sink.down();
            LoadGenerator gen = new LoadGenerator(spec.load(target.smtpPort(), true),
                    new MessageFactory(spec.runId() + "-disk-" + target.name(), spec.size()), "disk-full")
                    .pauseAfterFailure(300);
            LoadRun load = LoadRun.start(gen);
            load.awaitAccepted(spec.messages() / 3);
            long acceptedAtFill = gen.acceptedSoFar();
            Path fill = mnt.resolve("fill");
            long usableBefore = Files.getFileStore(mnt).getUsableSpace();
            fill(fill, usableBefore - (spec.diskLeftMiB() << 20));
            long usableFull = Files.getFileStore(mnt).getUsableSpace();
            long acceptedWhenFull = gen.acceptedSoFar();
            long filledAt = System.nanoTime();
            System.err.printf("%n== disk filled after %d accepted: %d MiB free of %d MiB%n", acceptedAtFill,
                    usableFull >> 20, FS_BYTES >> 20);
            FaultWindow full = FaultWindow.observe(gen, target.smtpPort(), spec.faultMs());
            long queuedAtFree = gen.acceptedSoFar();
            Files.delete(fill);
            long freedAt = System.nanoTime();
            System.err.println("== space freed");
            LoadResult r = load.await();
            sink.start();
            long sinkUpAt = System.nanoTime();
            sink.awaitIds(r.acceptedAtNanos().keySet(), 120_000, 900_000);
            Delivery d = Delivery.of(r, sink);
            long afterFree = r.acceptedAfter(freedAt);
            double drain = sink.lastArrivalNanos() > sinkUpAt ? (sink.lastArrivalNanos() - sinkUpAt) / 1e9 : 0;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("data filesystem", "tmpfs of " + (FS_BYTES >> 20) + " MiB; caravan.smtp.guard.min-free-disk="
                    + (MIN_FREE_BYTES >> 20) + "MiB; broker.xml disk floor as shipped; the fill leaves "
                    + spec.diskLeftMiB() + " MiB");
            facts.put("messages offered", r.attempted());
            facts.put("accepted (250)", r.accepted());
            facts.put("accepted before the fill started (queued: the sink was down)", acceptedAtFill);
            facts.put("accepted when the fill was done", acceptedWhenFull);
            facts.put("free MiB while full", usableFull >> 20);
            facts.put("full for ms", (freedAt - filledAt) / 1_000_000);
            facts.put("accepted while full (after a " + FaultWindow.GRACE_MS / 1000 + " s grace)", full.acceptedDuring());
            facts.put("refusals while full", full.refusalsDuring());
            facts.put("new clients while full (one every 0.5 s)", full.probes());
            facts.put("refusals over the whole run", r.refusals());
            facts.put("slowest refused transaction (MAIL to the refusal) ms", gen.slowestFailedSendMs());
            facts.put("accepted before space was freed", queuedAtFree);
            facts.put("accepted after space was freed", afterFree);
            facts.put("seconds from freeing to the first 250", r.secondsToFirstAcceptAfter(freedAt));
            facts.put("accepted and delivered", d.delivered());
            facts.put("accepted but lost", d.missing());
            facts.put("duplicates at the sink", d.duplicates());
            facts.put("drain seconds after the sink returned", Math.round(drain * 10) / 10.0);
            facts.put("first client error", r.firstError() == null ? "none" : r.firstError());
            boolean pass = d.missing() == 0 && full.refusedOnlyTemporarily() && afterFree > 0;
            String summary = String.format("%d accepted (%d queued before the fill), %d lost, %d duplicates; while full: "
                            + "%d accepted, refusals %s; %d accepted after space was freed", r.accepted(),
                    acceptedAtFill, d.missing(), d.duplicates(), full.acceptedDuring(), full.refusalsDuring(), afterFree);
            return new FaultResult(name(), target.name(), pass ? "PASS" : "FAIL", summary, facts);
        } finally {
            sink.start();
            target.close();
            umount(mnt);
        }
    }

    /** Writes real blocks (a sparse file would take no space) until the file is {@code bytes} long or the disk is full. */
    static void fill(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < bytes) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), bytes - written));
                try {
                    written += ch.write(chunk);
                } catch (IOException e) {
                    return;
                }
            }
        }
    }

    private static String mount(Path mnt) throws Exception {
        umount(mnt);
        Files.createDirectories(mnt);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + (FS_BYTES >> 20) + "m", "tmpfs",
                mnt.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.waitFor() == 0 ? null : "cannot mount a tmpfs at " + mnt + " (needs root): " + out;
    }

    private static void umount(Path mnt) throws Exception {
        if (new ProcessBuilder("mountpoint", "-q", mnt.toString()).start().waitFor() == 0) {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
        }
    }
}
