package io.caravan.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing and opening references: what opens, what does not, and the key file a node writes at its first start. */
class RefKeysTest {

    private static final FeedbackRef REF = new FeedbackRef("01M98R2GTJVW8EHJPS0000N7M3", "bulk", "bulk-eu",
            "tenant:alice");

    @Test
    void aSealedReferenceOpensWithItsKeysOnly(@TempDir Path dir) throws Exception {
        RefKeys keys = RefKeys.loadOrCreate(dir.resolve("feedback-ref.key"));
        String token = REF.seal(keys);
        assertEquals(REF, FeedbackRef.parse(token, keys));
        assertEquals(REF, FeedbackRef.parse(token.substring(0, 30) + "\r\n " + token.substring(30), keys),
                "folding does not matter");
        for (String part : new String[] {"01M98R2GTJVW8EHJPS0000N7M3", "bulk", "alice", "tenant"}) {
            assertFalse(token.contains(part), part + " is not readable in " + token);
        }
        assertNull(FeedbackRef.parse(token, RefKeys.loadOrCreate(dir.resolve("another.key"))), "another node's key");
        // each byte of the token changed: nothing opens
        byte[] raw = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 1;
            assertNull(FeedbackRef.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(altered), keys),
                    "byte " + i + " altered");
        }
        assertNull(FeedbackRef.parse("01M98R2GTJVW8EHJPS0000N7M3; class=bulk; pool=bulk; scope=*", keys),
                "a reference in the clear, as anyone can write one");
        assertNull(FeedbackRef.parse("", keys));
        assertNull(FeedbackRef.parse("!!", keys));
    }

    @Test
    void theKeyFileIsWrittenOnceOwnerOnlyAndKeepsOldKeysForOpening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/feedback-ref.key");
        RefKeys first = RefKeys.loadOrCreate(file);
        String text = Files.readString(file);
        assertEquals(REF, FeedbackRef.parse(REF.seal(first), RefKeys.loadOrCreate(file)), "read again, the same key");
        assertEquals(text, Files.readString(file), "not written again");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        // a new secret in front: it seals, the old one still opens
        byte[] secret = new byte[32];
        secret[0] = 7;
        Files.writeString(file, Base64.getEncoder().encodeToString(secret) + "\n" + text, StandardCharsets.US_ASCII);
        RefKeys rotated = RefKeys.loadOrCreate(file);
        assertEquals(REF, FeedbackRef.parse(REF.seal(first), rotated));
        String fresh = REF.seal(rotated);
        assertEquals(REF, FeedbackRef.parse(fresh, RefKeys.of(secret)));
        assertNull(FeedbackRef.parse(fresh, first));
    }

    @Test
    void openingIsTheInverseOfSealingAndTokensDifferPerPlaintext() {
        RefKeys keys = RefKeys.of(new byte[32]);
        byte[] a = keys.seal("a".getBytes(StandardCharsets.UTF_8));
        byte[] b = keys.seal("b".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), keys.open(a));
        assertEquals(RefKeys.TAG + 1, a.length);
        assertFalse(java.util.Arrays.equals(a, b));
        assertNotNull(keys.open(b));
        assertNull(keys.open(new byte[RefKeys.TAG]));
        assertNull(keys.open(null));
        assertTrue(a[RefKeys.TAG] != 'a' || b[RefKeys.TAG] != 'b', "the plaintext is encrypted");
    }

    @Test
    void aReferenceCarriesTheProviderOfItsDeliveriesAndOneWithoutStillOpens(@TempDir Path dir) {
        RefKeys keys = RefKeys.loadOrCreate(dir.resolve("feedback-ref.key"));
        FeedbackRef withProvider = new FeedbackRef("01M98R2GTJVW8EHJPS0000N7M3", "bulk", "bulk-eu", "tenant:alice",
                "gmail");
        FeedbackRef opened = FeedbackRef.parse(withProvider.seal(keys), keys);
        assertEquals(withProvider, opened);
        assertEquals("gmail", opened.singleProvider());
        // sealed with four values, as before the provider was added: opens, naming no provider
        FeedbackRef old = FeedbackRef.parse(REF.seal(keys), keys);
        assertEquals(REF, old);
        assertNull(old.provider());
        assertNull(old.singleProvider());
        FeedbackRef mixed = FeedbackRef.parse(new FeedbackRef("01M98R2GTJVW8EHJPS0000N7M3", "mixed", "mixed",
                "tenant:alice", FeedbackRef.MIXED).seal(keys), keys);
        assertEquals(FeedbackRef.MIXED, mixed.provider());
        assertNull(mixed.singleProvider(), "deliveries to several providers: the report's recipient decides");
    }
}
