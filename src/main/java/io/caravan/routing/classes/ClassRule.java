package io.caravan.routing.classes;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One line of the class rules: a class and the conditions under which a message takes it. Every
 * condition given must hold; within a condition, any of the listed values will do. Addresses,
 * user names, domains and header values compare case-insensitively; a domain written with a
 * leading dot ({@code .example.com}) matches its subdomains only, as in the transport table.
 *
 * @param autoSubmitted null when not a condition; true to match messages carrying an
 *                      {@code Auto-Submitted} field other than "no" (RFC 3834), false for the rest
 */
public record ClassRule(
        String trafficClass,
        Set<String> senders,
        Set<String> senderDomains,
        Set<String> authUsers,
        Set<String> recipientDomains,
        Map<String, Set<String>> headerValues,
        Set<String> headersPresent,
        Boolean autoSubmitted) {

    public ClassRule {
        senders = lower(senders);
        senderDomains = lower(senderDomains);
        authUsers = lower(authUsers);
        recipientDomains = lower(recipientDomains);
        headersPresent = lower(headersPresent);
        headerValues = Map.copyOf(headerValues);
    }

    public boolean matches(ClassInput in) {
        String sender = in.sender().toLowerCase(Locale.ROOT);
        if (!senders.isEmpty() && !senders.contains(sender)) {
            return false;
        }
        if (!senderDomains.isEmpty() && !domainMatches(senderDomains, domainOf(sender))) {
            return false;
        }
        if (!authUsers.isEmpty() && (in.authUser() == null || !authUsers.contains(in.authUser().toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (!recipientDomains.isEmpty()
                && (in.recipientDomain() == null || !domainMatches(recipientDomains, in.recipientDomain()))) {
            return false;
        }
        for (Map.Entry<String, Set<String>> h : headerValues.entrySet()) {
            String value = in.headers().first(h.getKey()).orElse(null);
            if (value == null || !h.getValue().contains(value.strip().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        for (String name : headersPresent) {
            if (!in.headers().has(name)) {
                return false;
            }
        }
        return autoSubmitted == null || autoSubmitted == isAutoSubmitted(in.headers());
    }

    static boolean isAutoSubmitted(HeaderFields headers) {
        return headers.first("Auto-Submitted")
                .map(v -> !v.split(";", 2)[0].strip().equalsIgnoreCase("no"))
                .orElse(false);
    }

    static boolean domainMatches(Set<String> patterns, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (patterns.contains(d)) {
            return true;
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            if (patterns.contains(d.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    private static Set<String> lower(Set<String> values) {
        return Set.copyOf(values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList());
    }

    static List<String> conditionNames() {
        return List.of("sender", "sender-domain", "auth-user", "recipient-domain", "header", "header-present",
                "auto-submitted");
    }
}
