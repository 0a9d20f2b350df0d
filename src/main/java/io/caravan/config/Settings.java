package io.caravan.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's resolved configuration. A value comes from, in order of
 * precedence: a system property, an environment variable
 * ({@code CARAVAN_SMTP_MX_PORT} for {@code caravan.smtp.mx.port}),
 * {@code caravan.properties} in the config directory, then the key's default.
 *
 * <p>Everything is checked once, at load: an unknown {@code caravan.*} key (a
 * typo that would otherwise be silently ignored), a value of the wrong form,
 * or an unreadable file stops the start with one line naming it. Keys outside
 * {@code caravan.*} (for example {@code camel.main.*}) pass through to Camel
 * Main, which checks its own.
 */
public final class Settings {

    public static final String FILE_NAME = "caravan.properties";
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    private final Path configDir;
    private final Set<Key> given;
    private final Path dataDir;
    private final Map<Key, Object> values;
    private final Map<String, String> raw;
    private final Properties passThrough;

    private Settings(Path configDir, Path dataDir, Map<Key, Object> values, Set<Key> given, Map<String, String> raw,
                     Properties passThrough) {
        this.configDir = configDir;
        this.dataDir = dataDir;
        this.values = values;
        this.given = given;
        this.raw = raw;
        this.passThrough = passThrough;
    }

    /** Loads from the process' own environment and system properties. */
    public static Settings load(Path configDir, Path dataDir) {
        return load(configDir, dataDir, System.getenv(), System.getProperties());
    }

    public static Settings load(Path configDir, Path dataDir, Map<String, String> env, Properties system) {
        if (!Files.isDirectory(configDir)) {
            throw new ConfigException(configDir + ": config directory not found");
        }
        Path file = configDir.resolve(FILE_NAME);
        Properties fromFile = readFile(file);
        Map<String, String> raw = new TreeMap<>();
        Properties passThrough = new Properties();
        collect(fromFile, file.toString(), raw, passThrough);
        collectEnvironment(env, raw);
        collect(system, "system property", raw, null);

        Map<Key, Object> values = new EnumMap<>(Key.class);
        Set<Key> given = EnumSet.noneOf(Key.class);
        for (Key key : Key.values()) {
            if (raw.containsKey(key.property())) {
                given.add(key);
            }
            String text = raw.getOrDefault(key.property(), key.defaultValue());
            raw.put(key.property(), text);
            try {
                values.put(key, key.type().parse(text));
            } catch (RuntimeException e) {
                throw new ConfigException(key.property() + ": " + e.getMessage());
            }
        }
        return new Settings(configDir, dataDir, values, given, raw, passThrough);
    }

    private static Properties readFile(Path file) {
        Properties props = new Properties();
        if (!Files.exists(file)) {
            return props;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return props;
    }

    private static void collect(Properties source, String origin, Map<String, String> raw, Properties passThrough) {
        for (String name : source.stringPropertyNames()) {
            if (name.startsWith("caravan.")) {
                if (Key.byProperty(name).isEmpty()) {
                    throw new ConfigException(origin + ": unknown key " + name + " (see docs/CONFIG.md)");
                }
                raw.put(name, source.getProperty(name).trim());
            } else if (passThrough != null) {
                passThrough.setProperty(name, source.getProperty(name));
            }
        }
    }

    private static void collectEnvironment(Map<String, String> env, Map<String, String> raw) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(EnvironmentNames.PREFIX)) {
                continue;
            }
            EnvironmentNames.Kind kind = EnvironmentNames.classify(e.getKey());
            if (kind instanceof EnvironmentNames.OfKey of) {
                raw.put(of.key().property(), e.getValue().trim());
            } else if (kind instanceof EnvironmentNames.Misspelt misspelt) {
                throw new ConfigException("environment: unknown variable " + e.getKey() + "; did you mean "
                        + misspelt.closest().environmentVariable() + "? (see docs/CONFIG.md)");
            } else {
                LOG.warn("environment: {} is not a Caravan setting; ignored", e.getKey());
            }
        }
    }

    public Path configDir() {
        return configDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the key was set (file, environment or system property) rather than left at its default. */
    public boolean isGiven(Key key) {
        return given.contains(key);
    }

    /** A path-valued key, relative to the config directory unless absolute. */
    public Path path(Key key) {
        return configDir.resolve(text(key)).normalize();
    }

    /** A file in the config directory. */
    public Path configFile(String name) {
        return configDir.resolve(name);
    }

    public String text(Key key) {
        return (String) values.get(key);
    }

    public int integer(Key key) {
        return (Integer) values.get(key);
    }

    public boolean flag(Key key) {
        return (Boolean) values.get(key);
    }

    public double decimal(Key key) {
        return (Double) values.get(key);
    }

    public Duration duration(Key key) {
        return (Duration) values.get(key);
    }

    public long size(Key key) {
        return (Long) values.get(key);
    }

    public String nodeName() {
        String name = text(Key.NODE_NAME);
        if (!name.isEmpty()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Our name in SMTP (banner, EHLO, Received, DSN Reporting-MTA): the configured one, else the node name. */
    public String smtpHostname() {
        String name = text(Key.SMTP_HOSTNAME);
        return name.isEmpty() ? nodeName() : name;
    }

    /**
     * What Camel Main gets as initial properties: the non-caravan keys of the
     * file, plus every caravan key as resolved, so routes (Java or YAML) can
     * write {@code {{caravan.node.region}}}.
     */
    public Properties camelProperties() {
        Properties out = new Properties();
        out.putAll(passThrough);
        raw.forEach(out::setProperty);
        return out;
    }
}
