package org.multiprocessing4j.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of DESIGN.md §1, checked on the compiled classes: the API exposes no internal type,
 * the runtime packages do not reach up into the API, and packages form no cycles.
 */
class LayeringTest {

    private static final String API = "org.multiprocessing4j";
    private static final String INTERNAL = "org.multiprocessing4j.internal..";
    private static final Set<String> API_PACKAGES = Set.of(API, API + ".connection", API + ".sharedmemory",
            API + ".managers", API + ".futures");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(API);
    }

    @Test
    void theApiExposesNoInternalType() {
        classes().that().resideInAnyPackage(API_PACKAGES.toArray(String[]::new)).and().arePublic()
                .should(new ArchCondition<>("expose no internal type in a public or protected signature") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        Stream.concat(Stream.of(c.getRawSuperclass().orElse(null)), c.getRawInterfaces().stream())
                                .filter(t -> t != null && isInternal(t))
                                .forEach(t -> events.add(SimpleConditionEvent.violated(c, c.getName() + " extends " + t.getName())));
                        for (JavaMember m : c.getMembers()) {
                            if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                                continue;
                            }
                            if (m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                                continue;
                            }
                            signatureTypes(m).filter(LayeringTest::isInternal).forEach(t -> events.add(
                                    SimpleConditionEvent.violated(m, m.getFullName() + " names " + t.getName())));
                        }
                    }
                }).check(classes);
    }

    /** What a member's signature names: a field's type; parameters, return type and throws of a method. */
    private static Stream<JavaClass> signatureTypes(JavaMember m) {
        if (m instanceof com.tngtech.archunit.core.domain.JavaField f) {
            return Stream.of(f.getRawType());
        }
        if (m instanceof com.tngtech.archunit.core.domain.JavaCodeUnit u) {
            return Stream.concat(Stream.concat(Stream.of(u.getRawReturnType()), u.getRawParameterTypes().stream()),
                    u.getThrowsClause().getTypes().stream());
        }
        return Stream.empty();
    }

    private static boolean isInternal(JavaClass t) {
        return t.getPackageName().startsWith(API + ".internal");
    }

    /** DESIGN §1: the root package holds interfaces, exceptions and the entry points, nothing else. */
    @Test
    void theRootPackageHoldsInterfacesExceptionsAndTheEntryPoints() {
        Set<String> entryPoints = Set.of("Multiprocessing", "Context", "Process", "Pool", "Pipe", "Connection",
                "Sentinel", "ProgressBar");
        classes().that().resideInAPackage(API).and().areTopLevelClasses().and().doNotHaveSimpleName("package-info")
                .should(new ArchCondition<>("be an interface, an exception or an entry point " + entryPoints) {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (!c.isInterface() && !c.isAssignableTo(Throwable.class) && !entryPoints.contains(c.getSimpleName())) {
                            events.add(SimpleConditionEvent.violated(c, c.getName() + " is none of them: move it under internal"));
                        }
                    }
                }).check(classes);
    }

    @Test
    void theRuntimeDependsOnlyOnExceptionsAndFunctionalTypesOfTheApi() {
        DescribedPredicate<JavaClass> apiBeyondExceptions = new DescribedPredicate<>(
                "API types other than exceptions and the Serializable* functional interfaces") {
            @Override
            public boolean test(JavaClass t) {
                return API_PACKAGES.contains(t.getPackageName())
                        && !t.isAssignableTo(RuntimeException.class)
                        && !t.getSimpleName().startsWith("Serializable")
                        // a serialisable value the TLS layer reads; no behaviour of the API is reached through it
                        && !t.getFullName().equals(API + ".connection.TlsConfig");
            }
        };
        noClasses().that().resideInAnyPackage(API + ".internal.os..", API + ".internal.shm..", API + ".internal.sync..",
                        API + ".internal.ring..", API + ".internal.wire..", API + ".internal.spawn..",
                        API + ".internal.connection..")
                .should().dependOnClassesThat(apiBeyondExceptions)
                .check(classes);
    }

    /**
     * The internal packages form no cycles among themselves, nor do the API packages. (An API
     * package and the internal package that implements it depend on each other by design: the
     * API's factories make internal objects that implement the API's interfaces.)
     */
    @Test
    void packagesFormNoCycles() {
        slices().matching("org.multiprocessing4j.internal.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("org.multiprocessing4j.(*)").should().beFreeOfCycles()
                .ignoreDependency(JavaClass.Predicates.resideInAPackage(INTERNAL), DescribedPredicate.alwaysTrue())
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(INTERNAL))
                .check(classes);
    }
}
