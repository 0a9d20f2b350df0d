package io.caravan.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.Key;
import io.caravan.config.Values;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The order in which a filling disk stops things, as the shipped files set it: first ingress refuses new mail
 * (its guard), then the broker withholds producer credits (its floor), and what is still written after that (the
 * credits in flight, a journal file switch of 10 MiB) fits below the floor. A percentage would not do: on a small
 * filesystem 5 % was less than one journal file, and the broker ran out of space (docs/RELIABILITY.md, disk-full).
 */
class DiskFloorTest {

    private static final long JOURNAL_FILE = 10L << 20;

    @Test
    void theBrokerStopsWritingBelowIngressFloorAndAboveAJournalFileSwitch() {
        long brokerFloor = EmbeddedBroker.read(Path.of("config/broker.xml")).getMinDiskFree();
        long ingressFloor = Values.size(Key.SMTP_GUARD_MIN_FREE_DISK.defaultValue());
        assertTrue(brokerFloor >= 2 * JOURNAL_FILE, "an absolute floor with room for a file switch: " + brokerFloor);
        assertTrue(brokerFloor < ingressFloor, "ingress refuses first: " + brokerFloor + " vs " + ingressFloor);
    }
}
