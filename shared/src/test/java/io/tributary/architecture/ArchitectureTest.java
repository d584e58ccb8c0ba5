package io.tributary.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shared core stays free of Azure, the Functions library and Lucene (DESIGN §2). */
class ArchitectureTest {

  private final JavaClasses core = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.tributary");

  @Test
  void sharedUsesNoAzureFunctionsOrLucene() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "com.azure..", "com.microsoft.azure.functions..", "org.apache.lucene..", "io.netty..")
        .check(core);
  }

  @Test
  void sharedKnowsNothingOfTheModulesAboveIt() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("io.tributary.functions..", "io.tributary.local..")
        .check(core);
  }
}
