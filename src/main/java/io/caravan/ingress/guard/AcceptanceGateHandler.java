package io.caravan.ingress.guard;

import io.caravan.smtp.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;

/**
 * Refuses new connections with {@code 421 4.3.1} while the {@link AcceptanceGate} says mail cannot be stored
 * (disk low, broker down); the rest of the pipeline never sees such a connection become active. The SMTP
 * session asks the same gate again at MAIL FROM for connections that were already open. One per channel.
 */
public final class AcceptanceGateHandler extends ChannelInboundHandlerAdapter {

    private final AcceptanceGate gate;
    private boolean refused;

    public AcceptanceGateHandler(AcceptanceGate gate) {
        this.gate = gate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Optional<Reply> refusal = gate.checkAtConnect();
        if (refusal.isPresent()) {
            refused = true;
            GuardReplies.refuseAndClose(ctx, refusal.get());
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
