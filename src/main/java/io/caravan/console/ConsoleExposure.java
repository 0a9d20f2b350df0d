package io.caravan.console;

import io.caravan.config.ConfigException;
import io.caravan.config.Key;
import io.caravan.config.Settings;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may reach the console (Hawtio and its Jolokia), decided before anything binds. The health and metrics
 * endpoints on the same port are open whatever this decides ({@link Console}).
 *
 * <ul>
 *   <li>With a login (the default), the console runs once {@code config/console-users} has a user; until
 *       then it stays off, with one line saying how to add one, rather than serving a login nobody can pass.
 *   </li>
 *   <li>Without a login it runs on loopback only: bound anywhere else it would give the mail queues and the
 *       JVM to whoever reaches the port, so the gateway refuses to start.</li>
 *   <li>It answers only requests addressed to one of its own names (the Host header): its bind address,
 *       {@code localhost} on loopback, every local address when bound to all of them, and the names in
 *       {@code caravan.console.hosts}. A page elsewhere cannot reach it through a name it controls (DNS
 *       rebinding).</li>
 * </ul>
 */
public record ConsoleExposure(String bind, boolean authentication, Set<String> hosts, List<String> extraOrigins) {

    /** The console as the settings allow it, or empty when it stays off; a setting that must not run throws. */
    public static Optional<ConsoleExposure> of(Settings settings) {
        if (!settings.flag(Key.CONSOLE_ENABLED)) {
            return Optional.empty();
        }
        String bind = bindAddress(settings);
        boolean authentication = settings.flag(Key.CONSOLE_AUTHENTICATION);
        InetAddress address = resolve(bind);
        if (!authentication && !address.isLoopbackAddress()) {
            throw new ConfigException("console: " + Key.CONSOLE_BIND.property() + "=" + bind
                    + " without a login would open the mail queues and the JVM to the network; set "
                    + Key.CONSOLE_AUTHENTICATION.property() + "=true (and add a user with 'java -jar caravan.jar "
                    + "user add --console NAME --role operator'), or bind 127.0.0.1");
        }
        if (authentication && ConsoleUsers.load(settings.configFile(ConsoleUsers.FILE)).isEmpty()) {
            return Optional.empty();
        }
        Set<String> hosts = new LinkedHashSet<>(names(address));
        hosts.addAll(list(settings.text(Key.CONSOLE_HOSTS)));
        return Optional.of(new ConsoleExposure(bind, authentication, Collections.unmodifiableSet(hosts),
                list(settings.text(Key.CONSOLE_ALLOWED_ORIGINS))));
    }

    /** Why the console is off when {@link #of} is empty with the console enabled. */
    public static String offReason(Settings settings) {
        return "console off: no users in " + settings.configFile(ConsoleUsers.FILE) + "; add one with "
                + "'java -jar caravan.jar user add --console NAME --role operator' and restart (health and "
                + "metrics are served on the console's port all the same)";
    }

    /** The management port's address, Hawtio or not. */
    public static String bindAddress(Settings settings) {
        return settings.text(Key.CONSOLE_BIND).trim();
    }

    private static Set<String> names(InetAddress address) {
        Set<String> names = new LinkedHashSet<>();
        if (address.isAnyLocalAddress()) {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        names.addAll(literal(a));
                    }
                }
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (SocketException | UnknownHostException e) {
                throw new ConfigException("console: cannot list this host's addresses: " + e.getMessage(), e);
            }
        } else {
            names.addAll(literal(address));
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            names.add("localhost");
        }
        return names;
    }

    private static List<String> literal(InetAddress address) {
        String text = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = text.indexOf('%');
            String bare = scope < 0 ? text : text.substring(0, scope);
            return List.of(bare, "[" + bare + "]");
        }
        return List.of(text);
    }

    private static InetAddress resolve(String bind) {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ConfigException("console: " + Key.CONSOLE_BIND.property() + "=" + bind
                    + " is not an address of this host", e);
        }
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
