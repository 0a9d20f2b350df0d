package io.caravan.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A DNS zone signed with dnsjava's {@link DNSSEC} for a {@link LoopbackDnsServer}: SOA, DNSKEY, the
 * records a test adds, an NSEC chain, every RRset signed by the zone's key. Its DNSKEY is the trust
 * anchor a validator is given. An RRset can be marked forged: it is then signed by a key that is
 * not in the zone's DNSKEY RRset, so a validator finds it bogus, as it would an attacker's answer.
 */
public final class SignedZone {

    private final Name apex;
    private final KeyPair keys;
    private final KeyPair rogue;
    private final DNSKEYRecord dnskey;
    private final DNSKEYRecord rogueKey;
    private final Map<Name, List<Record>> records = new TreeMap<>();
    private final Set<String> forged = new HashSet<>();

    public SignedZone(String apex) {
        this.apex = LoopbackZone.name(apex);
        keys = ecKeys();
        rogue = ecKeys();
        dnskey = dnskey(keys);
        rogueKey = dnskey(rogue);
        add(new SOARecord(this.apex, DClass.IN, 300, Name.fromConstantString("ns." + this.apex),
                Name.fromConstantString("hostmaster." + this.apex), 1, 3600, 600, 86400, 60));
        add(dnskey);
    }

    /** One record in zone-file syntax, e.g. {@code "dest.test. 300 IN MX 10 mx.dest.test."}. */
    public SignedZone add(String zoneLine) {
        return add(LoopbackZone.parse(zoneLine));
    }

    public SignedZone add(Record r) {
        records.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
        return this;
    }

    /** The name's RRset of this type is signed by a key outside the zone's chain of trust. */
    public SignedZone forge(String name, int type) {
        forged.add(LoopbackZone.name(name) + "/" + type);
        return this;
    }

    /** The trust anchor, in the zone-file form {@code caravan.egress.dane.trust-anchors} reads. */
    public String trustAnchor() {
        return dnskey + "\n";
    }

    /** Serves the zone, with its NSEC chain and signatures, from the server. */
    public SignedZone publishTo(LoopbackDnsServer dns) {
        Instant now = Instant.now();
        List<Name> names = new ArrayList<>(records.keySet());
        for (int i = 0; i < names.size(); i++) {
            Name owner = names.get(i);
            int[] types = IntStream.concat(records.get(owner).stream().mapToInt(Record::getType).distinct(),
                    IntStream.of(Type.NSEC, Type.RRSIG)).toArray();
            Record nsec = new NSECRecord(owner, DClass.IN, 60, names.get((i + 1) % names.size()), types);
            dns.add(nsec).add(sign(new RRset(nsec), false, now));
        }
        for (List<Record> atName : records.values()) {
            Map<Integer, RRset> sets = new TreeMap<>();
            atName.forEach(r -> sets.computeIfAbsent(r.getType(), t -> new RRset()).addRR(r));
            for (RRset set : sets.values()) {
                dns.add(set.rrs());
                dns.add(sign(set, forged.contains(set.getName() + "/" + set.getType()), now));
            }
        }
        return this;
    }

    private Record sign(RRset set, boolean byRogue, Instant now) {
        try {
            return DNSSEC.sign(set, byRogue ? rogueKey : dnskey, (byRogue ? rogue : keys).getPrivate(),
                    now.minusSeconds(3600), now.plus(Duration.ofDays(1)));
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException("cannot sign " + set.getName(), e);
        }
    }

    private DNSKEYRecord dnskey(KeyPair pair) {
        try {
            return new DNSKEYRecord(apex, DClass.IN, 300, 257, DNSKEYRecord.Protocol.DNSSEC,
                    DNSSEC.Algorithm.ECDSAP256SHA256, pair.getPublic());
        } catch (DNSSEC.DNSSECException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
