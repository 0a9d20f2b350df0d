package io.caravan.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.HdrHistogram.Histogram;

/**
 * How long this machine's disk takes to make one small write durable: synchronous 8 KiB writes (O_DSYNC)
 * to the work directory, where both systems keep their queues. A 250 waits for such writes, and on this
 * bench's virtual machines their time varies from run to run (the "Disk:" line of each latency report in
 * bench/results), so a report that gives it keeps runs of different hours comparable.
 */
record DiskSync(int writes, double p50Ms, double p99Ms, double maxMs) {

    private static final int BLOCK = 8192;

    /** Writes {@code writes} blocks over a file of at most 1,000 blocks, then deletes it. */
    static DiskSync measure(Path dir, int writes) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "disk-sync", ".tmp");
        Histogram h = new Histogram(3);
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            for (int i = 0; i < writes; i++) {
                block.clear();
                long t0 = System.nanoTime();
                ch.write(block, (long) (i % 1_000) * BLOCK);
                h.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new DiskSync(writes, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
