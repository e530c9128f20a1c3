package dev.filesys.file;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.persistence.Entity;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The file-service's package rules, stated once. */
@AnalyzeClasses(packages = "dev.filesys.file", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final DescribedPredicate<JavaClass> WEB_ADAPTERS = DescribedPredicate.or(
                    annotatedWith(RestController.class),
                    assignableTo(WebMvcConfigurer.class),
                    assignableTo(HandlerMethodArgumentResolver.class))
            .as("web adapters (controllers, MVC configuration, argument resolvers)");

    @ArchTest
    static final ArchRule nothingDependsOnAController = noClasses()
            .should()
            .dependOnClassesThat()
            .areAnnotatedWith(RestController.class)
            .because("controllers are entry points, not building blocks")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule entitiesArePackagePrivate =
            classes().that().areAnnotatedWith(Entity.class).should().notBePublic();

    @ArchTest
    static final ArchRule repositoriesArePackagePrivate =
            classes().that().areAssignableTo(Repository.class).should().notBePublic();

    @ArchTest
    static final ArchRule accountsUseSessionsOnlyThroughItsApi = noClasses()
            .that()
            .resideInAPackage("..file.accounts..")
            .should()
            .dependOnClassesThat(are(resideInAPackage("..file.sessions..")).and(WEB_ADAPTERS));

    @ArchTest
    static final ArchRule sessionsKnowNothingOfAccounts = noClasses()
            .that()
            .resideInAPackage("..file.sessions..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..file.accounts..");

    @ArchTest
    static final ArchRule availabilityStandsAlone = noClasses()
            .that()
            .resideInAPackage("..file.availability..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.filesys.file.*..").and(not(resideInAPackage("..file.availability.."))))
            .because("the availability answer must not wait on any feature");

    @ArchTest
    static final ArchRule featuresKnowNothingOfTheBroadcast = noClasses()
            .that()
            .resideOutsideOfPackage("..file.events..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..file.events..")
            .because("features announce their changes as application events; the events package listens");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("dev.filesys.file.(*)..").should().beFreeOfCycles();
}
