package io.caravan.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Builds the raw bytes of a bench message of a given size. Every message carries a unique Message-ID and an
 * X-Bench-Id with the same token, so the sink can count each one exactly (delivered, duplicated, missing)
 * whatever a relay does to the other headers.
 */
final class MessageFactory {
    static final String SENDER = "bench@client.bench.test";
    static final String RECIPIENT = "sink@sink.bench.test";

    private final String runId;
    private final int size;
    private final String recipient;

    MessageFactory(String runId, int size) {
        this(runId, size, RECIPIENT);
    }

    /** Messages to {@code recipient} instead of the sink's usual address (the lanes run has several destinations). */
    MessageFactory(String runId, int size, String recipient) {
        this.runId = runId;
        this.size = size;
        this.recipient = recipient;
    }

    String recipient() {
        return recipient;
    }

    String id(long n) {
        return runId + "." + n;
    }

    byte[] build(long n) {
        String id = id(n);
        StringBuilder b = new StringBuilder(size + 256);
        b.append("From: <").append(SENDER).append(">\r\n")
         .append("To: <").append(recipient).append(">\r\n")
         .append("Subject: bench ").append(id).append("\r\n")
         .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now())).append("\r\n")
         .append("Message-ID: <").append(id).append("@bench.caravan.test>\r\n")
         .append("X-Bench-Id: ").append(id).append("\r\n")
         .append("MIME-Version: 1.0\r\n")
         .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        // Body: 76-character lines of printable text until the message reaches the requested size.
        String line = "The quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstu\r\n";
        while (b.length() + line.length() <= size) {
            b.append(line);
        }
        int rest = size - b.length();
        int headers = b.indexOf("\r\n\r\n") + 4;
        if (rest > 0 && rest <= 2 && b.length() - line.length() >= headers) {
            // too little room for a line of its own (the Date header is a character shorter on days 1 to 9):
            // the last full line makes way for one that ends exactly at the size
            b.setLength(b.length() - line.length());
            rest += line.length();
        }
        if (rest > 2) {
            b.append("x".repeat(rest - 2)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The bench id of a received message: X-Bench-Id, else the local part of the Message-ID. */
    static String idFromHeaders(String headerBlock) {
        String messageId = null;
        for (String raw : headerBlock.split("\r?\n")) {
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = raw.substring(0, colon).trim();
            String value = raw.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("X-Bench-Id")) {
                return value;
            }
            if (name.equalsIgnoreCase("Message-ID")) {
                messageId = value.replaceAll("^<|@.*$", "");
            }
        }
        return messageId;
    }
}
