package io.caravan.bench;

/**
 * A system under test: something that accepts SMTP on a loopback port and relays to the counting sink.
 * {@link #start} answers null when the target is ready to take load, or the reason it cannot be measured
 * (so a build without SMTP ingress is reported, not crashed on).
 */
interface Target extends AutoCloseable {
    String name();

    String start(int sinkPort) throws Exception;

    int smtpPort();

    /** Root of the target's process tree, or null when it has no process of its own (the ceiling). */
    Long pid();

    /** SIGKILL to the whole process tree, as a crash would. */
    void kill9() throws Exception;

    /** Starts again on the same data (queue) after a kill; null when ready, else the reason. */
    String restart() throws Exception;

    @Override
    void close();
}
