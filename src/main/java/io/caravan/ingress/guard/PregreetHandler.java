package io.caravan.ingress.guard;

import io.caravan.ingress.session.GreetingAllowed;
import io.caravan.ingress.session.GreetingGate;

import io.caravan.smtp.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when the SMTP banner may be sent, and drops clients that talk before it (Postfix postscreen's
 * pregreet test). RFC 5321 4.3.1 has the client wait for the greeting; spam bots that fire their dialogue
 * blindly do not, and a short delay of the banner exposes them.
 *
 * <p><b>Contract with the SMTP session.</b> This handler fires {@link GreetingAllowed#INSTANCE} as a user
 * event ({@code userEventTriggered}) once the greet delay has passed (at once when the delay is 0), after
 * passing {@code channelActive} on. The session writes its {@code 220} banner on that event and never on
 * {@code channelActive}. Place the handler before the SMTP line decoder, after the connection-level handlers:
 * <pre>
 *   ConnectionLimitHandler, AcceptanceGateHandler, PregreetHandler, DnsblHandler, line decoder, session
 * </pre>
 *
 * <p>With a delay set, the test lasts until the first bytes go out to the client (the banner, or a refusal by
 * a later handler), not only until the delay ends: a DNSBL lookup may hold the banner longer, and a client
 * that talks then has still talked first. Such a client gets {@link #TALKED_FIRST} and is closed. With a
 * delay of 0 the test is off and the handler only fires the event, then leaves the pipeline.
 */
public final class PregreetHandler extends ChannelDuplexHandler implements GreetingGate {

    public static final Reply TALKED_FIRST = Reply.of(554, "5.7.0", "Protocol error: talked before greeting");

    private static final Logger LOG = LoggerFactory.getLogger(PregreetHandler.class);

    private final Duration greetDelay;
    private ScheduledFuture<?> timer;
    private boolean greeted;
    private boolean rejected;

    public PregreetHandler(Duration greetDelay) {
        this.greetDelay = greetDelay;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (greetDelay.isZero()) {
            ctx.pipeline().remove(this);
            ctx.fireUserEventTriggered(GreetingAllowed.INSTANCE);
            return;
        }
        timer = ctx.executor().schedule(() -> {
            if (!rejected && ctx.channel().isActive()) {
                ctx.fireUserEventTriggered(GreetingAllowed.INSTANCE);
            }
        }, greetDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (greeted) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (!rejected) {
            rejected = true;
            cancelTimer();
            InetAddress client = GuardReplies.clientAddress(ctx);
            LOG.info("pregreet: client [{}] talked before the greeting, dropped",
                    client == null ? "?" : client.getHostAddress());
            GuardReplies.refuseAndClose(ctx, TALKED_FIRST);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!greeted) {
            greeted = true;
            cancelTimer();
            ctx.pipeline().remove(this);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
