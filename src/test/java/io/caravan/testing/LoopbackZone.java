package io.caravan.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The records a {@link LoopbackDnsServer} serves, and how an authoritative server answers from
 * them: the RRset asked for (a CNAME at the name is returned, not chased); NODATA when the name
 * exists (it has records, or is an ancestor of a name that has) but not with that type; NXDOMAIN
 * otherwise. Negative answers carry the SOA of the closest enclosing zone when one was added,
 * because resolvers take the negative-cache TTL from it. With the DNSSEC OK bit, RRSIGs covering
 * each RRset are added, and negative answers carry the NSEC records that prove them.
 */
final class LoopbackZone {

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();

    void add(Record r) {
        records.computeIfAbsent(r.getName(), n -> new CopyOnWriteArrayList<>()).add(r);
    }

    /** Removes the name's records of that type and their signatures; every record with {@link Type#ANY}. */
    void remove(Name name, int type) {
        List<Record> list = records.get(name);
        if (list != null) {
            list.removeIf(r -> type == Type.ANY || r.getType() == type
                    || (r instanceof RRSIGRecord sig && sig.getTypeCovered() == type));
        }
    }

    void clear() {
        records.clear();
    }

    /** Fills the answer and authority sections and the rcode of a response to an ordinary query. */
    void answer(Message response, Name qname, int qtype, boolean dnssecOk) {
        List<Record> atName = records.getOrDefault(qname, List.of());
        List<Record> matching = new ArrayList<>();
        for (Record r : atName) {
            if (r.getType() == Type.RRSIG) {
                continue;
            }
            if (qtype == Type.ANY || r.getType() == qtype
                    || (r.getType() == Type.CNAME && qtype != Type.CNAME)) {
                matching.add(r);
            }
        }
        if (!matching.isEmpty()) {
            matching.forEach(r -> response.addRecord(r, Section.ANSWER));
            if (dnssecOk) {
                addSignatures(response, qname, matching, Section.ANSWER);
            }
            return;
        }
        boolean exists = !atName.isEmpty() || records.entrySet().stream()
                .anyMatch(e -> !e.getValue().isEmpty() && !e.getKey().equals(qname) && e.getKey().subdomain(qname));
        if (!exists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        addNegativeAuthority(response, qname, dnssecOk, !exists);
    }

    /** SOA of the closest enclosing zone, and with DO the NSEC records that deny the name or type. */
    void addNegativeAuthority(Message response, Name qname, boolean dnssecOk, boolean nxdomain) {
        SOARecord soa = closestSoa(qname);
        if (soa == null) {
            return;
        }
        response.addRecord(soa, Section.AUTHORITY);
        if (!dnssecOk) {
            return;
        }
        addSignatures(response, soa.getName(), List.of(soa), Section.AUTHORITY);
        Name wildcard = wildcardOf(soa.getName());
        for (List<Record> list : records.values()) {
            for (Record r : list) {
                if (r instanceof NSECRecord nsec && r.getName().subdomain(soa.getName())
                        && (nxdomain ? covers(nsec, qname) || covers(nsec, wildcard)
                                : nsec.getName().equals(qname))) {
                    response.addRecord(nsec, Section.AUTHORITY);
                    addSignatures(response, nsec.getName(), List.of(nsec), Section.AUTHORITY);
                }
            }
        }
    }

    private void addSignatures(Message response, Name name, List<Record> covered, int section) {
        for (Record r : records.getOrDefault(name, List.of())) {
            if (r instanceof RRSIGRecord sig
                    && covered.stream().anyMatch(c -> c.getType() == sig.getTypeCovered())) {
                response.addRecord(sig, section);
            }
        }
    }

    /** Canonical-order coverage; the last NSEC of a zone wraps around to the apex. */
    private static boolean covers(NSECRecord nsec, Name name) {
        Name owner = nsec.getName();
        Name next = nsec.getNext();
        if (owner.compareTo(next) < 0) {
            return owner.compareTo(name) < 0 && name.compareTo(next) < 0;
        }
        return owner.compareTo(name) < 0 || name.compareTo(next) < 0;
    }

    private static Name wildcardOf(Name apex) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), apex);
        } catch (IOException tooLong) {
            return apex;
        }
    }

    private SOARecord closestSoa(Name qname) {
        for (int removed = 0; removed < qname.labels(); removed++) {
            Name candidate = new Name(qname, removed);
            for (Record r : records.getOrDefault(candidate, List.of())) {
                if (r instanceof SOARecord soa) {
                    return soa;
                }
            }
        }
        return null;
    }

    static Record parse(String zoneLine) {
        try (Master master = new Master(
                new ByteArrayInputStream(zoneLine.getBytes(StandardCharsets.UTF_8)), Name.root, 3600)) {
            Record r = master.nextRecord();
            if (r == null) {
                throw new IllegalArgumentException("no record in: " + zoneLine);
            }
            return r;
        } catch (IOException e) {
            throw new IllegalArgumentException("bad zone line: " + zoneLine, e);
        }
    }

    static Name name(String name) {
        try {
            return Name.fromString(name.toLowerCase(Locale.ROOT).endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name: " + name, e);
        }
    }
}
