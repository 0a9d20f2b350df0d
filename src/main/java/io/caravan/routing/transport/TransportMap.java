package io.caravan.routing.transport;

import io.caravan.config.ConfigTable;
import io.caravan.config.TableSyntaxException;
import io.caravan.smtp.DomainName;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transport table: which transport and nexthop a recipient domain takes, in Postfix's
 * transport(5) syntax ({@code pattern transport:nexthop}). Lookup order is Postfix's: the exact
 * domain, then each parent written as {@code .parent} from the nearest up, then {@code *}; the
 * recipient domain is taken in its {@link DomainName} normal form, the one ingress used to accept
 * it, so a U-label or fullwidth spelling finds the entry of its A-label. A
 * domain that matches nothing goes to the MX of the recipient domain over {@code smtp}, as it
 * would with no table at all.
 *
 * <p>An entry with an empty nexthop ({@code smtp:}) means "the recipient domain", also when it
 * matched through a parent pattern: the table chooses the transport, the domain stays the
 * recipient's. Duplicate patterns and address patterns ({@code user@domain}) are rejected rather
 * than silently ignored, because a table that does not say what the operator meant is worse than
 * a refused reload.
 */
public final class TransportMap {

    public static final TransportMap EMPTY = new TransportMap(Map.of());

    private static final Transport DEFAULT = new Transport.Deliver("smtp", null, Transport.SMTP_PORT, true);
    private static final Pattern STATUS = Pattern.compile("([45])\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern HOST = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");
    private static final Pattern KEY = Pattern.compile("\\*|\\.?" + HOST.pattern());

    private final Map<String, Transport> entries;

    private TransportMap(Map<String, Transport> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** Parses a table; {@code source} names it in error messages (usually the file path). */
    public static TransportMap parse(String source, String text) {
        Map<String, Transport> entries = new HashMap<>();
        for (ConfigTable.Entry e : ConfigTable.entries(source, text)) {
            String key = e.key().toLowerCase(Locale.ROOT);
            if (key.contains("@")) {
                throw new TableSyntaxException(source, e.line(), "address patterns are not supported: " + e.key());
            }
            if (!KEY.matcher(key).matches()) {
                throw new TableSyntaxException(source, e.line(), "bad pattern: " + e.key());
            }
            key = stripDot(key);
            if (entries.containsKey(key)) {
                throw new TableSyntaxException(source, e.line(), "duplicate pattern: " + e.key());
            }
            entries.put(key, parseValue(source, e.line(), e.value()));
        }
        return new TransportMap(entries);
    }

    /**
     * The transport for a recipient domain, with an empty nexthop replaced by the domain. Never
     * empty: without a match the answer is {@code smtp:} to the domain's MX.
     */
    public Transport lookup(String recipientDomain) {
        String normal = DomainName.normalForm(recipientDomain);
        // ingress refuses such names; one that came another way is looked up as written, never as another name
        String domain = normal != null ? normal : stripDot(recipientDomain.toLowerCase(Locale.ROOT));
        Transport found = find(domain).orElse(DEFAULT);
        return found instanceof Transport.Deliver d ? d.forDomain(domain) : found;
    }

    /** The entry that matched, as written, or empty when none (not even {@code *}) did. */
    public Optional<Transport> find(String domain) {
        Transport exact = entries.get(domain);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            Transport parent = entries.get(domain.substring(dot));
            if (parent != null) {
                return Optional.of(parent);
            }
        }
        return Optional.ofNullable(entries.get("*"));
    }

    public int size() {
        return entries.size();
    }

