package io.caravan.queue;

import io.caravan.feedback.Suppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Jolokia requests of the queue tool's suppression commands, on io.caravan:type=Suppressions. */
public final class SuppressionOperations {

    /** The MBean's name; io.caravan.feedback.Suppressions registers it. */
    public static final String MBEAN = Suppressions.NAME;

    private SuppressionOperations() {
    }

    /** A read of the entries in force: a viewer may ask it. */
    public static Map<String, Object> entries() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "read");
        r.put("mbean", MBEAN);
        r.put("attribute", "Entries");
        return r;
    }

    public static Map<String, Object> suppress(String scope, String recipient, String expires, String note) {
        return exec("suppress", scope, recipient, expires, note);
    }

    public static Map<String, Object> unsuppress(String scope, String recipient) {
        return exec("unsuppress", scope, recipient);
    }

    private static Map<String, Object> exec(String operation, Object... arguments) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "exec");
        r.put("mbean", MBEAN);
        r.put("operation", operation);
        r.put("arguments", List.of(arguments));
        return r;
    }
}
