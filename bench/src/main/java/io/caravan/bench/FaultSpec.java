package io.caravan.bench;

/**
 * Load and timing of a fault scenario: messages and connections of the background load, message size,
 * how long a fault lasts (sink down, target down before restart), the abusive connection counts, and the
 * MiB the disk-full fill leaves free.
 */
record FaultSpec(long messages, int connections, int size, long faultMs, int idleAbusers, int garbageAbusers,
                 long diskLeftMiB, String runId) {

    /** Below Caravan's low-disk threshold (64 MiB in the scenario), above the 5 % Artemis keeps. */
    static final long DISK_LEFT_MIB = 40;

    static FaultSpec quick(String runId) {
        return new FaultSpec(2_000, LoadSpec.DEFAULT_CONNECTIONS, LoadSpec.DEFAULT_SIZE, 15_000, 150, 20,
                DISK_LEFT_MIB, runId);
    }

    static FaultSpec full(String runId) {
        return new FaultSpec(20_000, LoadSpec.DEFAULT_CONNECTIONS, LoadSpec.DEFAULT_SIZE, 60_000, 500, 50,
                DISK_LEFT_MIB, runId);
    }

    LoadSpec load(int port, boolean progress) {
        return new LoadSpec(port, connections, messages, size, 120_000, progress);
    }
}
