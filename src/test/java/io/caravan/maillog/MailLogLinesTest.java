package io.caravan.maillog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The mail log's lines and the escaping of what clients and servers chose, as tables. */
class MailLogLinesTest {

    private record Escape(String why, String value, String field, String text) {
    }

    private static final String LONG = "a".repeat(LogValue.MAX_VALUE + 5);

    private static final List<Escape> ESCAPES = List.of(
            new Escape("plain", "alice@example.com", "alice@example.com", "alice@example.com"),
            new Escape("null", null, "-", ""),
            new Escape("space", "a b", "a\\x20b", "a b"),
            new Escape("quote", "\"a b\"@x", "\\x22a\\x20b\\x22@x", "\\x22a b\\x22@x"),
            new Escape("backslash", "a\\b", "a\\x5cb", "a\\x5cb"),
            new Escape("line break", "a\r\nclient=1.2.3.4", "a\\x0d\\x0aclient=1.2.3.4", "a client=1.2.3.4"),
            new Escape("latin-1 and above", "x\u00e9\u20ac", "x\\xe9\\u20ac", "x\\xe9\\u20ac"),
            new Escape("astral", "\uD83D\uDE00", "\\u1f600", "\\u1f600"),
            new Escape("tab and NUL", "\t\0", "\\x09\\x00", "\\x09\\x00"),
            new Escape("long", LONG, "a".repeat(LogValue.MAX_VALUE) + "...", LONG));

    @Test
    void valuesAreEscapedAndBounded() {
        for (Escape e : ESCAPES) {
            assertEquals(e.field(), LogValue.field(new StringBuilder(), e.value()).toString(), e.why());
            assertEquals(e.field(), LogValue.safe(e.value()), e.why());
            assertEquals(e.text(), LogValue.text(new StringBuilder(), e.value()).toString(), e.why());
        }
        assertEquals(LogValue.MAX_TEXT + 3, LogValue.text(new StringBuilder(), "b".repeat(600)).length());
    }

    private record Seconds(long nanos, String text) {
    }

    @Test
    void secondsHaveTwoDecimals() {
        for (Seconds s : List.of(new Seconds(0, "0.00"), new Seconds(4_999_999, "0.00"),
                new Seconds(5_000_000, "0.01"), new Seconds(1_234_000_000L, "1.23"),
                new Seconds(61_999_000_000L, "62.00"), new Seconds(-7, "0.00"))) {
            assertEquals(s.text(), MailLogLines.seconds(new StringBuilder(), s.nanos()).toString(), s.text());
        }
    }

    private record Line(String why, String line, String expected) {
    }

    private static final MailLogLines.Delays DELAYS =
            new MailLogLines.Delays(1_500_000_000L, 20_000_000L, 150_000_000L, 330_000_000L);

    private static final List<Line> LINES = List.of(
            new Line("accepted, authenticated",
                    MailLogLines.accepted("4XJ1A", "app@example.org", 1234, 2, "127.0.0.1", "client.example.org",
                            "alice", "submission", "TLSv1.3/TLS_AES_128_GCM_SHA256"),
                    "queue_id=4XJ1A from=<app@example.org> size=1234 nrcpt=2 client=unknown[127.0.0.1]"
                            + " helo=client.example.org auth=alice listener=submission tls=TLSv1.3/TLS_AES_128_GCM_SHA256"),
            new Line("accepted, null sender, hostile helo",
                    MailLogLines.accepted("4XJ1B", "", 10, 1, "::1", "x status=sent\nq", null, "mx", "none"),
                    "queue_id=4XJ1B from=<> size=10 nrcpt=1 client=unknown[::1] helo=x\\x20status=sent\\x0aq"
                            + " auth=- listener=mx tls=none"),
            new Line("sent",
                    MailLogLines.delivery("4XJ1A", "bob@example.com", "mx.example.com[127.0.0.2]:25", "tx-1",
                            "transactional", DELAYS, "TLSv1.3/TLS_AES_128_GCM_SHA256/verified", "2.0.0", "-", 1,
                            "sent", 250, "Ok: queued as 123"),
                    "queue_id=4XJ1A to=<bob@example.com> relay=mx.example.com[127.0.0.2]:25 source=tx-1"
                            + " pool=transactional delay=2.00 delays=1.50/0.02/0.15/0.33"
                            + " tls=TLSv1.3/TLS_AES_128_GCM_SHA256/verified dsn=2.0.0 dnssec=- attempt=1"
                            + " status=sent (250 2.0.0 Ok: queued as 123)"),
            new Line("deferred, no host reached, multi-line reply with a quote",
                    MailLogLines.delivery("4XJ1C", "a b@x", null, "tx-1", "bulk", new MailLogLines.Delays(0, 0, 0, 0),
                            "none", null, "bogus", 3, "deferred", 451, "try \"later\"\nsecond line"),
                    "queue_id=4XJ1C to=<a\\x20b@x> relay=none source=tx-1 pool=bulk delay=0.00"
                            + " delays=0.00/0.00/0.00/0.00 tls=none dsn=- dnssec=bogus attempt=3"
                            + " status=deferred (451 try \\x22later\\x22 second line)"),
            new Line("failover",
                    MailLogLines.failover("4XJ1C", List.of("mx1[127.0.0.3]:25: CONNECT 451 refused", "mx2: x")),
                    "queue_id=4XJ1C status=failover (mx1[127.0.0.3]:25: CONNECT 451 refused; mx2: x)"),
            new Line("suspended",
                    MailLogLines.reputation("exec-1", "gmail", "suspended", "gmail-ip-rate-limit",
                            "2026-11-28T03:00:00Z", "eu-1", "421 4.7.28 rate limited"),
                    "source=exec-1 provider=gmail status=suspended rule=gmail-ip-rate-limit"
                            + " until=2026-11-28T03:00:00Z node=eu-1 (421 4.7.28 rate limited)"),
            new Line("resumed by an operator",
                    MailLogLines.reputation("exec-1", "gmail", "resumed", "gmail-ip-rate-limit", null, "eu-2",
                            "lifted by an operator"),
                    "source=exec-1 provider=gmail status=resumed rule=gmail-ip-rate-limit node=eu-2"
                            + " (lifted by an operator)"));

    @Test
    void linesHaveTheirDocumentedFields() {
        for (Line l : LINES) {
            assertEquals(l.expected(), l.line(), l.why());
        }
    }
}
