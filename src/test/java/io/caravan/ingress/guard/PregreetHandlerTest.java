package io.caravan.ingress.guard;

import io.caravan.ingress.session.GreetingAllowed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PregreetHandlerTest {

    private static final String TALKED_FIRST = "554 5.7.0 Protocol error: talked before greeting\r\n";

    @Test
    void aClientThatTalksDuringTheDelayIsDropped() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1", new PregreetHandler(Duration.ofSeconds(2)), session);
        channel.elapse(1000);
        channel.send("EHLO bot.example\r\n");

        assertEquals(TALKED_FIRST, channel.written());
        assertFalse(channel.isOpen());
        assertEquals("", session.received.toString(), "the session never sees the early talk");
        channel.elapse(5000);
        assertFalse(session.greeted(), "no banner after the refusal");
    }

    @Test
    void aClientThatWaitsGetsTheBannerAndIsHeard() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1", new PregreetHandler(Duration.ofSeconds(2)), session);
        channel.elapse(1999);
        assertFalse(session.greeted());
        assertEquals("", channel.written());

        channel.elapse(1);
        assertTrue(session.greeted());
        assertEquals("220 test ESMTP\r\n", channel.written());

        channel.send("EHLO good.example\r\n");
        assertEquals("EHLO good.example\r\n", session.received.toString());
        assertTrue(channel.isOpen());
        assertNull(channel.pipeline().get(PregreetHandler.class), "the handler leaves once the banner is out");
    }

    @Test
    void talkingWhileALaterHandlerStillHoldsTheBannerCountsAsTalkingFirst() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1",
                new PregreetHandler(Duration.ofSeconds(2)), new SwallowGreeting(), session);
        channel.elapse(3000);
        channel.send("EHLO bot.example\r\n");
        assertEquals(TALKED_FIRST, channel.written());
        assertFalse(channel.isOpen());
    }

    @Test
    void aZeroDelayGreetsAtOnceAndTestsNothing() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1", new PregreetHandler(Duration.ZERO), session);
        assertTrue(session.active);
        assertTrue(session.greeted());
        assertEquals("220 test ESMTP\r\n", channel.written());
        assertNull(channel.pipeline().get(PregreetHandler.class));
    }

    /** Stands for a DNSBL lookup that has not finished: holds the greeting back. */
    private static final class SwallowGreeting extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof GreetingAllowed)) {
                ctx.fireUserEventTriggered(evt);
            }
        }
    }
}
