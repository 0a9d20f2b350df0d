package io.caravan.console;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.PrivateFiles;
import io.caravan.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;

/**
 * The operator's console: Hawtio in an embedded Jetty, in the gateway's own
 * JVM, so it sees the Camel routes, the Artemis queues and Caravan's MBeans
 * through the platform MBean server. The Hawtio war travels inside the jar and
 * is unpacked into the data directory on first start; it brings its own
 * Jolokia, which is why no other Jolokia may be on the class path.
 */
public final class Console implements AutoCloseable {

    private static final String WAR_RESOURCE = "/console/hawtio.war";

    private final Server server;

    private Console(Server server) {
        this.server = server;
    }

    public static Console start(Settings settings) {
        System.setProperty("hawtio.authenticationEnabled",
                String.valueOf(settings.flag(Key.CONSOLE_AUTHENTICATION)));
        Path dir = settings.dataDir().resolve("console");
        Path war = unpackWar(dir);
        Server server = new Server(new InetSocketAddress(settings.text(Key.CONSOLE_BIND),
                settings.integer(Key.CONSOLE_PORT)));
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        hawtio.setTempDirectory(dir.resolve("work").toFile());
        server.setHandler(hawtio);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new ConfigException("console: cannot start on " + settings.text(Key.CONSOLE_BIND) + ":"
                    + settings.integer(Key.CONSOLE_PORT) + " (" + Key.CONSOLE_PORT.property() + "): "
                    + e.getMessage(), e);
        }
        return new Console(server);
    }

    private static Path unpackWar(Path dir) {
        Path war = dir.resolve("hawtio.war");
        try (InputStream in = Console.class.getResourceAsStream(WAR_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("console: " + WAR_RESOURCE + " is missing from the jar");
            }
            PrivateFiles.directory(dir);
            Files.copy(in, war, StandardCopyOption.REPLACE_EXISTING);
            return war;
        } catch (IOException e) {
            throw new ConfigException("console: cannot unpack Hawtio into " + dir + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((org.eclipse.jetty.server.NetworkConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the console holds no state worth a failed shutdown
        }
    }
}
