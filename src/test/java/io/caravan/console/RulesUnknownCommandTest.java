package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.app.Cli;
import io.caravan.app.Gateway;
import io.caravan.config.UserFile;
import io.caravan.ingress.auth.PasswordHasher;
import io.caravan.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan rules unknown} asks a running node's console, as a viewer, for its unmatched replies. */
class RulesUnknownCommandTest {

    @TempDir
    Path dir;

    @Test
    void aViewerGetsTheUnmatchedRepliesOfARunningNode() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestNode node = new TestNode(dir).set("caravan.console.enabled", true).set("caravan.console.port", port)
                .set("caravan.node.name", "rules-1");
        UserFile.put(node.config().resolve(ConsoleUsers.FILE), "vera", "viewer:" + PasswordHasher.hash("vera-pass", 1000));
        try (Gateway gateway = node.start()) {
            CommandLine cli = new CommandLine(new Cli());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            InputStream original = System.in;
            System.setIn(new ByteArrayInputStream("vera-pass\n".getBytes(StandardCharsets.UTF_8)));
            int exit;
            try {
                exit = cli.execute("rules", "unknown", "--config", node.config().toString(), "--user", "vera",
                        "--password-stdin");
            } finally {
                System.setIn(original);
            }
            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().contains("# no unmatched replies since start"), out.toString());
        }
    }
}
