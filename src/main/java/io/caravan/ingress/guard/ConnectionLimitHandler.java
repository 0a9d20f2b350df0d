package io.caravan.ingress.guard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the listener's {@link ConnectionGuard} to one connection: asks for a slot when the connection
 * becomes active and gives it back when it closes. A refused connection gets the guard's 421 and is closed,
 * and the rest of the pipeline never sees it become active (so no banner and no DNS lookups are spent on it).
 * Put it first in the pipeline; one instance per channel, sharing one guard.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitHandler.class);

    private final ConnectionGuard guard;
    private ConnectionGuard.Admission admission;

    public ConnectionLimitHandler(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress client = GuardReplies.clientAddress(ctx);
        if (client == null) {
            ctx.fireChannelActive();
            return;
        }
        admission = guard.admit(client);
        if (admission instanceof ConnectionGuard.Refused refused) {
            LOG.debug("connection from [{}] refused: {}", client.getHostAddress(), refused.reply().text());
            GuardReplies.refuseAndClose(ctx, refused.reply());
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (admission instanceof ConnectionGuard.Refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (admission != null) {
            admission.release();
        }
        ctx.fireChannelInactive();
    }
}
