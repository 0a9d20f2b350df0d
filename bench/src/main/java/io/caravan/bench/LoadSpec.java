package io.caravan.bench;

/**
 * What one load run sends: how many messages, over how many concurrent SMTP connections, of what size, to
 * which port. {@code reconnectWindowMs} is how long a worker keeps trying to reconnect to a target that went
 * away (a fault scenario) before it gives up.
 */
record LoadSpec(int port, int connections, long messages, int sizeBytes, long reconnectWindowMs, boolean progress) {
    static final int DEFAULT_SIZE = 5 * 1024;
    static final int DEFAULT_CONNECTIONS = 20;
}
