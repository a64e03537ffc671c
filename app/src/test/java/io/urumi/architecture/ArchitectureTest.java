package io.urumi.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps dependencies pointing one way: no package cycle at all; the core (the store model and its operations, drift,
 * fleet upgrades) speaks to the database, the cluster and Helm only through its own interfaces, which the adapters in
 * {@code db.jdbi}, {@code cluster} and {@code release} implement; and the production code never reaches into
 * the development-only module.
 */
class ArchitectureTest {
    /** The production module's classes: not the tests, not the development-only devcluster module. */
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .withImportOption(location -> !location.contains("/devcluster/target/"))
            .importPackages("io.urumi");
    private static final String[] CORE = {"io.urumi.store..", "io.urumi.provision..", "io.urumi.drift..",
            "io.urumi.fleet.."};

    /** Each package on its own, as {@code jdeps -verbose:package} sees them. */
    @Test
    void noPackageCycle() {
        slices().matching("io.urumi.(**)").should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void theCoreImportsNoAdapterLibrary() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "com.marcnuri.helm..",
                        "io.javalin..", "org.jdbi..", "java.sql..")
                .check(PRODUCTION);
    }

    /**
     * Nor does it know the adapters: it is handed them as its own interfaces. The one exception is
     * {@code kube.ClusterAnswers}, which reads the cluster's answer behind a failure in the platform's own terms (a
     * status, whether the object already existed) so that the core never handles a fabric8 type.
     */
    @Test
    void theCoreKnowsNoAdapter() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.urumi.db..", "io.urumi.cluster..",
                        "io.urumi.release..", "io.urumi.web..", "io.urumi.ui..")
                .check(PRODUCTION);
    }

    @Test
    void theProductionCodeNeverReachesIntoTheDevelopmentCluster() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.urumi.devcluster..").check(PRODUCTION);
    }
}
