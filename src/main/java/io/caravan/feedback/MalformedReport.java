package io.caravan.feedback;

/** A mailbox message that is no report Caravan can read: it goes to quarantine, counted, never dropped. */
public final class MalformedReport extends Exception {

    public MalformedReport(String message) {
        super(message);
    }

    public MalformedReport(String message, Throwable cause) {
        super(message, cause);
    }
}
