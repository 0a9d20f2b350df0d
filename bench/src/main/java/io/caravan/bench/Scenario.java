package io.caravan.bench;

/** A scripted fault applied to a target under load, judged by counting every bench id at the sink. */
interface Scenario {
    String name();

    /** One line on what the scenario proves. */
    String claim();

    FaultResult run(Target target, CountingSink sink, FaultSpec spec) throws Exception;
}
