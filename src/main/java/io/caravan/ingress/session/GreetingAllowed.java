package io.caravan.ingress.session;

/**
 * The user event that tells the SMTP session it may now write its {@code 220} banner. When a
 * {@link GreetingGate} stands in the pipeline, the session greets on this event and not on
 * {@code channelActive}; handlers between the gate and the session (a DNSBL check) may hold it back until
 * they have decided, and swallow it when they refuse the client instead.
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
