package io.caravan.bench;

import java.util.List;

/**
 * With {@code --pin}, the system under test and the harness (load generator and sink) run on CPUs of their own:
 * the system on the first half of the machine's CPUs, the harness on the rest, so neither waits for a CPU the
 * other holds. A real edge node does not share its cores with the clients that send to it and the servers it
 * delivers to; on this 2-CPU machine, without pinning, it does. Uses util-linux's taskset.
 */
record Pinning(int machineCpus, String targetCpus, String harnessCpus) {

    /** Nothing pinned: every process may run on every CPU. */
    static final Pinning NONE = new Pinning(0, "", "");

    /** The pinning this harness runs under: a JVM's CPUs are the whole process's, so this is too. */
    private static volatile Pinning active = NONE;

    static Pinning active() {
        return active;
    }

    static Pinning halves(int cpus) {
        if (cpus < 2) {
            throw new IllegalArgumentException("--pin needs at least 2 CPUs, this machine has " + cpus);
        }
        int half = cpus / 2;
        return new Pinning(cpus, range(0, half - 1), range(half, cpus - 1));
    }

    private static String range(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    boolean pinned() {
        return !targetCpus.isEmpty();
    }

    /** For the reports; empty when nothing is pinned. */
    String description() {
        return pinned() ? "pinned: the system under test on CPU " + targetCpus + ", the harness on CPU " + harnessCpus
                : "";
    }

    /** What a target's command starts with; its children (a JVM's threads, Postfix's daemons) inherit the CPUs. */
    List<String> launcher() {
        return pinned() ? List.of("taskset", "-c", targetCpus) : List.of();
    }

    /** What a command the harness runs beside the system (Postfix's smtp-source and smtp-sink) starts with. */
    List<String> harnessLauncher() {
        return pinned() ? List.of("taskset", "-c", harnessCpus) : List.of();
    }

    /** Moves every thread of this JVM to the harness's CPUs; threads started later inherit them. */
    void pinHarness() throws Exception {
        if (!pinned()) {
            return;
        }
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", harnessCpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset could not move the harness to CPUs " + harnessCpus);
        }
        active = this;
        System.err.println("== " + description());
    }
}
