package io.caravan.egress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.egress.tls.DaneMatcher.Verdict;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chains against TLSA records: every usage, selector and matching type SMTP DANE uses. */
class DaneMatcherTest {

    private static TestCertificates.Issued ca;
    private static TestCertificates.Issued leaf;
    private static TestCertificates.Issued otherCa;
    private static TestCertificates.Issued forgedLeaf;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Test CA");
        leaf = TestCertificates.issuedBy(ca, "mx.dest.test");
        otherCa = TestCertificates.ca("Test CA"); // same name, other key
        forgedLeaf = TestCertificates.issuedBy(otherCa, "mx.dest.test");
    }

    enum Part { LEAF, CA, OTHER }

    /** A TLSA record for a certificate of the fixture, computed the way a zone publisher would. */
    private static Tlsa record(int usage, int selector, int matching, Part part) throws Exception {
        X509Certificate cert = switch (part) {
            case LEAF -> leaf.certificate();
            case CA -> ca.certificate();
            case OTHER -> otherCa.certificate();
        };
        byte[] selected = selector == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
        byte[] data = switch (matching) {
            case 0 -> selected;
            case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
            case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
            default -> HexFormat.of().parseHex("00");
        };
        return new Tlsa(usage, selector, matching, data);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // usage, selector, matching, record for, host, chain, verdict
                Arguments.of(3, 1, 1, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.MATCH),
                Arguments.of(3, 0, 1, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.MATCH),
                Arguments.of(3, 1, 2, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.MATCH),
                Arguments.of(3, 0, 0, Part.LEAF, "mx.dest.test", "leaf", Verdict.MATCH),
                Arguments.of(3, 1, 0, Part.LEAF, "mx.dest.test", "leaf", Verdict.MATCH),
                // DANE-EE ignores names
                Arguments.of(3, 1, 1, Part.LEAF, "another.host.test", "leaf", Verdict.MATCH),
                Arguments.of(3, 1, 1, Part.CA, "mx.dest.test", "leaf+ca", Verdict.MISMATCH),
                Arguments.of(2, 1, 1, Part.CA, "mx.dest.test", "leaf+ca", Verdict.MATCH),
                Arguments.of(2, 0, 2, Part.CA, "mx.dest.test", "leaf+ca", Verdict.MATCH),
                Arguments.of(2, 0, 0, Part.CA, "MX.Dest.Test.", "leaf+ca", Verdict.MATCH),
                // DANE-TA checks the name and the signatures below the anchor
                Arguments.of(2, 1, 1, Part.CA, "another.host.test", "leaf+ca", Verdict.MISMATCH),
                Arguments.of(2, 1, 1, Part.CA, "mx.dest.test", "forged+ca", Verdict.MISMATCH),
                Arguments.of(2, 1, 1, Part.CA, "mx.dest.test", "leaf", Verdict.MISMATCH),
                Arguments.of(2, 1, 1, Part.OTHER, "mx.dest.test", "leaf+ca", Verdict.MISMATCH),
                Arguments.of(2, 1, 1, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.MISMATCH),
                // PKIX usages and unknown parameters are unusable for SMTP (RFC 7672 §3.1.3)
                Arguments.of(1, 1, 1, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.NO_USABLE_RECORDS),
                Arguments.of(0, 1, 1, Part.CA, "mx.dest.test", "leaf+ca", Verdict.NO_USABLE_RECORDS),
                Arguments.of(3, 2, 1, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.NO_USABLE_RECORDS),
                Arguments.of(3, 1, 3, Part.LEAF, "mx.dest.test", "leaf+ca", Verdict.NO_USABLE_RECORDS));
    }

    @ParameterizedTest(name = "{0} {1} {2} for {3}, host {4}, chain {5} -> {6}")
    @MethodSource("cases")
    void matches(int usage, int selector, int matching, Part part, String host, String chain, Verdict expected)
            throws Exception {
        List<X509Certificate> presented = switch (chain) {
            case "leaf+ca" -> List.of(leaf.certificate(), ca.certificate());
            case "forged+ca" -> List.of(forgedLeaf.certificate(), ca.certificate());
            default -> List.of(leaf.certificate());
        };
        assertEquals(expected, DaneMatcher.match(presented, List.of(record(usage, selector, matching, part)), host)
                .verdict());
    }

    static Stream<Arguments> sets() throws Exception {
        return Stream.of(
                Arguments.of("a stale record beside a good one", List.of(Tlsa.of(3, 1, 1, "00".repeat(32)),
                        record(3, 1, 1, Part.LEAF)), Verdict.MATCH),
                Arguments.of("only stale records", List.of(Tlsa.of(3, 1, 1, "00".repeat(32)),
                        Tlsa.of(2, 1, 1, "11".repeat(32))), Verdict.MISMATCH),
                Arguments.of("a PKIX record does not make a usable set", List.of(record(1, 1, 1, Part.LEAF),
                        Tlsa.of(3, 1, 1, "00".repeat(32))), Verdict.MISMATCH),
                Arguments.of("empty", List.of(), Verdict.NO_USABLE_RECORDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void anyUsableRecordSuffices(String name, List<Tlsa> records, Verdict expected) {
        assertEquals(expected, DaneMatcher.match(List.of(leaf.certificate(), ca.certificate()), records,
                "mx.dest.test").verdict());
    }
}
