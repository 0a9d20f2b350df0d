package io.caravan.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.LiveFile;
import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import io.caravan.testing.Dkimpy;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caravan's signer, checked by dkimpy (not Caravan's code) with the public keys published by a DNS server
 * on loopback: RSA-2048 and Ed25519 (RFC 8463), both on one message, over bodies and headers that relaxed
 * canonicalisation has to get right (8-bit body, folded and padded headers, trailing blank lines, no final
 * CRLF, an empty body).
 */
class DkimSignerTest {

    private static Path dir;
    private static LoopbackDnsServer dns;
    private static KeyPair rsa;
    private static KeyPair ed;
    private static KeyPair rsaTenant;

    @BeforeAll
    static void keys() throws Exception {
        dir = Files.createTempDirectory("dkim-test");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
        rsaTenant = g.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Dkimpy.writePem(rsa.getPrivate(), dir.resolve("keys/rsa.pem"));
        Dkimpy.writePem(ed.getPrivate(), dir.resolve("keys/ed.pem"));
        Dkimpy.writePem(rsaTenant.getPrivate(), dir.resolve("keys/tenant.pem"));
        dns = LoopbackDnsServer.start();
        dns.add(Dkimpy.txt("r2026", "shop.example", rsa)).add(Dkimpy.txt("e2026", "shop.example", ed))
                .add(Dkimpy.txt("alice1", "shop.example", rsaTenant));
        Files.writeString(dir.resolve("dkim.yaml"), """
                keys:
                  - domain: shop.example
                    selector: r2026
                    key: keys/rsa.pem
                  - domain: shop.example
                    selector: e2026
                    key: keys/ed.pem
                  - domain: shop.example
                    tenant: alice
                    selector: alice1
                    key: keys/tenant.pem
                """);
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static DkimSigner signer() {
        return new DkimSigner(() -> DkimKeys.load(dir.resolve("dkim.yaml"), dir), MutableClock.at("2026-12-07T10:00:00Z"));
    }

    private static Envelope envelope(String authUser) {
        return new Envelope("Q1", "news@shop.example", List.of(Recipient.of("bob@receiver.test")), null, null, false,
                authUser, "127.0.0.1", "client.test", Instant.EPOCH);
    }

    private static final String HEAD = "Received: from client.test\r\n"
            + "From: \"Shop News\" <news@Shop.Example>\r\n"
            + "To:   bob@receiver.test ,\r\n\t carol@receiver.test\r\n"
            + "Subject:  A folded\r\n    subject\t with  runs  \r\n"
            + "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@shop.example>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n";

    @ParameterizedTest
    @ValueSource(strings = {
        "plain line\r\n",
        "gr\u00fc\u00dfe aus K\u00f6ln, 8-bit \u2713\r\n",
        "trailing  spaces   \r\n\ttabs\t\tin\tlines \r\n",
        "blank lines at the end\r\n\r\n\r\n  \r\n",
        "no final CRLF",
        "",
        ".leading dot\r\n..two dots\r\n",
    })
    void dkimpyVerifiesBothSignatures(String body) throws Exception {
        byte[] message = (HEAD + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
        DkimSigner signer = signer();
        byte[] signed = signer.sign(envelope(null), message);

        assertArrayEquals(message, Arrays.copyOfRange(signed, signed.length - message.length, signed.length),
                "the message follows the signatures unchanged, octet for octet");
        Dkimpy.Result r = Dkimpy.verify(signed, dns.port());
        assertTrue(r.passed(), new String(signed, StandardCharsets.UTF_8) + "\n" + r.output());
        assertTrue(r.output().contains("shop.example r2026 rsa-sha256 pass"), r.output());
        assertTrue(r.output().contains("shop.example e2026 ed25519-sha256 pass"), r.output());
        assertEquals(1, signer.signedCount());
    }

    @Test
    void aSpooledBodySignsTheSameAsOneInTheHeap() throws Exception {
        byte[] body = ("line one\r\n" + "x".repeat(100_000) + "  \r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = (HEAD + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] whole = concat(head, body);
        DkimSigner signer = signer();
        byte[] inHeap = signer.sign(envelope(null), whole);
        byte[] signedHead = signer.signHead(envelope(null), head, () -> new ByteArrayInputStream(body));

        assertArrayEquals(inHeap, concat(signedHead, body));
        assertTrue(Dkimpy.verify(concat(signedHead, body), dns.port()).passed());
    }

    @Test
    void fromIsOversignedSoAnAddedFromBreaksTheSignature() throws Exception {
        byte[] message = (HEAD + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] signed = signer().sign(envelope(null), message);
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        Matcher h = Pattern.compile("h=([^;]*);").matcher(text.replaceAll("\r\n[\t ]+", ""));
        assertTrue(h.find());
        assertTrue(h.group(1).startsWith("from:from:"), "From is listed once more than present: " + h.group(1));

        byte[] withSecondFrom = concat("From: attacker@evil.test\r\n".getBytes(StandardCharsets.US_ASCII), signed);
        Dkimpy.Result r = Dkimpy.verify(withSecondFrom, dns.port());
        assertTrue(!r.passed() && r.output().contains("fail"), r.output());
    }

    @Test
    void aTenantsKeySignsTheTenantsMailOnly() throws Exception {
        byte[] message = (HEAD + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        String alice = new String(signer().sign(envelope("alice"), message), StandardCharsets.ISO_8859_1);
        String other = new String(signer().sign(envelope("bob"), message), StandardCharsets.ISO_8859_1);
        assertTrue(alice.contains("s=alice1;") && !alice.contains("s=r2026;"), alice);
        assertTrue(other.contains("s=r2026;") && other.contains("s=e2026;") && !other.contains("s=alice1;"), other);
        assertTrue(Dkimpy.verify(alice.getBytes(StandardCharsets.ISO_8859_1), dns.port()).passed());
    }

    @Test
    void aDomainWithoutAKeyIsSentUnsignedAndCounted() {
        DkimSigner signer = signer();
        byte[] message = "From: a@other.example\r\nSubject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertSame(message, signer.sign(envelope(null), message));
        byte[] noFrom = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertSame(noFrom, signer.sign(envelope(null), noFrom));
        assertEquals(1, signer.unsignedCount());
        assertEquals(1, signer.failedCount());
        assertEquals(0, signer.signedCount());
    }

    @Test
    void aSubdomainIsSignedWithItsParentsKey() {
        byte[] message = "From: a@mail.shop.example\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        String signed = new String(signer().sign(envelope(null), message), StandardCharsets.ISO_8859_1);
        assertTrue(signed.contains("d=shop.example;"), signed);
    }

    @Test
    void aNewSelectorTakesOverWhenTheFileChangesWithoutARestart() throws Exception {
        Path conf = Files.createTempDirectory(dir, "rotate");
        Files.copy(dir.resolve("keys/rsa.pem"), conf.resolve("old.pem"));
        Files.copy(dir.resolve("keys/ed.pem"), conf.resolve("new.pem"));
        Path file = conf.resolve("dkim.yaml");
        Files.writeString(file, "keys:\n  - {domain: shop.example, selector: r2026, key: old.pem}\n");
        MutableClock clock = MutableClock.at("2026-12-07T10:00:00Z");
        LiveFile<DkimKeys> keys = new LiveFile<>(file, f -> DkimKeys.load(f, conf), Duration.ofSeconds(5), clock);
        DkimSigner signer = new DkimSigner(keys, clock);
        byte[] message = "From: a@shop.example\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(new String(signer.sign(envelope(null), message), StandardCharsets.US_ASCII).contains("s=r2026;"));

        Files.writeString(file, "keys:\n  - {domain: shop.example, selector: e2026, key: new.pem}\n# rotated\n");
        clock.advance(Duration.ofSeconds(6));
        byte[] rotated = signer.sign(envelope(null), message);
        assertTrue(new String(rotated, StandardCharsets.US_ASCII).contains("s=e2026;"));
        assertTrue(Dkimpy.verify(rotated, dns.port()).passed());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
