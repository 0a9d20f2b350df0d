package io.caravan.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** field.md: a table per connection mode with Postfix, Caravan, their ratio and the ceiling, and Postfix's settings. */
class FieldReportTest {

    private static FieldResult r(String system, String mode, long delivered, double ingressS, double e2eS, Double cpu,
                                 Double rss) {
        return FieldResult.of(system, mode, delivered == 1000 ? "" : "smtp-sink counted " + delivered + " of 1000 accepted",
                1000, 1000, delivered, ingressS, e2eS, rss, rss, cpu);
    }

    @Test
    void eachModeHasItsTableAndTheRatiosAreCaravanOverPostfix() {
        List<FieldResult> results = List.of(
                r("ceiling", "reused", 1000, 0.5, 0.5, null, null),
                r("ceiling", "new", 1000, 1.0, 1.0, null, null),
                r("postfix", "reused", 1000, 4.0, 5.0, 2.0, 40.0),
                r("postfix", "new", 1000, 5.0, 8.0, 3.0, 50.0),
                r("caravan", "reused", 1000, 2.0, 2.5, 1.0, 400.0),
                FieldResult.notMeasured("caravan", "new", "no | jar"));
        RunInfo info = new RunInfo("2026-12-07T20:00:00Z", 2, "", 24_000, "JVM", "3.7.11", "quick", 1000, 20, 5120);
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("next hop", "smtp-sink -c 127.0.0.1:<port> 256");
        String md = FieldReport.markdown(new FieldReport.Setup("20261207-200000-field", info, 200,
                List.of("reused", "new"), commands, List.of("relayhost = [127.0.0.1]:2525")), results);

        assertTrue(md.startsWith("Run 20261207-200000-field (2026-12-07T20:00:00Z), mode quick:"), md);
        assertTrue(md.contains("### Connections reused (`smtp-source -d`)"), md);
        assertTrue(md.contains("| ingress msg/s | 250 | 500 | 2.00 | 2000 |"), md);
        assertTrue(md.contains("| end-to-end msg/s | 200 | 400 | 2.00 | 2000 |"), md);
        assertTrue(md.contains("| CPU ms/msg | 2.000 | 1.000 | 0.50 | n/a |"), md);
        assertTrue(md.contains("| peak RSS MiB | 40 | 400 | 10.00 | n/a |"), md);
        assertTrue(md.contains("### A new connection per message"), md);
        assertTrue(md.contains("| ingress msg/s | 200 | not measured |  | 1000 |"), md);
        assertTrue(md.contains("- caravan: not measured: no | jar"), md);
        assertTrue(md.contains("- next hop: `smtp-sink -c 127.0.0.1:<port> 256`"), md);
        assertTrue(md.contains("```\nrelayhost = [127.0.0.1]:2525\n```"), md);

        Map<String, Double> ratios = FieldReport.ratios(results);
        assertEquals(2.0, ratios.get("reused caravan/postfix ingress"), 1e-9);
        assertEquals(0.5, ratios.get("reused caravan/postfix CPU per message"), 1e-9);
        assertEquals(4, ratios.size(), ratios.toString());
    }

    @Test
    void aRunWithoutPostfixSaysSo() {
        RunInfo info = new RunInfo("2026-12-07T20:00:00Z", 2, "", 24_000, "JVM", "3.7.11", "quick", 1000, 20, 5120);
        String md = FieldReport.markdown(new FieldReport.Setup("x-field", info, 0, List.of("new"), Map.of(), List.of()),
                List.of(r("ceiling", "new", 990, 1.0, 1.0, null, null)));
        assertTrue(md.contains("| accepted | not run | not run |  | 1000 |"), md);
        assertTrue(md.contains("| delivered | not run | not run |  | 990 |"), md);
        assertTrue(md.contains("- ceiling: smtp-sink counted 990 of 1000 accepted"), md);
        assertTrue(md.contains("Postfix was not started in this run"), md);
    }
}
