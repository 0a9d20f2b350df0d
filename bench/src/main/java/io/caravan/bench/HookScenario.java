package io.caravan.bench;

/**
 * Placeholder for a fault the harness cannot inject yet (broker stopped, disk almost full). It exists so the
 * scenario list is complete and the report says plainly that it was not done.
 */
record HookScenario(String name, String claim, String missing) implements Scenario {
    @Override
    public FaultResult run(Target target, CountingSink sink, FaultSpec spec) {
        return new FaultResult(name, target.name(), "not done", missing, new java.util.LinkedHashMap<>());
    }
}
