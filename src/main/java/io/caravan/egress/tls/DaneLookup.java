package io.caravan.egress.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Looks up {@code _<port>._tcp.<mx host>} TLSA records and validates them with dnsjava's DNSSEC
 * validator against the configured trust anchors (DS or DNSKEY lines in zone-file form; in
 * production the root KSK). The validator, not the upstream resolver's AD bit, decides.
 */
public final class DaneLookup {

    private final ValidatingResolver resolver;

    public DaneLookup(ValidatingResolver resolver) {
        this.resolver = resolver;
    }

    /** A validating resolver over one upstream server, trusting the given anchors. */
    public static DaneLookup over(InetSocketAddress upstream, String trustAnchors, Duration timeout, Clock clock) {
        return new DaneLookup(validator(upstream, trustAnchors, timeout, clock));
    }

    /**
     * The validating resolver itself, for the other questions of a dane delivery (MX, addresses):
     * one validator, one set of anchors, one key cache for all of them.
     */
    public static ValidatingResolver validator(InetSocketAddress upstream, String trustAnchors, Duration timeout,
                                               Clock clock) {
        SimpleResolver head = new SimpleResolver(upstream);
        head.setTimeout(timeout);
        head.setTCP(true);
        ValidatingResolver validating = new ValidatingResolver(head, clock);
        validating.setTimeout(timeout);
        try {
            validating.loadTrustAnchors(new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad DNSSEC trust anchors: " + e.getMessage(), e);
        }
        return validating;
    }

    public CompletionStage<TlsaAnswer> lookup(String mxHost, int port) {
        Name qname;
        try {
            String host = mxHost.endsWith(".") ? mxHost : mxHost + ".";
            qname = Name.fromString("_" + port + "._tcp." + host);
        } catch (TextParseException e) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new TlsaAnswer.Failed("bad MX host name " + mxHost));
        }
        Message query = Message.newQuery(Record.newRecord(qname, Type.TLSA, DClass.IN));
        return resolver.sendAsync(query).handle((response, error) -> {
            if (error != null) {
                return new TlsaAnswer.Failed("TLSA lookup for " + qname + " failed: " + error.getMessage());
            }
            return interpret(qname, response);
        });
    }

    static TlsaAnswer interpret(Name qname, Message response) {
        int rcode = response.getRcode();
        boolean secure = response.getHeader().getFlag(Flags.AD);
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new TlsaAnswer.Failed("TLSA lookup for " + qname + ": " + Rcode.string(rcode) + reason(response));
        }
        List<Tlsa> records = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TLSARecord t) {
                records.add(new Tlsa(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
                        t.getCertificateAssociationData()));
            }
        }
        if (!secure) {
            return new TlsaAnswer.Insecure();
        }
        return records.isEmpty() ? new TlsaAnswer.Denied() : new TlsaAnswer.Secure(records);
    }

    private static String reason(Message response) {
        StringBuilder out = new StringBuilder();
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r instanceof TXTRecord txt && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                out.append(" (").append(String.join(" ", txt.getStrings())).append(')');
            }
        }
        return out.toString();
    }
}
