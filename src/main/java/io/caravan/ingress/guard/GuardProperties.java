package io.caravan.ingress.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads {@link GuardSettings} from {@code caravan.smtp.guard.*} properties; a missing key keeps its default
 * from {@link GuardSettings#defaults()}. The DNSBL lists live in their own YAML file (see
 * {@link DnsblConfigFile}); when that file does not exist, DNSBL scoring stays off.
 */
public final class GuardProperties {

    public static final String PREFIX = "caravan.smtp.guard.";

    /** Every key this class reads, without the prefix, with its default as written in the docs. */
    public static final List<String[]> KEYS = List.of(
            new String[] {"greet-delay", "0s", "banner delay; a client talking earlier is dropped (0 = off)"},
            new String[] {"max-connections-per-client", "10", "concurrent connections per client IP (0 = off)"},
            new String[] {"connection-rate-per-client", "60", "connections per client IP per rate-window"},
            new String[] {"max-connections", "1000", "concurrent connections on the listener"},
            new String[] {"message-rate-per-client", "300", "MAIL FROM per client IP per rate-window"},
            new String[] {"rate-window", "60s", "time unit of both rates"},
            new String[] {"ipv6-prefix-length", "64", "IPv6 clients are counted per prefix of this length"},
            new String[] {"min-free-disk", "1GiB", "below this free space on the data dir, 421/452 4.3.1"},
            new String[] {"dnsbl-config", "config/dnsbl.yaml", "DNSBL/DNSWL sites, threshold, allow list"});

    private GuardProperties() {
    }

    public static GuardSettings read(Function<String, String> property) {
        GuardSettings d = GuardSettings.defaults();
        return new GuardSettings(
                duration(property, "greet-delay", d.greetDelay()),
                integer(property, "max-connections-per-client", d.maxConnectionsPerClient()),
                integer(property, "connection-rate-per-client", d.connectionRatePerClient()),
                integer(property, "max-connections", d.maxConnections()),
                integer(property, "message-rate-per-client", d.messageRatePerClient()),
                duration(property, "rate-window", d.rateWindow()),
                integer(property, "ipv6-prefix-length", d.ipv6PrefixLength()),
                bytes(property, "min-free-disk", d.minFreeDiskBytes()),
                dnsbl(value(property, "dnsbl-config", "config/dnsbl.yaml")));
    }

    /** {@code 1073741824}, {@code 512MiB}, {@code 1GiB}, {@code 2GB} (binary and decimal units alike: KiB/KB, …). */
    public static long parseBytes(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (String[] suffix : new String[][] {{"TIB", "TB", "T"}, {"GIB", "GB", "G"}, {"MIB", "MB", "M"},
                {"KIB", "KB", "K"}}) {
            for (String s : suffix) {
                if (value.endsWith(s)) {
                    value = value.substring(0, value.length() - s.length());
                    unit = switch (suffix[0]) {
                        case "TIB" -> 1L << 40;
                        case "GIB" -> 1L << 30;
                        case "MIB" -> 1L << 20;
                        default -> 1L << 10;
                    };
                    return Long.parseLong(value) * unit;
                }
            }
        }
        if (value.endsWith("B")) {
            value = value.substring(0, value.length() - 1);
        }
        return Long.parseLong(value) * unit;
    }

    private static DnsblSettings dnsbl(String file) {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return DnsblSettings.disabled();
        }
        try {
            return DnsblConfigFile.load(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static String value(Function<String, String> property, String key, String fallback) {
        String value = property.apply(PREFIX + key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int integer(Function<String, String> property, String key, int fallback) {
        return Integer.parseInt(value(property, key, String.valueOf(fallback)));
    }

    private static long bytes(Function<String, String> property, String key, long fallback) {
        return parseBytes(value(property, key, String.valueOf(fallback)));
    }

    private static java.time.Duration duration(Function<String, String> property, String key,
            java.time.Duration fallback) {
        String value = property.apply(PREFIX + key);
        return value == null || value.isBlank() ? fallback : DnsblConfigFile.parseDuration(value);
    }
}
