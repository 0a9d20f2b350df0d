package io.caravan.egress.smtp;

import io.caravan.message.Envelope;
import io.caravan.message.Recipient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Envelopes, sources and messages shared by the client tests. */
final class Fixtures {

    private Fixtures() {
    }

    static SmtpSource source(String ip, String helo) {
        try {
            return new SmtpSource(InetAddress.getByName(ip), helo);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Envelope envelope(String from, Recipient... recipients) {
        return new Envelope("01TESTQUEUEID0000000000000", from, List.of(recipients), null, null, false, null,
                "192.0.2.1", "client.test", Instant.parse("2026-11-28T01:00:00Z"));
    }

    static Envelope envelope(String from, String... recipients) {
        return envelope(from, Arrays.stream(recipients).map(Recipient::of).toArray(Recipient[]::new));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message that exercises transparency: leading dots, a lone dot, 8-bit bytes, a 990-octet line. */
    static byte[] trickyMessage() {
        StringBuilder b = new StringBuilder();
        b.append("DKIM-Signature: v=1; a=rsa-sha256; d=example.test; s=s1; h=from:to:subject;\r\n")
                .append("\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=abc\r\n")
                .append("From: Sender <sender@example.test>\r\n")
                .append("To: rcpt@dest.test\r\n")
                .append("Subject:   spacing   kept\r\n")
                .append("Content-Type: text/plain; charset=ISO-8859-1\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n")
                .append("\r\n")
                .append(".starts with a dot\r\n")
                .append("..two dots\r\n")
                .append(".\r\n")
                .append("trailing spaces   \r\n")
                .append("caf\u00e9 na\u00efve \u00ff\r\n")
                .append("x".repeat(988)).append("\r\n")
                .append(". \r\n")
                .append("last line\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
