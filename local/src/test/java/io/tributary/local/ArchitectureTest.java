package io.tributary.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module boundaries of DESIGN §2, checked over every module's classes. */
class ArchitectureTest {

  private final JavaClasses classes = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("io.tributary");

  @Test
  void sharedUsesNoAzureFunctionsLuceneOrHttpServer() {
    noClasses().that().resideOutsideOfPackages("io.tributary.functions..", "io.tributary.local..")
        .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "com.microsoft.azure.functions..",
            "org.apache.lucene..", "io.netty..")
        .check(classes);
  }

  @Test
  void functionsDoNotReachIntoTheLocalRuntime() {
    noClasses().that().resideInAPackage("io.tributary.functions..")
        .should().dependOnClassesThat().resideInAnyPackage("io.tributary.local..", "org.apache.lucene..", "io.netty..")
        .check(classes);
  }
}
