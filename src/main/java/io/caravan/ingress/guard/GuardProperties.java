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

    /** One property: its name without the prefix, its default as written in the docs, and what it means. */
    public record Key(String name, String defaultValue, String meaning) {
    }

    /** Every key this class reads. */
    public static final List<Key> KEYS = List.of(
            new Key("greet-delay", "0s", "banner delay; a client talking earlier is dropped (0 = off)"),
            new Key("max-connections-per-client", "10", "concurrent connections per client IP (0 = off)"),
            new Key("connection-rate-per-client", "60", "connections per client IP per rate-window"),
            new Key("max-connections", "1000", "concurrent connections on the listener"),
            new Key("message-rate-per-client", "300", "MAIL FROM per client IP per rate-window"),
            new Key("rate-window", "60s", "time unit of both rates"),
            new Key("ipv6-prefix-length", "64", "IPv6 clients are counted per prefix of this length"),
            new Key("min-free-disk", "1GiB", "below this free space on the data dir, 421/452 4.3.1"),
            new Key("dnsbl-config", "config/dnsbl.yaml", "DNSBL/DNSWL sites, threshold, allow list"));

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

    /** {@code 1073741824}, {@code 512MiB}, {@code 1GiB}, {@code 2GB}; K, M, G, T are binary units with or without the "iB". */
    public static long parseBytes(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT).replace(" ", "");
        value = value.endsWith("IB") ? value.substring(0, value.length() - 2)
                : value.endsWith("B") ? value.substring(0, value.length() - 1) : value;
        int shift = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String number = shift == 0 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(number) << shift;
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
