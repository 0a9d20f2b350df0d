package io.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * dkimpy (Debian's python3-dkim), a DKIM verifier that is not Caravan's code, run on a message with its
 * keys asked of a {@link LoopbackDnsServer}; and the test side of keys: PEM files for dkim.yaml, TXT
 * records for the DNS server. Installs the package through apt-get when it is missing, as the README's
 * walk-through installs swaks.
 */
public final class Dkimpy {

    /** Debian's interpreter: the one Debian's python3-dkim is installed for. */
    private static final String PYTHON = "/usr/bin/python3";

    /** What the verifier said: its exit code (0: every signature passed) and one line per signature. */
    public record Result(int exit, String output) {
        public boolean passed() {
            return exit == 0;
        }
    }

    private Dkimpy() {
    }

    public static synchronized void install() throws IOException, InterruptedException {
        if (run(List.of(PYTHON, "-c", "import dkim, dns.resolver, nacl"), null).exit() == 0) {
            return;
        }
        Result r = run(List.of("bash", "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dkim"), null);
        if (r.exit() != 0) {
            throw new IOException("cannot install python3-dkim: " + r.output());
        }
    }

    /** Verifies every DKIM-Signature of {@code message}, the keys looked up at the DNS server on {@code dnsPort}. */
    public static Result verify(byte[] message, int dnsPort) throws IOException, InterruptedException {
        install();
        Path script = Files.createTempFile("dkim-verify", ".py");
        try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/verify.py")) {
            Files.write(script, in.readAllBytes());
            return run(List.of(PYTHON, script.toString(), Integer.toString(dnsPort)), message);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Writes a private key as PKCS#8 PEM, what {@code openssl genpkey} writes. */
    public static Path writePem(PrivateKey key, Path file) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    /** The TXT record that publishes {@code pair}'s public key at {@code selector._domainkey.domain}. */
    public static TXTRecord txt(String selector, String domain, KeyPair pair) throws IOException {
        PublicKey pub = pair.getPublic();
        String value;
        if (pub.getAlgorithm().equals("RSA")) {
            value = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pub.getEncoded());
        } else {
            byte[] der = pub.getEncoded(); // RFC 8463 publishes the raw 32 octets, the end of the SPKI
            value = "v=DKIM1; k=ed25519; p="
                    + Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            strings.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return new TXTRecord(Name.fromString(selector + "._domainkey." + domain + "."), DClass.IN, 300, strings);
    }

    private static Result run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
