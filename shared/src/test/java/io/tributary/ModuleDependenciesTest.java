package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The parser, the pattern miner and enrichment use only the JDK, Jackson and the shared core. */
class ModuleDependenciesTest {

  private static final JavaClasses SHARED = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.tributary");

  @Test
  void parsingPatternsAndEnrichmentUseOnlyTheJdkAndJackson() {
    classes().that().resideInAnyPackage("io.tributary.parse..", "io.tributary.pattern..", "io.tributary.process..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", "io.tributary..")
        .check(SHARED);
  }
}
