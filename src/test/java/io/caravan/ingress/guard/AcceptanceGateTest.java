package io.caravan.ingress.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.smtp.Reply;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptanceGateTest {

    @TempDir
    Path dataDir;

    /** minFree: "none" (0 bytes) or "all" (more than any disk has). */
    @ParameterizedTest(name = "minFree={0} broker={1} phase={2} -> {3}")
    @CsvSource({
            "none, true,  CONNECT, ok",
            "none, true,  MAIL,    ok",
            "all,  true,  CONNECT, 421 4.3.1 Insufficient system storage",
            "all,  true,  MAIL,    452 4.3.1 Insufficient system storage",
            "none, false, CONNECT, '421 4.3.1 Insufficient system storage, queue unavailable'",
            "none, false, MAIL,    '452 4.3.1 Insufficient system storage, queue unavailable'",
    })
    void refusesWhenStorageIsShort(String minFree, boolean broker, AcceptanceGate.Phase phase, String expected) {
        long min = minFree.equals("all") ? Long.MAX_VALUE : 0;
        AcceptanceGate gate = new AcceptanceGate(dataDir, min, () -> broker);
        Optional<Reply> reply = gate.check(phase);
        assertEquals(expected, reply.map(r -> r.toWire().strip()).orElse("ok"));
    }

    @Test
    void followsTheBrokerAsItComesAndGoes() {
        AtomicBoolean up = new AtomicBoolean(true);
        AcceptanceGate gate = new AcceptanceGate(dataDir, GuardSettings.GIB / 1024, up::get);
        assertTrue(gate.checkAtConnect().isEmpty());
        up.set(false);
        assertEquals(421, gate.checkAtConnect().orElseThrow().code());
        up.set(true);
        assertTrue(gate.checkAtMail().isEmpty());
    }

    @Test
    void anUnreadableDataDirectoryCountsAsFull() {
        AcceptanceGate gate = new AcceptanceGate(dataDir.resolve("missing"), 0, () -> true);
        assertEquals(452, gate.checkAtMail().orElseThrow().code());
    }
}
