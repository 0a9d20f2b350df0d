package io.caravan.app;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;

/**
 * Where the operator's YAML routes come from, and how Camel may reload them.
 *
 * <p>The folder is {@code caravan.routes.dir}, relative to the config directory ({@code ../routes} by
 * default: the {@code routes/} beside {@code config/}). A folder the operator named that does not exist
 * stops the start; the default one may be absent.
 *
 * <p>Camel's live reload ({@code camel.main.routes-reload-enabled=true}) watches that folder. By default it
 * removes every route before loading the changed files again, which would stop Caravan's own routes (the
 * SMTP listeners, the stages) at every edit; Caravan has Camel replace only the routes of the changed file,
 * and refuses to start when the operator asks for the other behaviour.
 */
final class OperatorRoutes {

    static final String PATTERN = "*.camel.yaml";

    private OperatorRoutes() {
    }

    static void configure(Settings settings, MainConfigurationProperties camel) {
        Path dir = settings.path(Key.ROUTES_DIR);
        if (!Files.isDirectory(dir)) {
            if (settings.isGiven(Key.ROUTES_DIR)) {
                throw new ConfigException(Key.ROUTES_DIR.property() + "=" + settings.text(Key.ROUTES_DIR) + ": "
                        + dir + " is not a directory");
            }
            return;
        }
        camel.setRoutesIncludePattern("file:" + dir.toAbsolutePath() + "/" + PATTERN);
        Properties given = settings.camelProperties();
        if (!"true".equalsIgnoreCase(camelProperty(given, "routesReloadEnabled"))) {
            return;
        }
        if ("true".equalsIgnoreCase(camelProperty(given, "routesReloadRemoveAllRoutes"))) {
            throw new ConfigException("camel.main.routes-reload-remove-all-routes=true would stop Caravan's own "
                    + "routes (SMTP listeners, stages) at every edit of a route file; leave it unset");
        }
        camel.setRoutesReloadEnabled(true);
        camel.setRoutesReloadRemoveAllRoutes(false);
        camel.setRoutesReloadDirectory(dir.toAbsolutePath().toString());
        camel.setRoutesReloadPattern(PATTERN);
    }

    /** A {@code camel.main.*} option as the operator wrote it, in either Camel spelling (kebab or camel case). */
    private static String camelProperty(Properties given, String name) {
        for (String key : given.stringPropertyNames()) {
            if (key.startsWith("camel.main.") && key.substring(11).replace("-", "").toLowerCase(Locale.ROOT)
                    .equals(name.toLowerCase(Locale.ROOT))) {
                return given.getProperty(key).trim();
            }
        }
        return null;
    }
}
