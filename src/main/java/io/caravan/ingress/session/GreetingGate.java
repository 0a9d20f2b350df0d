package io.caravan.ingress.session;

import io.netty.channel.ChannelHandler;

/**
 * Marks a pipeline handler that decides when the banner may be written (a
 * pregreet test). With one in the pipeline the session waits for
 * {@link GreetingAllowed}; without, it greets as soon as the connection opens.
 */
public interface GreetingGate extends ChannelHandler {
}
