package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptanceGateHandlerTest {

    @TempDir
    Path dataDir;

    @Test
    void aFullDiskRefusesConnectionsBeforeTheBanner() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1",
                new AcceptanceGateHandler(new AcceptanceGate(dataDir, Long.MAX_VALUE, () -> true)),
                new PregreetHandler(Duration.ZERO), session);
        assertEquals("421 4.3.1 Insufficient system storage\r\n", channel.written());
        assertFalse(channel.isOpen());
        assertFalse(session.active);
    }

    @Test
    void withRoomAndABrokerTheConnectionGoesOn() throws Exception {
        EventRecorder session = new EventRecorder();
        ClientChannel channel = ClientChannel.from("192.0.2.1",
                new AcceptanceGateHandler(new AcceptanceGate(dataDir, 0, () -> true)),
                new PregreetHandler(Duration.ZERO), session);
        assertEquals("220 test ESMTP\r\n", channel.written());
        assertTrue(session.active);
        channel.send("EHLO ok.example\r\n");
        assertEquals("EHLO ok.example\r\n", session.received.toString());
    }
}
