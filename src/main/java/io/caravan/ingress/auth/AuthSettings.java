package io.caravan.ingress.auth;

/**
 * How password checks are run.
 *
 * @param threads   threads that verify passwords (default 1: an AUTH flood takes at most one core)
 * @param maxQueued verifications that may wait for a thread; beyond it AUTH answers 454 4.7.0 (default 32)
 */
public record AuthSettings(int threads, int maxQueued) {

    public AuthSettings {
        if (threads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("auth threads and queue must be at least 1");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(1, 32);
    }
}
