package io.caravan.ingress.auth;

import java.time.Clock;

/**
 * Counts failed AUTHs across sessions and listeners, per client address
 * and per user, and says when an attempt is refused before its password is
 * looked at. The per-client count stops one address guessing; the per-user
 * count stops many addresses guessing one user's password together, at the
 * price that such an attack also keeps the real user out for the cool-down.
 *
 * <p>Only AUTH is refused, never the session: a locked address may still
 * hand over mail that needs no AUTH, as a shared NAT or a client whose
 * user mistyped its password must. A success clears no count: otherwise an
 * attacker holding one account could log into it between guesses at
 * others. Unknown users are counted like known ones, so that a lockout
 * does not tell which users exist.
 */
public final class AuthLockout {

    private final Clock clock;
    private final FailureTable clients;
    private final FailureTable users;

    public AuthLockout(AuthSettings s, Clock clock) {
        this.clock = clock;
        this.clients = new FailureTable(s.clientFailures(), s.failureWindow(), s.lockout(), s.maxTracked());
        this.users = new FailureTable(s.userFailures(), s.failureWindow(), s.lockout(), s.maxTracked());
    }

    /** {@code CLIENT_LOCKED}, {@code USER_LOCKED}, or null when the attempt may go on. */
    public synchronized AuthOutcome refusal(String client, String user) {
        if (clients.locked(client, clock.instant())) {
            return AuthOutcome.CLIENT_LOCKED;
        }
        if (users.locked(user, clock.instant())) {
            return AuthOutcome.USER_LOCKED;
        }
        return null;
    }

    public synchronized void failed(String client, String user) {
        clients.failed(client, clock.instant());
        users.failed(user, clock.instant());
    }

    /** Clients and users tracked, for tests of the memory bound. */
    synchronized int tracked() {
        return clients.size() + users.size();
    }
}
