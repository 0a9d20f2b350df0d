package io.caravan.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.ConfigException;
import io.caravan.config.Settings;
import io.caravan.config.UserFile;
import io.caravan.ingress.auth.PasswordHasher;
import io.caravan.testing.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may reach the console, decided from the settings before anything binds. */
class ConsoleExposureTest {

    @TempDir
    Path dir;

    @Test
    void withALoginAndNoUserTheConsoleStaysOff() {
        TestNode node = console();
        assertTrue(ConsoleExposure.of(settings(node)).isEmpty());
        assertTrue(ConsoleExposure.offReason(settings(node)).contains("user add --console"));
    }

    @Test
    void withAUserItRunsOnItsOwnNamesOnly() {
        TestNode node = console().set("caravan.console.hosts", "ops.example.net, console.example.net")
                .set("caravan.console.allowed-origins", "https://grafana.example.net");
        UserFile.put(node.config().resolve(ConsoleUsers.FILE), "otto", "operator:" + PasswordHasher.hash("p", 1000));
        ConsoleExposure exposure = ConsoleExposure.of(settings(node)).orElseThrow();
        assertTrue(exposure.authentication());
        assertEquals(List.of("127.0.0.1", "localhost", "ops.example.net", "console.example.net"),
                List.copyOf(exposure.hosts()));
        assertEquals(List.of("https://grafana.example.net"), exposure.extraOrigins());
    }

    @Test
    void withoutALoginOnlyLoopbackIsAllowed() {
        TestNode local = console().set("caravan.console.authentication", false);
        assertFalse(ConsoleExposure.of(settings(local)).orElseThrow().authentication());

        TestNode open = console().set("caravan.console.authentication", false).set("caravan.console.bind", "0.0.0.0");
        ConfigException refused = assertThrows(ConfigException.class, () -> ConsoleExposure.of(settings(open)));
        assertTrue(refused.getMessage().contains("caravan.console.authentication=true"), refused.getMessage());
    }

    @Test
    void allAddressesMeanEveryLocalName() {
        TestNode node = console().set("caravan.console.bind", "0.0.0.0");
        UserFile.put(node.config().resolve(ConsoleUsers.FILE), "vera", "viewer:" + PasswordHasher.hash("p", 1000));
        ConsoleExposure exposure = ConsoleExposure.of(settings(node)).orElseThrow();
        assertTrue(exposure.hosts().contains("127.0.0.1"), exposure.hosts().toString());
        assertTrue(exposure.hosts().contains("localhost"), exposure.hosts().toString());
    }

    private TestNode console() {
        return new TestNode(dir.resolve(String.valueOf(System.nanoTime()))).set("caravan.console.enabled", true);
    }

    private static Settings settings(TestNode node) {
        return Settings.load(node.config(), node.data());
    }
}
