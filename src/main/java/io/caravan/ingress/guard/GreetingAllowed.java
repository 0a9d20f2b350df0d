package io.caravan.ingress.guard;

/**
 * The user event that tells the SMTP session it may now write its {@code 220} banner. The session must write
 * the banner when it receives this event, and never on {@code channelActive}. {@link PregreetHandler} fires
 * it once the greet delay has passed; handlers between it and the session ({@link DnsblHandler}) may hold it
 * back until they have decided, and swallow it when they refuse the client instead.
 */
public final class GreetingAllowed {

    public static final GreetingAllowed INSTANCE = new GreetingAllowed();

    private GreetingAllowed() {
    }

    @Override
    public String toString() {
        return "GreetingAllowed";
    }
}
