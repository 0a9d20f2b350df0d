package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code caravan rules check|test} on the shipped config/ and on a broken rule file. */
class RulesCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run run(Path config, String... args) {
        CommandLine cli = new CommandLine(new Cli());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = Stream.concat(Stream.of(args), Stream.of("--config", config.toString())).toArray(String[]::new);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", value = {
        "421 4.7.28 [192.0.2.1] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp | gmail | gmail-ip-rate-limit (provider layer) | suspended for gmail for 1h",
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org | acme | generic-dnsbl-listed (generic layer) | tried again at once from another source",
        "451 4.7.1 Your mail from 192.0.2.1 was refused | acme | generic-source-address-deferred (generic layer) | suspended for unknown",
        "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown | acme | generic-unknown-user (generic layer) | bounced to its sender",
        "451 4.3.5 Server configuration problem | acme | none (fallback-4xx) | No rule knows this reply",
    })
    void testSaysWhichRuleReadsAReplyAndWhatItDoes(String reply, String provider, String rule, String what) {
        Run r = provider.equals("acme") ? run(Path.of("config"), "rules", "test", reply, "--source", "192.0.2.1")
                : run(Path.of("config"), "rules", "test", reply, "--provider", provider, "--source", "192.0.2.1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("rule:     " + rule), r.out());
        assertTrue(r.out().contains(what), r.out());
    }

    @Test
    void theProviderCanComeFromTheMxHost() {
        Run r = run(Path.of("config"), "rules", "test",
                "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user"
                        + " complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
                "--mx", "mta5.am0.yahoodns.net");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("provider: yahoo") && r.out().contains("yahoo-tss04-deferred"), r.out());
    }

    @Test
    void badInputIsAClearError() {
        assertEquals(2, run(Path.of("config"), "rules", "test", "hello").exit());
        assertEquals(2, run(Path.of("config"), "rules", "test", "250 2.0.0 ok").exit());
        Run unknown = run(Path.of("config"), "rules", "test", "421 busy", "--provider", "nosuch");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no provider 'nosuch'"), unknown.err());
    }

    @Test
    void checkPassesTheShippedFileAndNamesTheProblemsOfABrokenOne() throws IOException {
        Run ok = run(Path.of("config"), "rules", "check");
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("generic): ok"), ok.out());

        for (String f : new String[] {"providers.yaml", "caravan.properties"}) {
            Files.copy(Path.of("config", f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("responses.yaml"), """
                rules:
                  - name: generic-too-early
                    match: {code: "421", text: "(unclosed"}
                    scope: recipient
                    actions: [suspend, shift]
                    duration: 2h
                  - name: acme-late
                    match: {providers: [nosuch], code: "550"}
                    scope: source_ip
                    actions: [bounce]
                """);
        Run bad = run(dir, "rules", "check");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("bad regex") && bad.err().contains("not about the source")
                && bad.err().contains("must not bounce"), bad.err());
    }
}
