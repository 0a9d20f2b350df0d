package io.caravan.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict of one fault scenario against one target: PASS / FAIL, "not run" when the target cannot take
 * the load yet, "not done" for scenarios that are only hooks; the counts behind the verdict are in facts.
 */
record FaultResult(String scenario, String target, String status, String summary, Map<String, Object> facts) {

    static FaultResult notRun(String scenario, String target, String why) {
        return new FaultResult(scenario, target, "not run", why, new LinkedHashMap<>());
    }
}
