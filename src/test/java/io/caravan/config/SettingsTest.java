package io.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @TempDir
    Path dir;

    private Settings load(String fileText, Map<String, String> env, Properties system) throws Exception {
        Files.writeString(dir.resolve(Settings.FILE_NAME), fileText);
        return Settings.load(dir, dir.resolve("data"), env, system);
    }

    @Test
    void defaultsApplyWhenNothingIsSet() throws Exception {
        Settings s = load("", Map.of(), new Properties());
        assertEquals("local", s.text(Key.NODE_REGION));
        assertEquals(Duration.ofSeconds(30), s.duration(Key.SHUTDOWN_TIMEOUT));
        assertEquals(4, s.integer(Key.ROUTING_CONSUMERS));
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsFile() throws Exception {
        Properties system = new Properties();
        system.setProperty("caravan.node.region", "from-system");
        Settings s = load("caravan.node.region = from-file\ncaravan.node.name = n1\ncaravan.routing.consumers=3\n",
                Map.of("CARAVAN_NODE_REGION", "from-env", "CARAVAN_ROUTING_CONSUMERS", "7"), system);
        assertEquals("from-system", s.text(Key.NODE_REGION));
        assertEquals(7, s.integer(Key.ROUTING_CONSUMERS));
        assertEquals("n1", s.nodeName());
    }

    @Test
    void unknownKeyInFileNamesKeyAndFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("caravan.node.regoin = typo\n", Map.of(), new Properties()));
        assertTrue(e.getMessage().contains("caravan.node.regoin"), e.getMessage());
        assertTrue(e.getMessage().contains(Settings.FILE_NAME), e.getMessage());
    }

    @Test
    void aMisspeltEnvironmentVariableIsNamedWithTheKeyItResembles() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("", Map.of("CARAVAN_NODE_REGOIN", "x"), new Properties()));
        assertTrue(e.getMessage().contains("CARAVAN_NODE_REGOIN"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean CARAVAN_NODE_REGION?"), e.getMessage());
    }

    @Test
    void kubernetesServiceVariablesAreIgnored() throws Exception {
        Settings s = load("", Map.of("CARAVAN_SERVICE_HOST", "10.0.0.7", "CARAVAN_PORT", "tcp://10.0.0.7:2525",
                "CARAVAN_PORT_2525_TCP_ADDR", "10.0.0.7", "CARAVAN_NODE_REGION", "eu"), new Properties());
        assertEquals("eu", s.text(Key.NODE_REGION));
    }

    @Test
    void malformedFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("caravan.node.region = \\uZZZZ\n", Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(Settings.FILE_NAME), e.getMessage());
    }

    @Test
    void missingConfigDirectoryIsNamed() {
        Path missing = dir.resolve("nowhere");
        ConfigException e = assertThrows(ConfigException.class,
                () -> Settings.load(missing, dir, Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "caravan.routing.consumers, zero, caravan.routing.consumers",
        "caravan.routing.consumers, 0, caravan.routing.consumers",
        "caravan.shutdown.timeout, soon, caravan.shutdown.timeout",
    })
    void badValueNamesTheKey(String key, String value, String named) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(key + " = " + value + "\n", Map.of(), new Properties()));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void camelKeysPassThroughAndCaravanKeysAreVisibleToRoutes() throws Exception {
        Settings s = load("camel.main.name = x\ncaravan.node.region = eu\n", Map.of(), new Properties());
        Properties camel = s.camelProperties();
        assertEquals("x", camel.getProperty("camel.main.name"));
        assertEquals("eu", camel.getProperty("caravan.node.region"));
        assertEquals("30s", camel.getProperty("caravan.shutdown.timeout"));
    }
}
