package io.caravan.ingress.guard;

import io.caravan.ingress.session.GreetingAllowed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses clients whose DNS list score reaches the threshold, with
 * {@code 554 5.7.1 Service unavailable; client [ip] blocked using zone}, in place of the banner. The lookup
 * starts when the connection opens, so it runs during the greet delay; {@link GreetingAllowed} is held here
 * until the verdict is known (the scorer fails open within its timeout) and is passed on only for clients
 * that are not blocked. Bytes a client sends while the banner is held are kept and passed on after it
 * (within a small budget; a client that sends more before the greeting is closed). One per channel; place it
 * after {@link PregreetHandler}.
 */
public final class DnsblHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DnsblHandler.class);
    private static final int MAX_EARLY_BYTES = 64 * 1024;

    private final DnsblScorer scorer;
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private int earlyBytes;
    private DnsblVerdict verdict;
    private boolean greetingHeld;
    private boolean done;

    public DnsblHandler(DnsblScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = GuardReplies.clientAddress(ctx);
        if (client == null || !scorer.enabled()) {
            done = true;
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
            return;
        }
        scorer.score(client).whenComplete((result, error) -> ctx.executor().execute(() -> {
            verdict = result != null ? result : DnsblVerdict.allowListed(client, 0);
            decide(ctx);
        }));
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof GreetingAllowed && !done) {
            greetingHeld = true;
            decide(ctx);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        earlyBytes += msg instanceof ByteBuf buf ? buf.readableBytes() : 1;
        early.add(msg);
        if (earlyBytes > MAX_EARLY_BYTES) {
            done = true;
            releaseEarly();
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true;
        releaseEarly();
        ctx.fireChannelInactive();
    }

    private void decide(ChannelHandlerContext ctx) {
        if (done || verdict == null || !greetingHeld || !ctx.channel().isActive()) {
            return;
        }
        done = true;
        if (verdict.blocked()) {
            releaseEarly();
            LOG.info("DNSBL: client [{}] scored {} ({}), refused", verdict.client().getHostAddress(),
                    verdict.score(), verdict.hits());
            GuardReplies.refuseAndClose(ctx, verdict.reply());
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(GreetingAllowed.INSTANCE);
        while (!early.isEmpty()) {
            ctx.fireChannelRead(early.poll());
        }
        ctx.fireChannelReadComplete();
    }

    private void releaseEarly() {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }
}
