package io.caravan.console;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.PrivateFiles;
import io.caravan.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console: Hawtio in an embedded Jetty, in the gateway's own JVM, so it sees the Camel routes,
 * the Artemis queues and Caravan's MBeans through the platform MBean server. The Hawtio war travels inside
 * the jar and is unpacked into the data directory on start; it brings its own Jolokia, which is why no
 * other Jolokia may be on the class path.
 *
 * <p>Who may reach it ({@link ConsoleExposure}): users of {@code config/console-users} after a login, with
 * the rights of their role ({@link ConsolePolicy}); requests must name the console by one of its own host
 * names (Jetty's virtual hosts), and a browser may call it only from the console's own pages or an origin
 * the operator named (Jolokia's strict origin checking, {@link JolokiaAccess}).
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final String WAR_RESOURCE = "/console/hawtio.war";
    static final String REALM = "caravan";

    private final Server server;
    private final ObjectName access;

    private Console(Server server, ObjectName access) {
        this.server = server;
        this.access = access;
    }

    /** Starts the console as {@code exposure} allows: the caller has checked it with {@link ConsoleExposure}. */
    public static Console start(Settings settings, ConsoleExposure exposure) {
        Path dir = settings.dataDir().resolve("console");
        Path war = unpackWar(dir);
        int port = settings.integer(Key.CONSOLE_PORT);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(exposure.bind());
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        hawtio.setTempDirectory(dir.resolve("work").toFile());
        hawtio.setVirtualHosts(new ArrayList<>(exposure.hosts()));
        server.setHandler(hawtio);
        ObjectName access = ConsoleAccess.register(exposure.authentication());
        try {
            connector.open(); // bound before Hawtio starts, so the allowed origins name the real port
            configureHawtio(settings, exposure, dir, connector.getLocalPort());
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            ConsoleAccess.unregister(access);
            throw new ConfigException("console: cannot start on " + exposure.bind() + ":" + port + " ("
                    + Key.CONSOLE_PORT.property() + "): " + e.getMessage(), e);
        }
        LOG.info("console at http://{}:{}/hawtio ({})", exposure.bind(), localPort(server),
                exposure.authentication() ? "login required, users in config/" + ConsoleUsers.FILE
                        : "no login: loopback only");
        return new Console(server, access);
    }

    /**
     * Hawtio and its Jolokia take their settings from system properties; this JVM runs one console at a
     * time, so they are set here, each start.
     */
    private static void configureHawtio(Settings settings, ConsoleExposure exposure, Path dir, int port)
            throws IOException {
        Set<String> origins = new LinkedHashSet<>();
        for (String host : exposure.hosts()) {
            // the Origin header names the console itself; without one (a browser's plain GET) Jolokia reads
            // the Referer, which is a page of it
            origins.add("http://" + host + ":" + port);
            origins.add("http://" + host + ":" + port + "/*");
        }
        origins.addAll(exposure.extraOrigins());
        Path policy = dir.resolve("jolokia-access.xml");
        Files.writeString(policy, JolokiaAccess.policy(origins), StandardCharsets.UTF_8);
        System.setProperty("jolokia.policyLocation", policy.toUri().toString());
        System.setProperty("jolokia.restrictorClass", "io.hawt.system.RBACRestrictor");
        System.setProperty("hawtio.authenticationEnabled", String.valueOf(exposure.authentication()));
        System.setProperty("hawtio.realm", REALM);
        System.setProperty("hawtio.roles", ConsoleRole.VIEWER.label() + "," + ConsoleRole.OPERATOR.label());
        System.setProperty("hawtio.rolePrincipalClasses", RolePrincipal.class.getName());
        // a request without credentials hears 401, as HTTP says, not Hawtio's default 403
        System.setProperty("hawtio.noCredentials401", "true");
        // the proxy servlet would let a console user make the gateway open connections elsewhere
        System.setProperty("hawtio.disableProxy", "true");
        ConsoleRealm.install(REALM, settings.configFile(ConsoleUsers.FILE));
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
        return localPort(server);
    }

    private static int localPort(Server server) {
        return ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
        ConsoleAccess.unregister(access);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // the console holds no state worth a failed shutdown
        }
    }
}
