package io.caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** When, where and with what load a run was made: printed with every table so a figure keeps its context. */
record RunInfo(String date, int nproc, String pinning, long memoryMb, String java, String postfix, String mode,
               long messages, int connections, int sizeBytes) {

    static RunInfo now(String mode, long messages, int connections, int sizeBytes) {
        Pinning cpus = Pinning.active();
        // a pinned JVM sees only its own CPUs as available
        return new RunInfo(Instant.now().toString(),
                cpus.pinned() ? cpus.machineCpus() : Runtime.getRuntime().availableProcessors(), cpus.description(),
                totalMemoryMb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                PostfixTarget.version(), mode, messages, connections, sizeBytes);
    }

    /** "2 CPUs", and with --pin which of them the systems and the harness ran on. */
    String cpus() {
        return nproc + " CPUs" + (pinning.isEmpty() ? "" : " (" + pinning + ")");
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
