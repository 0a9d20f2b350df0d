package io.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** When, where and with what load a run was made: printed with every table so a figure keeps its context. */
record RunInfo(String date, int nproc, long memoryMb, String java, String postfix, String mode, long messages,
               int connections, int sizeBytes) {

    static RunInfo now(String mode, long messages, int connections, int sizeBytes) {
        return new RunInfo(Instant.now().toString(), Runtime.getRuntime().availableProcessors(), totalMemoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                PostfixTarget.version(), mode, messages, connections, sizeBytes);
    }

    private static long totalMemoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
