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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one management port: an embedded Jetty on {@code caravan.console.bind:caravan.console.port} that
 * serves the open endpoints (health, metrics) always, and the operator's console when it may run.
 *
 * <p>The console is Hawtio, in the gateway's own JVM, so it sees the Camel routes, the Artemis queues and
 * Caravan's MBeans through the platform MBean server. The Hawtio war travels inside the jar and is unpacked
 * into the data directory on start; it brings its own Jolokia, which is why no other Jolokia may be on the
 * class path. Who may reach it ({@link ConsoleExposure}): users of {@code config/console-users} after a
 * login, with the rights of their role ({@link ConsolePolicy}); requests must name the console by one of its
 * own host names (Jetty's virtual hosts), and a browser may call it only from the console's own pages or an
 * origin the operator named (Jolokia's strict origin checking, {@link JolokiaAccess}).
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

    /**
     * Starts the management port with the {@code open} endpoints, and Hawtio when {@code hawtio} is present
     * (the caller has checked it with {@link ConsoleExposure}).
     *
     * @param open handlers answered without a login and whatever the Host header: they carry no mail and no
     *             control, and a Prometheus scraper or a routing daemon's health check names the node by its
     *             address, which a virtual-host list could not foresee (a DNS-rebinding page gains nothing
     *             there that the network did not already give it)
     */
    public static Console start(Settings settings, Optional<ConsoleExposure> hawtio, List<ContextHandler> open) {
        String bind = ConsoleExposure.bindAddress(settings);
        int port = settings.integer(Key.CONSOLE_PORT);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        open.forEach(contexts::addHandler);
        ObjectName access = null;
        try {
            connector.open(); // bound before Hawtio starts, so the allowed origins name the real port
            if (hawtio.isPresent()) {
                access = ConsoleAccess.register(hawtio.get().authentication());
                contexts.addHandler(hawtio(settings, hawtio.get(), connector.getLocalPort()));
            }
            server.setHandler(contexts);
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            ConsoleAccess.unregister(access);
            throw new ConfigException("console: cannot start on " + bind + ":" + port + " ("
                    + Key.CONSOLE_PORT.property() + "): " + e.getMessage(), e);
        }
        if (hawtio.isPresent()) {
            LOG.info("console at http://{}:{}/hawtio ({})", bind, localPort(server),
                    hawtio.get().authentication() ? "login required, users in config/" + ConsoleUsers.FILE
                            : "no login: loopback only");
        }
        LOG.info("health and metrics at http://{}:{}/health/ready and /metrics (no login)", bind,
                localPort(server));
        return new Console(server, access);
    }

    /** Hawtio's web application, answering only requests that name one of the console's own hosts. */
    private static WebAppContext hawtio(Settings settings, ConsoleExposure exposure, int port) throws IOException {
        Path dir = settings.dataDir().resolve("console");
        Path war = unpackWar(dir);
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toString());
        hawtio.setTempDirectory(dir.resolve("work").toFile());
        hawtio.setVirtualHosts(new ArrayList<>(exposure.hosts()));
        // Caravan's front-end settings in place of the war's: its name, and no Connect page (the console
        // shows this JVM only, and the proxy that Connect needs is off), so a login lands on the Camel routes
        hawtio.addServlet(new ServletHolder(new HawtConfig()), HawtConfig.PATH);
        configureHawtio(settings, exposure, dir, port);
        return hawtio;
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

    /** Whether Hawtio runs on this port. */
    public boolean hawtio() {
        return access != null;
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
