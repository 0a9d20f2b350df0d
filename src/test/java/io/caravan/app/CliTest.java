package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's shape: `caravan drain` and `caravan undrain` are the queue tool's, at the top. */
class CliTest {

    @Test
    void drainAndUndrainAreTopLevelCommandsToo() {
        CommandLine cli = new CommandLine(new Cli());
        assertTrue(cli.getSubcommands().keySet().containsAll(java.util.List.of("drain", "undrain", "queue")),
                cli.getSubcommands().keySet().toString());
        assertTrue(cli.getSubcommands().get("queue").getSubcommands().containsKey("drain"));
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("drain", "--help"));
        assertTrue(out.toString().contains("Usage: caravan drain") && out.toString().contains("--user"), out.toString());
    }
}
