package io.caravan.ingress.auth;

import java.time.Duration;

/**
 * How password checks are run, and when failures lock AUTH out.
 *
 * @param threads          threads that verify passwords (default 1: an AUTH flood takes at most one core)
 * @param maxQueued        verifications that may wait for a thread; beyond it AUTH answers 454 4.7.0 (default 32)
 * @param clientFailures   failures from one client address within the window that lock it (default 5; 0 = off)
 * @param userFailures     failures for one user, from anywhere, within the window that lock it (default 10; 0 = off)
 * @param failureWindow    how far back failures count (default 10 min)
 * @param lockout          how long a locked client or user is refused AUTH (default 15 min)
 * @param maxTracked       most client addresses, and most users, whose failures are kept (default 10,000 each)
 * @param ipv6PrefixLength IPv6 clients are counted per prefix of this length (default 64)
 */
public record AuthSettings(int threads, int maxQueued, int clientFailures, int userFailures,
                           Duration failureWindow, Duration lockout, int maxTracked, int ipv6PrefixLength) {

    public AuthSettings {
        if (threads < 1 || maxQueued < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("auth threads, queue and tracked entries must be at least 1");
        }
        if (clientFailures < 0 || userFailures < 0 || failureWindow.isNegative() || lockout.isNegative()) {
            throw new IllegalArgumentException("auth failure limits and times must not be negative");
        }
    }

    public static AuthSettings defaults() {
        return new AuthSettings(1, 32, 5, 10, Duration.ofMinutes(10), Duration.ofMinutes(15), 10_000, 64);
    }

    public AuthSettings withQueue(int threads, int maxQueued) {
        return new AuthSettings(threads, maxQueued, clientFailures, userFailures, failureWindow, lockout, maxTracked,
                ipv6PrefixLength);
    }

    public AuthSettings withLockout(int clientFailures, int userFailures, Duration failureWindow, Duration lockout) {
        return new AuthSettings(threads, maxQueued, clientFailures, userFailures, failureWindow, lockout, maxTracked,
                ipv6PrefixLength);
    }

    public AuthSettings withMaxTracked(int maxTracked) {
        return new AuthSettings(threads, maxQueued, clientFailures, userFailures, failureWindow, lockout, maxTracked,
                ipv6PrefixLength);
    }
}
