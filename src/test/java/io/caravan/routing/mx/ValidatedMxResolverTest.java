package io.caravan.routing.mx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.caravan.routing.SteppingClock;
import io.caravan.testing.LoopbackDnsServer;
import io.caravan.testing.SignedZone;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** MX resolution through dnsjava's validator, over the wire, from a signed zone and an unsigned one. */
class ValidatedMxResolverTest {

    private LoopbackDnsServer dns;
    private SignedZone zone;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
        zone = new SignedZone("signed.test.")
                .add("signed.test. 300 IN MX 10 mx.signed.test.")
                .add("mx.signed.test. 300 IN A 127.0.0.1")
                .add("outside.signed.test. 300 IN MX 10 mx.unsigned.example.")
                .add("forged.signed.test. 300 IN MX 10 mx.signed.test.")
                .add("badhost.signed.test. 300 IN MX 10 mx.badhost.signed.test.")
                .add("mx.badhost.signed.test. 300 IN A 127.0.0.1")
                .add("implicit.signed.test. 300 IN A 127.0.0.1")
                .add("nullmx.signed.test. 300 IN MX 0 .")
                .forge("forged.signed.test.", Type.MX)
                .forge("mx.badhost.signed.test.", Type.A)
                .publishTo(dns);
        dns.add("unsigned.example. 300 IN SOA ns.unsigned.example. hostmaster.unsigned.example. 1 3600 600 86400 60")
                .add("unsigned.example. 300 IN MX 10 mx.unsigned.example.")
                .add("mx.unsigned.example. 300 IN A 127.0.0.1");
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private MxResolver resolver() throws Exception {
        SimpleResolver head = new SimpleResolver(dns.address());
        head.setTimeout(Duration.ofSeconds(2));
        ValidatingResolver validator = new ValidatingResolver(head, Clock.systemUTC());
        validator.loadTrustAnchors(new ByteArrayInputStream(zone.trustAnchor().getBytes(StandardCharsets.US_ASCII)));
        MxResolverSettings settings = MxResolverSettings.defaults().withTimeout(Duration.ofSeconds(2), 0);
        return MxResolver.validating(validator, settings, SteppingClock.atEpochDay(), new Random(1));
    }

    @ParameterizedTest(name = "{0}: {1} {2}, first host {3}")
    @CsvSource({
            "signed.test,          Resolved,         SECURE,        SECURE",
            "outside.signed.test,  Resolved,         SECURE,        INSECURE",
            "implicit.signed.test, Resolved,         SECURE,        SECURE",
            "unsigned.example,     Resolved,         INSECURE,      INSECURE",
            "forged.signed.test,   TemporaryFailure, BOGUS,         -",
            "badhost.signed.test,  TemporaryFailure, BOGUS,         -",
            "nullmx.signed.test,   PermanentFailure, SECURE,        -",
            "gone.signed.test,     PermanentFailure, SECURE,        -",
    })
    void eachResultSaysWhatValidationMadeOfIt(String domain, String kind, Dnssec state, String host)
            throws Exception {
        MxResult result = resolver().resolve(domain);
        assertEquals(kind, result.getClass().getSimpleName(), result.toString());
        assertEquals(state, result.dnssec(), result.toString());
        if (result instanceof MxResult.Resolved r) {
            assertEquals(Dnssec.valueOf(host), r.hosts().get(0).dnssec(), result.toString());
        }
    }

    @ParameterizedTest(name = "[{0}] without MX lookup: {1}")
    @CsvSource({
            "mx.signed.test,      SECURE",
            "mx.unsigned.example, INSECURE",
            "127.0.0.1,           INSECURE",
    })
    void aHostGivenWithoutMxLookupIsAsSecureAsItsAddresses(String host, Dnssec state) throws Exception {
        MxResult.Resolved r = assertInstanceOf(MxResult.Resolved.class, resolver().resolveHost(host));
        assertEquals(state, r.dnssec());
        assertEquals(List.of(state), r.hosts().stream().map(MxHost::dnssec).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"signed.test", "forged.signed.test"})
    void aPlainResolverCallsNothingSecureEvenFromASignedZone(String domain) {
        MxResolverSettings settings = MxResolverSettings.defaults().withServers(List.of(dns.address()))
                .withTimeout(Duration.ofSeconds(2), 0);
        MxResult result = new MxResolver(settings, SteppingClock.atEpochDay(), new Random(1)).resolve(domain);
        assertEquals(Dnssec.INSECURE, result.dnssec(), result.toString());
    }
}
