package io.caravan.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.testing.PackagedGateway;
import io.caravan.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Five minutes to a first message", block by block as written there, with bash, in a directory
 * laid out like the checkout (the shipped config and target/caravan.jar): swaks sends, aiosmtpd receives,
 * and the console answers. The blocks use the default ports, as an operator following them would.
 */
class WalkthroughIT {

    private static final String SECTION = "## Five minutes to a first message";

    @TempDir
    Path dir;

    @Test
    void theReadmeWalkthroughDeliversTwoMessages() throws Exception {
        List<String> blocks = blocks(Files.readString(Path.of("README.md")));
        assertTrue(blocks.size() >= 6, "the walk-through's blocks: " + blocks);
        TestNode.copyTree(Path.of("config"), dir.resolve("config"));
        Files.createDirectories(dir.resolve("target"));
        Files.createSymbolicLink(dir.resolve("target/caravan.jar"), PackagedGateway.JAR);
        Path script = Files.writeString(dir.resolve("walkthrough.sh"),
                "set -euo pipefail\n" + String.join("\n", blocks) + "\n");

        // a session of its own, so the background jobs the blocks start can all be ended afterwards
        Process walk = new ProcessBuilder("setsid", "bash", script.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("walkthrough.out").toFile()).start();
        try {
            assertTrue(walk.waitFor(240, TimeUnit.SECONDS), "the walk-through did not end:\n" + logs());
            assertEquals(0, walk.exitValue(), logs());
            String out = Files.readString(dir.resolve("walkthrough.out"));
            assertEquals(2, out.lines().filter(l -> l.contains("status=sent")).count(), logs());
            assertTrue(out.contains("\"value\":2"), "the console counts two exchanges: " + logs());
            String received = Files.readString(dir.resolve("receiver.log"));
            assertTrue(received.contains("bob@example.test") && received.contains("carol@example.test"), received);
            awaitGatewayStopped();
        } finally {
            new ProcessBuilder("kill", "-KILL", "--", "-" + walk.pid()).start().waitFor();
        }
    }

    /** The kill at the end is SIGTERM: the gateway drains and says so before it exits. */
    private void awaitGatewayStopped() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("caravan.log")).contains("shutdown")) {
            assertTrue(System.nanoTime() < deadline, "the gateway did not stop:\n" + logs());
            Thread.sleep(200);
        }
        assertFalse(Files.readString(dir.resolve("caravan.log")).contains("OutOfMemoryError"), logs());
    }

    /** The {@code sh} blocks of the walk-through section, in order. */
    static List<String> blocks(String readme) {
        int start = readme.indexOf(SECTION);
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("```sh\n", at)) >= 0) {
            int close = section.indexOf("\n```", at);
            blocks.add(section.substring(at + 6, close));
            at = close + 4;
        }
        return blocks;
    }

    private String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : List.of("walkthrough.out", "caravan.log", "receiver.log")) {
            Path file = dir.resolve(name);
            all.append("--- ").append(name).append('\n').append(Files.exists(file) ? Files.readString(file) : "(none)")
                    .append('\n');
        }
        return all.toString();
    }
}
