package io.caravan.ingress.guard;

import io.caravan.ingress.session.GreetingAllowed;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands where the SMTP session will be: writes a 220 banner on {@link GreetingAllowed}, and records what
 * reached it (activation, events, bytes) so tests can see what the guards let through.
 */
final class EventRecorder extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();
    final StringBuilder received = new StringBuilder();
    boolean active;
    /** What had reached the session when it was allowed to greet (null before that). */
    String receivedAtGreeting;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        active = true;
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
        if (evt instanceof GreetingAllowed) {
            receivedAtGreeting = received.toString();
            ctx.writeAndFlush(Unpooled.copiedBuffer("220 test ESMTP\r\n", StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received.append(((io.netty.buffer.ByteBuf) msg).toString(StandardCharsets.US_ASCII));
        ReferenceCountUtil.release(msg);
    }

    boolean greeted() {
        return events.contains(GreetingAllowed.INSTANCE);
    }
}
