package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.egress.smtp.ClientSettings;
import io.caravan.egress.smtp.DeliveryResult;
import io.caravan.egress.smtp.MxTarget;
import io.caravan.egress.smtp.RecipientOutcome;
import io.caravan.egress.smtp.SmtpClient;
import io.caravan.egress.smtp.SmtpSource;
import io.caravan.testing.LoopbackDnsServer;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.caravan.app.Gateway;
import io.caravan.broker.StageQueue;
import io.caravan.message.EnvelopeJson;
import io.caravan.testing.Jms;
import io.caravan.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * DANE end to end on loopback: a zone signed with dnsjava's DNSSEC served by a real DNS server,
 * validated from a configured trust anchor, and a SubEthaSMTP receiver with STARTTLS.
 */
class DaneDeliveryTest {

    private static final Name APEX = Name.fromConstantString("dest.test.");
    private static final Name MX = Name.fromConstantString("mx.dest.test.");
    private static final Name MX2 = Name.fromConstantString("mx2.dest.test.");

    private LoopbackDnsServer dns;
    private KeyPair zoneKeys;
    private DNSKEYRecord dnskey;
    private TlsReceiver server;
    private SmtpClient client;
    private TestCertificates.Issued serverCert;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
        zoneKeys = TestCertificates.keys();
        dnskey = new DNSKEYRecord(APEX, DClass.IN, 300, 257, DNSKEYRecord.Protocol.DNSSEC,
                DNSSEC.Algorithm.ECDSAP256SHA256, zoneKeys.getPublic());
        serverCert = TestCertificates.selfSigned("mx.dest.test");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        dns.close();
    }

    private int receiver(SSLContext tls) throws Exception {
        server = new TlsReceiver(tls);
        return server.port();
    }

    /** The TLSA owner follows the port the client connects to (RFC 6698 §3): random here, 25 in production. */
    private static TLSARecord tlsa(int port, byte[] data) {
        return new TLSARecord(Name.fromConstantString("_" + port + "._tcp.mx.dest.test."), DClass.IN, 300, 3, 1, 1,
                data);
    }

    private static byte[] spkiSha256(X509Certificate cert) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
    }

    /**
     * Publishes the signed zone: SOA, DNSKEY, the MX hosts' A records, the TLSA RRset given and an
     * NSEC chain, every RRset signed. With {@code signedAs} the TLSA signature covers other data.
     */
    private void publish(TLSARecord tlsa, TLSARecord signedAs) throws Exception {
        Instant now = Instant.now();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Map<Name, List<Record>> zone = new TreeMap<>(Comparator.naturalOrder());
        zone.computeIfAbsent(APEX, n -> new ArrayList<>()).add(new SOARecord(APEX, DClass.IN, 300,
                Name.fromConstantString("ns.dest.test."), Name.fromConstantString("hostmaster.dest.test."),
                1, 3600, 600, 86400, 60));
        zone.get(APEX).add(dnskey);
        zone.get(APEX).add(new MXRecord(APEX, DClass.IN, 300, 10, MX));
        zone.computeIfAbsent(MX, n -> new ArrayList<>()).add(new ARecord(MX, DClass.IN, 300, loopback));
        zone.computeIfAbsent(MX2, n -> new ArrayList<>()).add(new ARecord(MX2, DClass.IN, 300, loopback));
        if (tlsa != null) {
            zone.computeIfAbsent(tlsa.getName(), n -> new ArrayList<>()).add(tlsa);
        }
        List<Name> names = new ArrayList<>(zone.keySet());
        for (int i = 0; i < names.size(); i++) {
            Name owner = names.get(i);
            int[] types = zone.get(owner).stream().mapToInt(Record::getType).distinct().toArray();
            int[] withNsec = java.util.stream.IntStream.concat(java.util.Arrays.stream(types),
                    java.util.stream.IntStream.of(Type.NSEC, Type.RRSIG)).toArray();
            zone.get(owner).add(new NSECRecord(owner, DClass.IN, 60, names.get((i + 1) % names.size()), withNsec));
        }
        for (List<Record> records : zone.values()) {
            Map<Integer, RRset> sets = new TreeMap<>();
            for (Record r : records) {
                sets.computeIfAbsent(r.getType(), t -> new RRset()).addRR(r);
            }
            for (RRset set : sets.values()) {
                RRset toSign = set;
                if (set.getType() == Type.TLSA && signedAs != null) {
                    toSign = new RRset(signedAs);
                }
                dns.add(set.rrs());
                dns.add(DNSSEC.sign(toSign, dnskey, zoneKeys.getPrivate(), now.minusSeconds(3600),
                        now.plus(Duration.ofDays(1))));
            }
        }
    }

    private DaneLookup lookup() {
        return DaneLookup.over(dns.address(), dnskey.toString(), Duration.ofSeconds(5), Clock.systemUTC());
    }

    private DeliveryResult deliver(String mxHost, int port) throws Exception {
        client = SmtpClient.create(ClientSettings.defaults(), TlsSettings.defaults(), lookup());
        io.caravan.message.Envelope env = TlsLevelsTest.envelope();
        return client.deliver(new SmtpSource(InetAddress.getByName("127.0.0.1"), "out.caravan.test"),
                List.of(new MxTarget(mxHost, InetAddress.getByName("127.0.0.1"), port)), TlsPolicy.DANE, env,
                TlsLevelsTest.MESSAGE).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theLookupValidatesSecureRecordsAndSecureDenial() throws Exception {
        publish(tlsa(25, spkiSha256(serverCert.certificate())), null);
        TlsaAnswer found = lookup().lookup("mx.dest.test", 25).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, assertInstanceOf(TlsaAnswer.Secure.class, found).records().size());
        TlsaAnswer denied = lookup().lookup("mx2.dest.test", 25).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertInstanceOf(TlsaAnswer.Denied.class, denied);
    }

    @Test
    void aMatchingTlsaRecordDeliversOverAuthenticatedTls() throws Exception {
        int port = receiver(serverCert.serverContext());
        publish(tlsa(port, spkiSha256(serverCert.certificate())), null);
        DeliveryResult result = deliver("mx.dest.test", port);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertTrue(result.tls().used());
        assertEquals("dane", result.tls().verification());
        assertEquals(1, server.received.size());
    }

    /** The running gateway: tls_policy says dane, the trust anchor is configured, the MX comes from the zone. */
    @Test
    void theGatewayDeliversToADaneDestination(@TempDir Path dir) throws Exception {
        int port = receiver(serverCert.serverContext());
        publish(tlsa(port, spkiSha256(serverCert.certificate())), null);
        TestNode node = new TestNode(dir).dns(dns).transport("dest.test smtp:dest.test:" + port)
                .set("caravan.egress.dane.trust-anchors", "anchors");
        Files.writeString(node.config().resolve("anchors"), dnskey.toString() + "\n");
        Files.writeString(node.config().resolve("tls_policy"), "dest.test dane\n");
        try (Gateway gateway = node.start(); Jms jms = new Jms(gateway.connectionFactory())) {
            jms.send(StageQueue.INCOMING.queueName(), "DANE1", TlsLevelsTest.MESSAGE,
                    EnvelopeJson.write(Jms.envelope("DANE1", "rcpt@dest.test")));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, server.received.size(), "delivered once the TLSA matched");
            assertTrue(dns.queryCount("_" + port + "._tcp.mx.dest.test.", Type.TLSA) > 0, "TLSA was looked up");
        }
    }

    @Test
    void aMismatchingTlsaRecordDefers() throws Exception {
        int port = receiver(serverCert.serverContext());
        publish(tlsa(port, new byte[32]), null);
        DeliveryResult result = deliver("mx.dest.test", port);
        RecipientOutcome o = result.outcomes().get(0);
        assertEquals(451, o.reply().code());
        assertEquals("4.7.5", o.reply().enhanced());
        assertTrue(o.reply().text().contains("DANE"), o.reply().text());
        assertTrue(server.received.isEmpty());
    }

    @Test
    void aBogusSignatureDefersWithoutConnecting() throws Exception {
        int port = receiver(serverCert.serverContext());
        publish(tlsa(port, spkiSha256(serverCert.certificate())), tlsa(port, new byte[32]));
        DeliveryResult result = deliver("mx.dest.test", port);
        RecipientOutcome o = result.outcomes().get(0);
        assertEquals(451, o.reply().code());
        assertEquals("4.7.5", o.reply().enhanced());
        assertTrue(o.reply().text().contains("DANE policy unknown"), o.reply().text());
        assertFalse(o.remote());
        assertTrue(server.received.isEmpty());
    }

    @Test
    void tlsaPublishedButNoStartTlsDefers() throws Exception {
        int port = receiver(null);
        publish(tlsa(port, spkiSha256(serverCert.certificate())), null);
        DeliveryResult result = deliver("mx.dest.test", port);
        assertEquals("4.7.4", result.outcomes().get(0).reply().enhanced());
        assertTrue(server.received.isEmpty(), "DANE never downgrades to cleartext");
    }

    @Test
    void secureDenialFallsBackToOpportunisticTls() throws Exception {
        int port = receiver(null);
        publish(tlsa(port, spkiSha256(serverCert.certificate())), null);
        DeliveryResult result = deliver("mx2.dest.test", port);
        assertTrue(result.outcomes().get(0).delivered(), result.toString());
        assertFalse(result.tls().used());
    }
}
