package io.urumi.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.Test;

/**
 * Keeps dependencies pointing one way: no package cycle at all, and the production code never reaches into the
 * development-only module. The core's imports of adapter libraries that exist today (Jdbi in the repositories, fabric8
 * in failure handling) are frozen in {@code src/test/resources/archunit-store} (ArchUnit's violation store): the build
 * fails on any new one, and the store shrinks by itself as old ones are moved out.
 */
class ArchitectureTest {
    /** The production module's classes: not the tests, not the development-only devcluster module. */
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .withImportOption(location -> !location.contains("/devcluster/target/"))
            .importPackages("io.urumi");

    /** Each package on its own, as {@code jdeps -verbose:package} sees them. */
    @Test
    void noPackageCycle() {
        slices().matching("io.urumi.(**)").should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void theCoreImportsNoNewAdapterLibrary() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.urumi.store..", "io.urumi.provision..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "com.marcnuri.helm..",
                        "io.javalin..", "org.jdbi..");
        FreezingArchRule.freeze(rule).check(PRODUCTION);
    }

    @Test
    void theProductionCodeNeverReachesIntoTheDevelopmentCluster() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.urumi.devcluster..").check(PRODUCTION);
    }
}
