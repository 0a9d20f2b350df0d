package io.caravan;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering of the main code (tests may reach across it), as docs/ARCHITECTURE.md draws it:
 *
 * <ul>
 *   <li>foundation: {@code message}, {@code config}, {@code smtp}, {@code jmx}, {@code rate} — what the stages share;
 *       they import no other package of ours but each other</li>
 *   <li>stages: {@code broker}, {@code ingress}, {@code routing}, {@code egress}, {@code bounce},
 *       {@code reputation}, {@code events}, {@code maillog} — may use each other, without cycles</li>
 *   <li>operations: {@code metrics}, {@code console}, {@code queue}, {@code health} — look at the stages</li>
 *   <li>app: {@code io.caravan} and {@code app} — wires everything; nobody imports it</li>
 * </ul>
 *
 * <p>A cycle between two top-level packages means neither can be understood, tested or moved without the
 * other; a rule broken here names the class and the line of the offending access.
 */
@AnalyzeClasses(packages = "io.caravan", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FOUNDATION = {
            "io.caravan.message..", "io.caravan.config..", "io.caravan.smtp..", "io.caravan.jmx..", "io.caravan.rate.."};
    private static final String[] STAGES = {
            "io.caravan.broker..", "io.caravan.ingress..", "io.caravan.routing..", "io.caravan.egress..",
            "io.caravan.bounce..", "io.caravan.reputation..", "io.caravan.events..", "io.caravan.maillog.."};
    private static final String[] OPERATIONS = {
            "io.caravan.metrics..", "io.caravan.console..", "io.caravan.queue..", "io.caravan.health.."};

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices().matching("io.caravan.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Foundation").definedBy(FOUNDATION)
            .layer("Stages").definedBy(STAGES)
            .layer("Operations").definedBy(OPERATIONS)
            .layer("App").definedBy("io.caravan", "io.caravan.app..")
            .whereLayer("Foundation").mayOnlyAccessLayers("Foundation")
            .whereLayer("Stages").mayOnlyBeAccessedByLayers("Operations", "App")
            .whereLayer("Operations").mayOnlyBeAccessedByLayers("App")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .ensureAllClassesAreContainedInArchitecture();

    /** Reputation judges replies and keeps state; which pool and source to use is egress's choice. */
    @ArchTest
    static final ArchRule reputationDoesNotKnowEgress = noClasses().that().resideInAPackage("io.caravan.reputation..")
            .should().dependOnClassesThat().resideInAPackage("io.caravan.egress..");

    /** Routing decides where mail goes by pool name; egress owns how it is sent. */
    @ArchTest
    static final ArchRule routingDoesNotKnowEgress = noClasses().that().resideInAPackage("io.caravan.routing..")
            .should().dependOnClassesThat().resideInAnyPackage("io.caravan.egress..", "io.caravan.ingress..");

    /** Ingress accepts and hands over; it does not reach into what happens after the queue. */
    @ArchTest
    static final ArchRule ingressDoesNotKnowEgress = noClasses().that().resideInAPackage("io.caravan.ingress..")
            .should().dependOnClassesThat().resideInAnyPackage("io.caravan.egress..", "io.caravan.bounce..");
}
