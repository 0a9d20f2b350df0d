package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.Dkimpy;
import io.caravan.testing.Http;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.PackagedGateway;
import io.caravan.testing.Sink;
import io.caravan.testing.SmtpTestClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar signs what it relays with the keys of config/dkim.yaml, and dkimpy (Debian's python3-dkim,
 * not Caravan's code) verifies the delivered messages against the public keys a DNS server on loopback
 * publishes: an 8-bit message held in the heap and a 2 MiB one that travels spooled, both signed with
 * RSA-2048 and Ed25519; their bodies arrive byte for byte as sent. Mail from a domain without a key arrives
 * unsigned and is counted so in /metrics.
 */
class DkimIT {

    @TempDir
    Path dir;

    @Test
    void deliveredMailCarriesSignaturesThatDkimpyVerifiesThroughDns() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair rsa = g.generateKeyPair();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Dkimpy.install();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start(); Sink remote = Sink.accepting();
             PackagedGateway gateway = new PackagedGateway(dir)) {
            dns.add("remote.test. 300 IN MX 10 mx1.remote.test.").add("mx1.remote.test. 300 IN A 127.0.0.1")
                    .add(Dkimpy.txt("rsa2026", "shop.example", rsa)).add(Dkimpy.txt("ed2026", "shop.example", ed));
            Dkimpy.writePem(rsa.getPrivate(), gateway.config().resolve("dkim/shop.example.rsa2026.pem"));
            Dkimpy.writePem(ed.getPrivate(), gateway.config().resolve("dkim/shop.example.ed2026.pem"));
            gateway.dns(dns).write("trusted-networks", "127.0.0.1/32\n")
                    .write("transport", "remote.test smtp:remote.test:" + remote.port() + "\n")
                    .write("dkim.yaml", """
                            keys:
                              - {domain: shop.example, selector: rsa2026, key: dkim/shop.example.rsa2026.pem}
                              - {domain: shop.example, selector: ed2026, key: dkim/shop.example.ed2026.pem}
                            """);
            gateway.start();

            byte[] small = message("news@shop.example", "bob@remote.test", "Gr\u00fc\u00dfe",
                    "8-bit body: K\u00f6ln \u2713  with  runs \r\n\r\n");
            byte[] large = message("news@shop.example", "carol@remote.test", "large",
                    ("a line of a large message, long enough to be spooled \u00e9\r\n").repeat(40_000));
            byte[] unsigned = message("someone@other.example", "dave@remote.test", "no key", "plain\r\n");
            for (byte[] m : new byte[][] {small, large, unsigned}) {
                send(gateway, m);
            }
            remote.await(l -> l.size() == 3, Duration.ofSeconds(60));

            for (String rcpt : new String[] {"bob@remote.test", "carol@remote.test"}) {
                byte[] got = remote.to(rcpt).get(0).data();
                Dkimpy.Result r = Dkimpy.verify(got, dns.port());
                assertTrue(r.passed(), rcpt + ": " + r.output());
                assertTrue(r.output().contains("shop.example rsa2026 rsa-sha256 pass")
                        && r.output().contains("shop.example ed2026 ed25519-sha256 pass"), r.output());
            }
            assertArrayEquals(body(small), body(remote.to("bob@remote.test").get(0).data()),
                    "the 8-bit body arrives as it was sent");
            assertArrayEquals(body(large), body(remote.to("carol@remote.test").get(0).data()));
            String plain = new String(remote.to("dave@remote.test").get(0).data(), StandardCharsets.UTF_8);
            assertFalse(plain.contains("DKIM-Signature"), plain);

            String metrics = Http.await(gateway.consolePort(), "/metrics",
                    a -> a.body().contains("caravan_dkim_messages_total{result=\"unsigned\"} 1.0"),
                    Duration.ofSeconds(10)).body();
            assertTrue(metrics.contains("caravan_dkim_messages_total{result=\"signed\"} 2.0"), metrics);
            assertTrue(metrics.contains("caravan_dkim_messages_total{result=\"failed\"} 0.0"), metrics);
        }
    }

    private static byte[] message(String from, String to, String subject, String body) {
        return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + System.nanoTime() + "@client.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(PackagedGateway gateway, byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.UTF_8);
        String from = text.substring(text.indexOf("From: <") + 7, text.indexOf(">\r\n"));
        String to = text.substring(text.indexOf("To: <") + 5, text.indexOf(">", text.indexOf("To: <")));
        try (SmtpTestClient smtp = SmtpTestClient.connect("127.0.0.1",
                new InetSocketAddress("127.0.0.1", gateway.mxPort()))) {
            smtp.expect(220);
            smtp.cmd("EHLO client.test", 250);
            smtp.cmd("MAIL FROM:<" + from + "> BODY=8BITMIME", 250);
            smtp.cmd("RCPT TO:<" + to + ">", 250);
            smtp.cmd("DATA", 354);
            smtp.raw(text.replaceAll("(?m)^\\.", ".."));
            smtp.cmd((text.endsWith("\r\n") ? "" : "\r\n") + ".", 250);
            smtp.cmd("QUIT", 221);
        }
    }

    /** The octets after the header section's empty line. */
    private static byte[] body(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return Arrays.copyOfRange(message, i + 4, message.length);
            }
        }
        throw new AssertionError("no header section end");
    }
}
