package io.caravan.ingress.auth;

/** How one AUTH attempt ended; {@link #reason()} is the word the failure log line carries. */
public enum AuthOutcome {
    OK("ok"),
    /** Unknown user or wrong password: the two are not told apart. */
    BAD_CREDENTIALS("bad-credentials"),
    /** The client address failed too often and is cooling down. */
    CLIENT_LOCKED("client-locked"),
    /** The user failed too often, from wherever, and is cooling down. */
    USER_LOCKED("user-locked"),
    /** Too many verifications waiting already, or the check itself broke: try again later. */
    BUSY("busy");

    private final String reason;

    AuthOutcome(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