    static Transport parseValue(String source, int line, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new TableSyntaxException(source, line, "expected transport:nexthop, got \"" + value + "\"");
        }
        String name = value.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String nexthop = value.substring(colon + 1).strip();
        return switch (name) {
            case "", "smtp", "relay" -> deliver(source, line, name.isEmpty() ? "smtp" : name, nexthop);
            case "error" -> status(source, line, nexthop, "5.0.0", "Delivery to this domain is not permitted");
            case "retry" -> status(source, line, nexthop, "4.0.0", "Delivery to this domain is postponed");
            case "discard" -> new Transport.Discard(nexthop.isEmpty() ? "discarded by the transport table" : nexthop);
            case "hold" -> new Transport.Hold(nexthop.isEmpty() ? "held by the transport table" : nexthop);
            default -> throw new TableSyntaxException(source, line, "unknown transport \"" + name
                    + "\" (known: smtp, relay, error, retry, discard, hold)");
        };
    }

    /**
     * A next hop as an operator's route names it, in the syntax of this table's values: {@code [host]:port},
     * {@code host:port} or {@code host} (an MX lookup of {@code host}), optionally after {@code smtp:} or
     * {@code relay:} (the default is {@code smtp}).
     *
     * @throws IllegalArgumentException when it is not one, saying why
     */
    public static Transport.Deliver nextHop(String value) {
        String hop = value.strip();
        String name = "smtp";
        int colon = hop.indexOf(':');
        if (colon > 0 && !hop.startsWith("[")) {
            String prefix = hop.substring(0, colon).toLowerCase(Locale.ROOT);
            if (prefix.equals("smtp") || prefix.equals("relay")) {
                name = prefix;
                hop = hop.substring(colon + 1).strip();
            }
        }
        if (hop.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        try {
            return (Transport.Deliver) deliver("next hop", 1, name, hop);
        } catch (TableSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^next hop:1: ", ""), e);
        }
    }

    private static Transport deliver(String source, int line, String name, String nexthop) {
        if (nexthop.isEmpty()) {
            return new Transport.Deliver(name, null, Transport.SMTP_PORT, true);
        }
        String host;
        String rest;
        boolean mxLookup;
        if (nexthop.startsWith("[")) {
            int close = nexthop.indexOf(']');
            if (close < 0) {
                throw new TableSyntaxException(source, line, "missing ] in nexthop " + nexthop);
            }
            host = nexthop.substring(1, close);
            if (host.regionMatches(true, 0, "ipv6:", 0, 5)) {
                host = host.substring(5);
            }
            rest = nexthop.substring(close + 1);
            mxLookup = false;
        } else {
            int colon = nexthop.indexOf(':');
            host = colon < 0 ? nexthop : nexthop.substring(0, colon);
            rest = colon < 0 ? "" : nexthop.substring(colon);
            mxLookup = true;
        }
        host = host.toLowerCase(Locale.ROOT);
        boolean literal = !mxLookup && host.matches("[0-9a-f:.]+") && (host.contains(":") || host.matches("[0-9.]+"));
        if (!literal && !HOST.matcher(host).matches()) {
            throw new TableSyntaxException(source, line, "bad host in nexthop " + nexthop);
        }
        int port = Transport.SMTP_PORT;
        if (!rest.isEmpty()) {
            if (!rest.matches(":\\d{1,5}")) {
                throw new TableSyntaxException(source, line, "bad port in nexthop " + nexthop);
            }
            port = Integer.parseInt(rest.substring(1));
            if (port < 1 || port > 65535) {
                throw new TableSyntaxException(source, line, "port out of range in nexthop " + nexthop);
            }
        }
        return new Transport.Deliver(name, stripDot(host), port, mxLookup);
    }

    private static Transport status(String source, int line, String nexthop, String defaultStatus, String defaultText) {
        String[] parts = nexthop.split("\\s+", 2);
        Matcher m = STATUS.matcher(parts[0]);
        String status = defaultStatus;
        String text = nexthop;
        if (m.matches()) {
            status = parts[0];
            text = parts.length > 1 ? parts[1] : "";
        }
        if (text.isBlank()) {
            text = defaultText;
        }
        if (defaultStatus.startsWith("4") && status.startsWith("5")) {
            throw new TableSyntaxException(source, line, "retry: needs a 4.x.y status, got " + status);
        }
        return status.startsWith("5") ? new Transport.Bounce(status, text) : new Transport.Defer(status, text);
    }

    private static String stripDot(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Every entry, for diagnostics. */
    public Map<String, Transport> entries() {
        return entries;
    }
}
