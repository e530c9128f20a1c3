package dev.filesys.balancer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.filesys.balancer.authcodes.SigningKeys;
import dev.filesys.support.ApiException;
import org.springframework.web.bind.annotation.RestController;

/**
 * The balancer's package rules. The features layer up: {@code registry} and {@code clustertoken} at the bottom,
 * {@code polling} and {@code discovery} above the registry, {@code authcodes} on its own, {@code assignments} on top; {@code webapp} reads the registry only. Controllers are entry
 * points that nothing else uses; the top-level package (application, properties) knows no feature.
 */
@AnalyzeClasses(packages = "dev.filesys.balancer", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("dev.filesys.balancer.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingDependsOnAController = classes()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .onlyHaveDependentClassesThat()
            .haveNameMatching(".*Controller(\\$.*)?");

    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule domainFailuresArePackagePrivate = classes()
            .that()
            .areAssignableTo(ApiException.class)
            .should()
            .notBePublic()
            .because("a feature's failures reach clients through the one error path, not through other features");

    @ArchTest
    static final ArchRule theRegistryKnowsNoOtherFeature = noClasses()
            .that()
            .resideInAPackage("..balancer.registry..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..balancer.assignments..",
                    "..balancer.polling..",
                    "..balancer.authcodes..",
                    "..balancer.clustertoken..");

    @ArchTest
    static final ArchRule pollingKnowsOnlyTheRegistryAndTheToken = noClasses()
            .that()
            .resideInAPackage("..balancer.polling..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..balancer.assignments..", "..balancer.authcodes..");

    @ArchTest
    static final ArchRule discoveryKnowsOnlyTheRegistry = noClasses()
            .that()
            .resideInAPackage("..balancer.discovery..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..balancer.assignments..",
                    "..balancer.polling..",
                    "..balancer.authcodes..",
                    "..balancer.clustertoken..");

    @ArchTest
    static final ArchRule nothingDependsOnDiscovery = noClasses()
            .that()
            .resideOutsideOfPackage("..balancer.discovery..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..balancer.discovery..");

    @ArchTest
    static final ArchRule signingStandsAlone = noClasses()
            .that()
            .resideInAnyPackage("..balancer.authcodes..", "..balancer.clustertoken..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..balancer.registry..", "..balancer.polling..", "..balancer.assignments..");

    @ArchTest
    static final ArchRule nothingDependsOnAssignments = noClasses()
            .that()
            .resideOutsideOfPackage("..balancer.assignments..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..balancer.assignments..");

    @ArchTest
    static final ArchRule theWebAppKnowsOnlyTheRegistry = noClasses()
            .that()
            .resideInAPackage("..balancer.webapp..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "..balancer.assignments..",
                    "..balancer.polling..",
                    "..balancer.authcodes..",
                    "..balancer.clustertoken..",
                    "..balancer.discovery..");

    @ArchTest
    static final ArchRule theTopLevelKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("dev.filesys.balancer")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.filesys.balancer.(*)..");

    @ArchTest
    static final ArchRule onlyTheKeyToolPrintsToTheConsole =
            noClasses().that().doNotBelongToAnyOf(SigningKeys.class).should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

    @ArchTest
    static final ArchRule noJavaUtilLogging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
