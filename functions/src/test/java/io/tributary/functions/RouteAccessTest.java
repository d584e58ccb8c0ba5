package io.tributary.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import io.tributary.auth.Role;
import io.tributary.functions.deploy.FunctionAppLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The access table covers every function of the app, and agrees with each function's trigger. */
class RouteAccessTest {

  /** Every {@code @FunctionName} of the app, and whether it has an HTTP trigger. */
  private static Map<String, Boolean> functions() throws Exception {
    Path classes = Path.of(FunctionApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, Boolean> out = new TreeMap<>();
    for (Class<?> c : FunctionAppLayout.functionClasses(classes)) {
      for (Method m : c.getMethods()) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn == null) {
          continue;
        }
        boolean http = false;
        for (Parameter p : m.getParameters()) {
          HttpTrigger t = p.getAnnotation(HttpTrigger.class);
          if (t != null) {
            http = true;
            // Access is decided by the table and checked by the code, never by Functions keys.
            assertEquals(AuthorizationLevel.ANONYMOUS, t.authLevel(), fn.value());
          }
        }
        out.put(fn.value(), http);
      }
    }
    return out;
  }

  @Test
  void everyFunctionOfTheAppIsInTheTableAndNothingElse() throws Exception {
    Map<String, Boolean> functions = functions();
    assertTrue(functions.size() >= 4, functions.toString());
    for (String name : functions.keySet()) {
      RouteAccess.of(name);
    }
    assertEquals(functions.keySet(), RouteAccess.all().keySet());
  }

  @Test
  void httpFunctionsAreReachableOverHttpAndTriggeredOnesAreNot() throws Exception {
    functions().forEach((name, http) -> assertEquals(!http, RouteAccess.of(name).kind() == Access.Kind.TRIGGER,
        name + (http ? " has an HTTP trigger" : " has no HTTP trigger")));
  }

  @Test
  void healthIsPublicIngestNeedsLogsWriteAndQueryLogsRead() {
    assertEquals(Access.anyone(), RouteAccess.of("Health"));
    assertEquals(Access.anyone(), RouteAccess.of("OpenApi"));
    assertEquals(Access.tokenWith(Role.LOGS_WRITE), RouteAccess.of("Ingest"));
    assertEquals(Access.tokenWith(Role.LOGS_READ), RouteAccess.of("Query"));
    assertEquals(Access.tokenWith(Role.LOGS_READ), RouteAccess.of("Aggregate"));
    assertEquals(Access.triggerOnly(), RouteAccess.of("Process"));
    assertEquals(Access.triggerOnly(), RouteAccess.of("Index"));
  }

  @Test
  void aFunctionMissingFromTheTableIsAnErrorNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RouteAccess.of("Rewind"));
    assertTrue(e.getMessage().contains("Rewind"), e.getMessage());
  }
}
