package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The VERP return path: its shape, what opens it, and where a report may carry it. */
class ReturnPathTest {

    private static final RefKeys KEYS = RefKeys.of(new byte[32]);
    private static final List<String> SOURCES = List.of("local-tx-1", "local-tx-2", "local-bulk-1");

    private static Envelope envelope(String queueId, String from) {
        return new Envelope(queueId, from, List.of(Recipient.of("a@remote.test")), null, null, false, null,
                "127.0.0.1", "client.test", Instant.EPOCH);
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({
        "01M98R2GTJVW8EHJPS0000N7M3, local-tx-2",
        "7ZZZZZZZZZZZZZZZZZZZZZZZZZ, local-bulk-1",
        "00000000000000000000000000, local-tx-1",
        "HARD1,                      local-tx-1",   // not a queue id of ours in form: kept as text
    })
    void anAddressWithinTheLocalPartLimitThatOpensToItsQueueIdAndSource(String queueId, String source) {
        String address = ReturnPath.address(envelope(queueId, "news@shop.example"), source, "bounces.example", KEYS);
        String local = address.substring(0, address.indexOf('@'));
        assertTrue(local.length() <= 64, local.length() + " characters: " + address);
        assertTrue(address.matches("bounces\\+[a-z2-7]+@bounces\\.example"), address);
        assertTrue(!local.contains(queueId.toLowerCase(Locale.ROOT)) && !address.contains("shop"), address);
        ReturnPath got = ReturnPath.find(address, KEYS);
        assertEquals(queueId, got.queueId());
        assertEquals(source, got.source(SOURCES));
        assertEquals(got, ReturnPath.find(address.toUpperCase(Locale.ROOT), KEYS), "a server that folds case");
        assertNull(ReturnPath.find(address, RefKeys.of(new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})), "another node's key");
        assertEquals("unknown", got.source(List.of("elsewhere-1")));
    }

    @Test
    void theNullSenderKeepsItsNullPath() {
        assertNull(ReturnPath.address(envelope("01M98R2GTJVW8EHJPS0000N7M3", ""), "local-tx-1", "b.example", KEYS));
    }

    @Test
    void foundInTheHeaderFieldsABounceArrivesWithAndNotMadeUp() {
        String address = ReturnPath.address(envelope("01M98R2GTJVW8EHJPS0000N7M3", "news@shop.example"),
                "local-tx-1", "bounces.example", KEYS);
        String local = address.substring(0, address.indexOf('@'));
        String token = local.substring(ReturnPath.LOCAL_PREFIX.length());
        for (String text : new String[] {
            "To: " + address,
            "To: <" + address + ">",
            "Received: from mx.remote.test by in.bounces.example for <" + address + ">; Mon, 7 Dec 2026 10:03:00 +0000",
            "Delivered-To: " + address,
            // a forwarder's Sender Rewriting Scheme keeps the local part in its own
            "To: SRS0=x8Tq=TT=bounces.example=" + local + "@forwarder.test",
        }) {
            assertEquals("01M98R2GTJVW8EHJPS0000N7M3", ReturnPath.find(text, KEYS).queueId(), text);
        }
        char last = token.charAt(token.length() - 1);
        String altered = ReturnPath.LOCAL_PREFIX + token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a')
                + "@bounces.example";
        assertNull(ReturnPath.find(altered, KEYS), "one character changed");
        assertNull(ReturnPath.find("To: bounces+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@bounces.example",
                KEYS), "made up");
        assertNull(ReturnPath.find("To: news@shop.example", KEYS));
    }

    @Test
    void queueIdsPackIntoSeventeenBytesAndBack() {
        for (String id : new String[] {"01M98R2GTJVW8EHJPS0000N7M3", "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "00000000000000000000000000"}) {
            byte[] packed = ReturnPath.pack(id);
            assertEquals(17, packed.length);
            assertEquals(id, ReturnPath.unpack(packed));
        }
        assertNull(ReturnPath.pack("01M98R2GTJVW8EHJPS0000N7MU"), "U is no Crockford digit");
        assertEquals("mzxw6", ReturnPath.base32("foo".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("foo", new String(ReturnPath.unbase32("mzxw6"), java.nio.charset.StandardCharsets.US_ASCII));
    }
}
