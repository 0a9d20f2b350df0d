package io.caravan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class LoopbackDnsServerTest {

    private LoopbackDnsServer dns;

    @BeforeEach
    void start() throws IOException {
        dns = LoopbackDnsServer.start();
        dns.add(new MXRecord(name("example.test."), DClass.IN, 300, 10, name("mx1.example.test.")))
                .add("example.test. 300 IN MX 20 mx2.example.test.")
                .add(new ARecord(name("mx1.example.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.2")))
                .add("example.test. 3600 IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 120");
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(2));
        return r;
    }

    private static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void answersMxWithTtlsOverBothTransports(boolean tcp) throws IOException {
        Message answer = resolver(tcp).send(query("example.test.", Type.MX));

        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertTrue(answer.getHeader().getFlag(Flags.AA));
        List<Record> mx = answer.getSection(Section.ANSWER);
        assertEquals(2, mx.size());
        assertEquals(300, mx.get(0).getTTL());
        assertEquals(1, dns.queryCount("example.test", Type.MX));
        assertEquals(tcp ? 1 : 0, dns.tcpQueryCount());
    }

    @Test
    void sharesOnePortForUdpAndTcp() throws IOException {
        resolver(false).send(query("mx1.example.test.", Type.A));
        resolver(true).send(query("mx1.example.test.", Type.A));
        assertEquals(2, dns.queryCount("mx1.example.test"));
        assertEquals(1, dns.tcpQueryCount());
    }

    @Test
    void unknownNameIsNxdomainWithSoa() throws IOException {
        Message answer = resolver(false).send(query("nope.example.test.", Type.MX));
        assertEquals(Rcode.NXDOMAIN, answer.getRcode());
        assertEquals(Type.SOA, answer.getSection(Section.AUTHORITY).get(0).getType());
    }

    @Test
    void existingNameWithoutTheTypeIsNodata() throws IOException {
        Message answer = resolver(false).send(query("mx1.example.test.", Type.AAAA));
        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertTrue(answer.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void forcedNxdomainAndServfail() throws IOException {
        dns.nxdomain("example.test").servfail("mx1.example.test");
        assertEquals(Rcode.NXDOMAIN, resolver(false).send(query("example.test.", Type.MX)).getRcode());
        assertEquals(Rcode.SERVFAIL, resolver(false).send(query("mx1.example.test.", Type.A)).getRcode());
        dns.normal("example.test");
        assertEquals(Rcode.NOERROR, resolver(false).send(query("example.test.", Type.MX)).getRcode());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void silentNameTimesOut(boolean tcp) {
        dns.noAnswer("example.test");
        SimpleResolver r = resolver(tcp);
        r.setTimeout(Duration.ofMillis(300));
        assertThrows(IOException.class, () -> r.send(query("example.test.", Type.MX)));
        assertEquals(1, dns.queryCount("example.test"));
    }

    @Test
    void truncatedUdpAnswerMakesTheClientRetryOverTcp() throws IOException {
        dns.truncate("example.test");
        Message answer = resolver(false).send(query("example.test.", Type.MX));

        assertFalse(answer.getHeader().getFlag(Flags.TC));
        assertEquals(2, answer.getSection(Section.ANSWER).size());
        assertEquals(2, dns.queryCount("example.test", Type.MX));
        assertEquals(1, dns.tcpQueryCount());
    }

    @Test
    void truncateAllUdpAppliesToEveryName() throws IOException {
        dns.truncateAllUdp(true);
        Message answer = resolver(false).send(query("mx1.example.test.", Type.A));
        assertEquals(1, answer.getSection(Section.ANSWER).size());
        assertEquals(1, dns.tcpQueryCount());
    }

    @Test
    void largeAnswerIsTruncatedNaturallyOverUdpWithoutEdns() throws IOException {
        for (int i = 0; i < 60; i++) {
            dns.add("big.example.test. 60 IN TXT \"" + "x".repeat(40) + i + "\"");
        }
        SimpleResolver r = resolver(false);
        r.setIgnoreTruncation(true);
        r.setEDNS(-1, 0, 0, List.of());
        Message udpOnly = r.send(query("big.example.test.", Type.TXT));
        assertTrue(udpOnly.getHeader().getFlag(Flags.TC));

        Message full = resolver(false).send(query("big.example.test.", Type.TXT));
        assertEquals(60, full.getSection(Section.ANSWER).size());
    }

    @Test
    void rrsigsAreServedOnlyWhenDnssecOk() throws IOException {
        dns.add("example.test. 300 IN RRSIG MX 13 2 300 20300101000000 20200101000000 12345 example.test. "
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .add("example.test. 300 IN DNSKEY 257 3 13 "
                        + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        SimpleResolver plain = resolver(false);
        assertEquals(2, plain.send(query("example.test.", Type.MX)).getSection(Section.ANSWER).size());

        SimpleResolver dnssec = resolver(false);
        dnssec.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        List<Record> signed = dnssec.send(query("example.test.", Type.MX)).getSection(Section.ANSWER);
        assertEquals(3, signed.size());
        assertTrue(signed.stream().anyMatch(rec -> rec.getType() == Type.RRSIG));
        assertEquals(Type.DNSKEY,
                dnssec.send(query("example.test.", Type.DNSKEY)).getSection(Section.ANSWER).get(0).getType());
    }

    @Test
    void aZoneSignedWithDnsjavaVerifiesFromTheWire() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        DNSKEYRecord dnskey = new DNSKEYRecord(name("example.test."), DClass.IN, 300, 257,
                DNSKEYRecord.Protocol.DNSSEC, DNSSEC.Algorithm.ECDSAP256SHA256, keys.getPublic());
        RRset mx = new RRset();
        resolver(false).send(query("example.test.", Type.MX)).getSection(Section.ANSWER).forEach(mx::addRR);
        Instant now = Instant.now();
        dns.add(dnskey, DNSSEC.sign(mx, dnskey, keys.getPrivate(), now.minusSeconds(60), now.plusSeconds(3600)));

        SimpleResolver dnssec = resolver(true);
        dnssec.setEDNS(0, 1232, ExtendedFlags.DO, List.of());
        List<RRset> answer = dnssec.send(query("example.test.", Type.MX)).getSectionRRsets(Section.ANSWER);
        RRset served = answer.get(0);
        RRSIGRecord signature = served.sigs().get(0);
        DNSKEYRecord servedKey = (DNSKEYRecord) dnssec.send(query("example.test.", Type.DNSKEY))
                .getSection(Section.ANSWER).get(0);
        DNSSEC.verify(served, signature, servedKey); // throws when the served records do not verify
        assertEquals(2, served.size());
    }

    @Test
    void countsAreResettable() throws IOException {
        resolver(false).send(query("example.test.", Type.MX));
        dns.resetCounts();
        assertEquals(0, dns.queryCount("example.test"));
    }

    private static Name name(String s) {
        return Name.fromConstantString(s);
    }
}
