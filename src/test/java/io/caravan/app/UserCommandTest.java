package io.caravan.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.console.ConsoleRole;
import io.caravan.console.ConsoleUsers;
import io.caravan.ingress.auth.UserStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan user add} writes entries the gateway's own readers accept, readable by their owner only. */
class UserCommandTest {

    @TempDir
    Path dir;

    @Test
    void addsAConsoleUserAndReplacesTheirEntryLater() throws Exception {
        assertEquals(0, run("secret-1", "user", "add", "--console", "otto", "--role", "operator", "--password-stdin"));
        assertEquals(0, run("secret-2", "user", "add", "--console", "otto", "--role", "viewer", "--password-stdin"));
        Path file = dir.resolve(ConsoleUsers.FILE);
        assertEquals(1, Files.readAllLines(file).size());
        ConsoleUsers users = ConsoleUsers.load(file);
        assertEquals(Optional.of(ConsoleRole.VIEWER), users.login("otto", "secret-2"));
        assertEquals(Optional.empty(), users.login("otto", "secret-1"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void addsAnSmtpUserBesideTheCommentsOfTheShippedFile() throws Exception {
        Files.copy(Path.of("config/users"), dir.resolve("users"));
        List<String> shipped = Files.readAllLines(dir.resolve("users"));
        assertEquals(0, run("mail-pass", "user", "add", "--smtp", "alice@example.com", "--password-stdin"));
        List<String> lines = Files.readAllLines(dir.resolve("users"));
        assertEquals(shipped, lines.subList(0, shipped.size()));
        assertTrue(UserStore.load(dir.resolve("users")).verify("alice@example.com", "mail-pass"));
    }

    @Test
    void refusesAConsoleUserWithoutAKnownRole() throws Exception {
        assertEquals(2, run("p", "user", "add", "--console", "otto", "--password-stdin"));
        assertEquals(2, run("p", "user", "add", "--console", "otto", "--role", "admin", "--password-stdin"));
        assertEquals(2, run("p", "user", "add", "--smtp", "bob", "--role", "viewer", "--password-stdin"));
        assertEquals(2, run("", "user", "add", "--smtp", "bob", "--password-stdin"));
        assertTrue(Files.notExists(dir.resolve(ConsoleUsers.FILE)));
    }

    private int run(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            CommandLine cli = new CommandLine(new Cli());
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.setErr(new PrintWriter(new StringWriter()));
            String[] withConfig = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--config", dir.toString())).toArray(String[]::new);
            return cli.execute(withConfig);
        } finally {
            System.setIn(original);
        }
    }
}
