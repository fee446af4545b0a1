package io.semaphore.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers point down only: {@code app} (the composition root) → {@code api} (HTTP) → the domain areas → the
 * core ({@code json}, {@code db}, {@code errors}, {@code config}, the runtime). Checked over the compiled classes
 * of the server (tests excluded), so an import that runs back up or closes a circle fails the build.
 */
class ArchitectureTest {
    private static final String[] DOMAIN = {"io.semaphore.auth..", "io.semaphore.backup..",
            "io.semaphore.environment..", "io.semaphore.event..", "io.semaphore.inventory..", "io.semaphore.key..",
            "io.semaphore.project..", "io.semaphore.repository..", "io.semaphore.task..", "io.semaphore.template..",
            "io.semaphore.user..", "io.semaphore.view.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.semaphore");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.semaphore.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCompositionRootUsesTheApi() {
        noClasses().that().resideOutsideOfPackages("io.semaphore.api..", "io.semaphore.app..")
                .should().dependOnClassesThat().resideInAPackage("io.semaphore.api..")
                .check(classes);
    }

    @Test
    void nothingReachesUpToTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("io.semaphore.app..")
                .should().dependOnClassesThat().resideInAPackage("io.semaphore.app..")
                .check(classes);
    }

    @Test
    void aTasksStateKnowsNothingOfHowItRunsOrIsLogged() {
        noClasses().that().resideInAPackage("io.semaphore.task.state..")
                .should().dependOnClassesThat().resideInAnyPackage("io.semaphore.task", "io.semaphore.task.run..",
                        "io.semaphore.task.log..")
                .check(classes);
        noClasses().that().resideInAPackage("io.semaphore.task.log..")
                .should().dependOnClassesThat().resideInAnyPackage("io.semaphore.task", "io.semaphore.task.run..")
                .check(classes);
        noClasses().that().resideInAPackage("io.semaphore.task.run..")
                .should().dependOnClassesThat().resideInAPackage("io.semaphore.task")
                .check(classes);
    }

    @Test
    void theCoreImportsNoDomain() {
        noClasses().that().resideInAnyPackage("io.semaphore.json..", "io.semaphore.db..", "io.semaphore.errors..")
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
                .check(classes);
    }
}
