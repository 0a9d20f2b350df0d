package io.caravan.ingress.auth;

/** How one AUTH attempt ended; {@link #reason()} is the word the failure log line carries. */
public enum AuthOutcome {
    OK("ok"),
    /** Unknown user or wrong password: the two are not told apart. */
    BAD_CREDENTIALS("bad-credentials"),
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
