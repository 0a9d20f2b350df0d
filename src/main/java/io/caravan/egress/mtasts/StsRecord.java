package io.caravan.egress.mtasts;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code _mta-sts.<domain>} TXT record (RFC 8461 §3.1): {@code v=STSv1; id=...}. Only its id matters to
 * a sender: a new id means the policy changed and must be fetched again.
 */
public final class StsRecord {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private StsRecord() {
    }

    /**
     * The policy id of the domain's TXT records (each one's strings already joined), or empty when they
     * announce no usable policy: records not starting with {@code v=STSv1} are someone else's; none, or more
     * than one, or a broken one, means no policy (RFC 8461 §3.1).
     */
    public static Optional<String> id(List<String> records) {
        List<String> ours = records.stream().filter(r -> r.startsWith("v=STSv1;") || r.equals("v=STSv1")).toList();
        if (ours.size() != 1) {
            return Optional.empty();
        }
        String id = null;
        String[] fields = ours.get(0).split(";");
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].trim();
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            if (field.substring(0, eq).equals("id")) {
                if (id != null) {
                    return Optional.empty();
                }
                id = field.substring(eq + 1);
            }
        }
        return id != null && ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }
}
