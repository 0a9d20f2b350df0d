package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.EnvelopeJson;
import io.caravan.testing.Jms;
import io.caravan.maillog.MailLog;
import io.caravan.testing.LogCapture;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.Sink;
import io.caravan.testing.SignedZone;
import io.caravan.testing.TestNode;
import io.caravan.testing.TlsReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * RFC 7672 §2.1.1 and §2.2 end to end: every destination's level is dane; its MX, address and TLSA
 * answers come from a loopback DNS server, signed (dane.test, whose key is the trust anchor),
 * forged (signed by a key outside the chain) or unsigned (plain.example, no anchor covers it), and
 * its next hop is a real SMTP receiver with or without STARTTLS. One gateway carries every row.
 */
class DnssecDeliveryTest {

    enum Dns { SECURE, FORGED_MX, FORGED_A, FORGED_TLSA, UNSIGNED }

    enum Tlsa { MATCHING, MISMATCHING, NONE }

    /**
     * @param status   the delivery log's status for the recipient
     * @param tlsEnd   how the tls= field ends ("/dane", "/none" for TLS without authentication,
     *                 "none" for cleartext or nothing sent)
     * @param dnssec   the dnssec= field
     * @param dsn      the enhanced code, for a deferral
     * @param reported what the domain's TLS report counts under policy-type tlsa: "success", a result type, or
     *                 null when no DANE policy applied (no report)
     */
    record Row(String name, Dns dns, Tlsa tlsa, boolean startTls, String status, String tlsEnd, String dnssec,
               String dsn, String reported) {

        String domain() {
            return dns == Dns.UNSIGNED ? name + ".plain.example" : name + ".dane.test";
        }

        String mxHost() {
            return "mx." + domain();
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("good", Dns.SECURE, Tlsa.MATCHING, true, "sent", "/dane", "secure", "-", "success"),
            new Row("mismatch", Dns.SECURE, Tlsa.MISMATCHING, true, "deferred", "none", "secure", "4.7.5",
                    "validation-failure"),
            new Row("nostarttls", Dns.SECURE, Tlsa.MATCHING, false, "deferred", "none", "secure", "4.7.4",
                    "starttls-not-supported"),
            new Row("forgedtlsa", Dns.FORGED_TLSA, Tlsa.MATCHING, true, "deferred", "none", "bogus", "4.7.5",
                    "dnssec-invalid"),
            new Row("forgedmx", Dns.FORGED_MX, Tlsa.MATCHING, true, "deferred", "none", "bogus", "4.7.5", null),
            new Row("forgedclear", Dns.FORGED_MX, Tlsa.NONE, false, "deferred", "none", "bogus", "4.7.5", null),
            new Row("forgeda", Dns.FORGED_A, Tlsa.MATCHING, true, "deferred", "none", "bogus", "4.7.5", null),
            new Row("denied", Dns.SECURE, Tlsa.NONE, true, "sent", "/none", "secure", "-", null),
            new Row("unsigned", Dns.UNSIGNED, Tlsa.NONE, true, "sent", "/none", "insecure", "-", null),
            new Row("unsignedclear", Dns.UNSIGNED, Tlsa.NONE, false, "sent", "none", "insecure", "-", null));

    @Test
    void eachDestinationIsDeliveredOrDeferredAsItsValidatedAnswersSay(@TempDir Path dir) throws Exception {
        TestCertificates.Issued cert = TestCertificates.selfSigned("mx.dane.test");
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded());
        List<Sink> sinks = new ArrayList<>();
        try (LoopbackDnsServer dns = LoopbackDnsServer.start();
             Sink rua = Sink.accepting();
             LogCapture log = new LogCapture(MailLog.LOGGER)) {
            SignedZone zone = new SignedZone("dane.test.");
            dns.add("plain.example. 300 IN SOA ns.plain.example. hostmaster.plain.example. 1 3600 600 86400 60")
                    .add("reports.test. 300 IN MX 10 mx.reports.test.").add("mx.reports.test. 300 IN A 127.0.0.1");
            List<String> transport = new ArrayList<>(List.of("reports.test smtp:reports.test:" + rua.port()));
            StringBuilder policy = new StringBuilder();
            for (Row row : ROWS) {
                Sink sink = row.startTls() ? Sink.withStartTls(cert.serverContext()) : Sink.accepting();
                sinks.add(sink);
                publish(row, sink.port(), spki, zone, dns);
                transport.add(row.domain() + " smtp:" + row.domain() + ":" + sink.port());
                policy.append(row.domain()).append(" dane\n");
            }
            zone.publishTo(dns);
            TestNode node = new TestNode(dir).dns(dns).transport(transport.toArray(String[]::new))
                    .set("caravan.egress.dane.trust-anchors", "anchors")
                    .set("caravan.egress.tls-rpt.interval", "1s");
            Files.writeString(node.config().resolve("anchors"), zone.trustAnchor());
            Files.writeString(node.config().resolve("tls_policy"), policy.toString());
            try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
                for (int i = 0; i < ROWS.size(); i++) {
                    String rcpt = "rcpt@" + ROWS.get(i).domain();
                    jms.send(StageQueue.INCOMING.queueName(), "DNSSEC" + i, TlsLevelsTest.MESSAGE,
                            EnvelopeJson.write(Jms.envelope("DNSSEC" + i, rcpt)));
                }
                for (int i = 0; i < ROWS.size(); i++) {
                    Row row = ROWS.get(i);
                    String line = await(log, "queue_id=DNSSEC" + i + " to=<rcpt@" + row.domain() + ">");
                    assertNotNull(line, row.name() + ": no delivery line");
                    assertEquals(row.status(), field(line, "status"), row.name() + ": " + line);
                    assertTrue(field(line, "tls").endsWith(row.tlsEnd()), row.name() + ": " + line);
                    assertEquals(row.dnssec(), field(line, "dnssec"), row.name() + ": " + line);
                    Sink sink = sinks.get(i);
                    if (row.status().equals("sent")) {
                        assertEquals(1, sink.messages().size(), row.name());
                        Sink.Received got = sink.messages().get(0);
                        if (row.tlsEnd().equals("none")) {
                            assertNull(got.tls(), row.name() + " went in cleartext");
                        } else {
                            assertNotNull(got.tls(), row.name() + " went over TLS");
                        }
                    } else {
                        assertEquals(row.dsn(), field(line, "dsn"), row.name() + ": " + line);
                        assertEquals(List.of(), sink.senders(), row.name() + ": the receiver saw no MAIL");
                    }
                }
                assertTrue(dns.queryCount("_" + sinks.get(0).port() + "._tcp.mx.good.dane.test.", Type.TLSA) > 0);
                int unsigned = ROWS.indexOf(ROWS.stream().filter(r -> r.name().equals("unsigned")).findFirst().orElseThrow());
                assertEquals(0, dns.queryCount("_" + sinks.get(unsigned).port() + "._tcp.mx.unsigned.plain.example.",
                        Type.TLSA), "no TLSA is asked under an insecure MX answer");
                assertReported(rua);
            }
        } finally {
            sinks.forEach(Sink::close);
        }
    }

    /**
     * Each domain with a DANE policy gets a TLS report under policy-type tlsa: the good one one success, the others
     * failures of their type (deferred mail is tried again, so at least one); the rest have nothing counted.
     */
    private static void assertReported(Sink rua) throws InterruptedException {
        List<Row> reported = ROWS.stream().filter(r -> r.reported() != null).toList();
        rua.await(received -> reported.stream().allMatch(r -> !TlsReports.of(received, r.domain()).isEmpty()),
                Duration.ofSeconds(30));
        for (Row row : ROWS) {
            List<JsonNode> reports = TlsReports.of(rua.messages(), row.domain());
            if (row.reported() == null) {
                assertEquals(List.of(), reports, row.name() + ": no DANE policy, nothing counted");
                continue;
            }
            long[] totals = TlsReports.totals(reports);
            for (JsonNode report : reports) {
                JsonNode policy = report.at("/policies/0/policy");
                assertEquals("tlsa", policy.get("policy-type").asText(), row.name() + ": " + report);
                assertEquals(row.mxHost(), policy.at("/mx-host/0").asText(), row.name() + ": " + report);
                assertEquals(row.dns() == Dns.FORGED_TLSA ? "" : "3 1 1 ",
                        policy.at("/policy-string/0").asText().replaceAll("[0-9a-f]{64}$", ""),
                        row.name() + ": the TLSA record in presentation format: " + report);
            }
            if (row.reported().equals("success")) {
                assertEquals(1, totals[0], row.name() + ": " + reports);
                assertEquals(0, totals[1], row.name() + ": " + reports);
            } else {
                assertEquals(0, totals[0], row.name() + ": " + reports);
                assertTrue(totals[1] >= 1, row.name() + ": " + reports);
                JsonNode failure = reports.stream().filter(r -> r.at("/policies/0/failure-details").isArray())
                        .findFirst().orElseThrow().at("/policies/0/failure-details/0");
                assertEquals(row.reported(), failure.get("result-type").asText(), row.name() + ": " + failure);
                assertEquals(row.mxHost(), failure.get("receiving-mx-hostname").asText(), row.name());
            }
        }
    }

    private static void publish(Row row, int port, byte[] spki, SignedZone zone, LoopbackDnsServer dns) {
        String mx = row.domain() + ". 300 IN MX 10 " + row.mxHost() + ".";
        String a = row.mxHost() + ". 300 IN A 127.0.0.1";
        String tlsaOwner = "_" + port + "._tcp." + row.mxHost() + ".";
        if (row.dns() == Dns.UNSIGNED) {
            dns.add(mx).add(a);
            return;
        }
        zone.add(mx).add(a)
                .add("_smtp._tls." + row.domain() + ". 300 IN TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@reports.test\"");
        if (row.tlsa() != Tlsa.NONE) {
            byte[] data = row.tlsa() == Tlsa.MATCHING ? spki : new byte[32];
            zone.add(tlsaOwner + " 300 IN TLSA 3 1 1 " + HexFormat.of().formatHex(data));
        }
        if (row.dns() == Dns.FORGED_MX) {
            zone.forge(row.domain(), Type.MX);
        } else if (row.dns() == Dns.FORGED_A) {
            zone.forge(row.mxHost(), Type.A);
        } else if (row.dns() == Dns.FORGED_TLSA) {
            zone.forge(tlsaOwner, Type.TLSA);
        }
    }

    private static String await(LogCapture log, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = log.messages().stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(50);
        }
        return null;
    }

    private static String field(String line, String name) {
        for (String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }
}
