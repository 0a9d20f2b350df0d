package io.caravan.ingress.guard;

import io.caravan.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionLimitHandlerTest {

    private final ConnectionGuard guard = new ConnectionGuard(
            GuardSettings.defaults().withConnectionLimits(2, 0, 3), new MutableClock());

    private ClientChannel connect(String ip, EventRecorder session) throws Exception {
        return ClientChannel.from(ip, new ConnectionLimitHandler(guard), new PregreetHandler(java.time.Duration.ZERO),
                session);
    }

    @Test
    void theThirdConnectionFromOneClientIsRefusedAndClosingOneMakesRoom() throws Exception {
        ClientChannel first = connect("192.0.2.1", new EventRecorder());
        connect("192.0.2.1", new EventRecorder());
        EventRecorder refusedSession = new EventRecorder();
        ClientChannel third = connect("192.0.2.1", refusedSession);

        assertEquals("421 4.7.0 Too many connections from your address\r\n", third.written());
        assertFalse(third.isOpen());
        assertFalse(refusedSession.active, "the session never sees a refused connection");
        assertEquals(2, guard.openConnections());

        first.close();
        assertEquals(1, guard.openConnections());
        ClientChannel fourth = connect("192.0.2.1", new EventRecorder());
        assertEquals("220 test ESMTP\r\n", fourth.written());
        assertTrue(fourth.isOpen());
    }

    @Test
    void theGlobalLimitRefusesEveryoneWithASystemCode() throws Exception {
        connect("192.0.2.1", new EventRecorder());
        connect("192.0.2.2", new EventRecorder());
        connect("192.0.2.3", new EventRecorder());
        ClientChannel fourth = connect("192.0.2.4", new EventRecorder());
        assertEquals("421 4.3.2 Too many connections, try again later\r\n", fourth.written());
        assertFalse(fourth.isOpen());
    }

    @Test
    void aChannelWithoutAnIpAddressIsLetThrough() {
        EventRecorder session = new EventRecorder();
        EmbeddedChannel channel = new EmbeddedChannel(new ConnectionLimitHandler(guard), session);
        assertTrue(session.active);
        assertEquals(0, guard.openConnections());
        channel.close();
    }
}
