package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import java.net.InetAddress;
import java.time.Clock;

/**
 * Decides whether a client may start one more message (asked by the SMTP session at MAIL FROM): at most
 * {@link GuardSettings#messageRatePerClient()} per {@link GuardSettings#rateWindow()}, IPv6 counted per
 * prefix. Over the limit the session answers {@link #RATE_EXCEEDED}, a 421, and closes: the sender keeps the
 * message and retries later, which is how a legitimate burst survives. Thread-safe; share one per listener.
 */
public final class MessageRateLimiter {

    public static final Reply RATE_EXCEEDED =
            Reply.of(421, "4.7.0", "Too many messages from your address, try again later");

    private final ClientKeys keys;
    private final ClientRates rate;

    public MessageRateLimiter(GuardSettings settings, Clock clock) {
        this.keys = new ClientKeys(settings.ipv6PrefixLength());
        this.rate = new ClientRates(settings.messageRatePerClient(), settings.rateWindow(), clock);
    }

    /** Counts one message for the client; false means answer {@link #RATE_EXCEEDED}. */
    public boolean tryAcceptMessage(InetAddress client) {
        return rate.tryAcquire(keys.keyOf(client));
    }

    public Reply refusal() {
        return RATE_EXCEEDED;
    }
}
