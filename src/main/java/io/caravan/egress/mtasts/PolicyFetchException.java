package io.caravan.egress.mtasts;

/** A policy that could not be fetched or read, with the reason for the log. */
public final class PolicyFetchException extends Exception {

    public PolicyFetchException(String message) {
        super(message);
    }

    public PolicyFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
