package io.caravan.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The embedded broker alone at one offered rate: how long a persistent send waited for its confirmation and
 * how much CPU the broker's process spent per message, sends and consumers' commits together.
 */
record FloorResult(double rate, long messages, long failed, long consumed, double p50Ms, double p99Ms,
                   double maxMs, double cpuMsPerMessage, String journal, String note) {

    static FloorResult notMeasured(double rate, String why) {
        return new FloorResult(rate, 0, 0, 0, 0, 0, 0, 0, "", why);
    }

    boolean measured() {
        return note.isEmpty();
    }

    /** Reads BrokerFloor's result line: {@code floor messages=N failed=N consumed=N p50us=N ... journal=X}. */
    static FloorResult parse(double rate, String line) {
        Map<String, String> v = new HashMap<>();
        for (String field : line.substring(line.indexOf(' ') + 1).trim().split("\\s+")) {
            int eq = field.indexOf('=');
            v.put(field.substring(0, eq), field.substring(eq + 1));
        }
        long messages = Long.parseLong(v.get("messages"));
        return new FloorResult(rate, messages, Long.parseLong(v.get("failed")), Long.parseLong(v.get("consumed")),
                micros(v, "p50us"), micros(v, "p99us"), micros(v, "maxus"),
                messages == 0 ? 0 : Long.parseLong(v.get("cpuns")) / 1e6 / messages, v.get("journal"), "");
    }

    private static double micros(Map<String, String> v, String key) {
        return Long.parseLong(v.get(key)) / 1000.0;
    }
}
