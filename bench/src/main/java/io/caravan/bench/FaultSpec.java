package io.caravan.bench;

/**
 * Load and timing of a fault scenario: messages and connections of the background load, message size,
 * how long a fault lasts (sink down, target down before restart), and the abusive connection counts.
 */
record FaultSpec(long messages, int connections, int size, long faultMs, int idleAbusers, int garbageAbusers,
                 String runId) {

    static FaultSpec quick(String runId) {
        return new FaultSpec(2_000, LoadSpec.DEFAULT_CONNECTIONS, LoadSpec.DEFAULT_SIZE, 15_000, 150, 20, runId);
    }

    static FaultSpec full(String runId) {
        return new FaultSpec(20_000, LoadSpec.DEFAULT_CONNECTIONS, LoadSpec.DEFAULT_SIZE, 60_000, 500, 50, runId);
    }

    LoadSpec load(int port, boolean progress) {
        return new LoadSpec(port, connections, messages, size, 120_000, progress);
    }
}
