package io.tributary.functions.deploy;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.CosmosDBTrigger;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FixedDelayRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import io.tributary.functions.Access;
import io.tributary.functions.RouteAccess;
import io.tributary.functions.RouteDocs;
import io.tributary.json.Json;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the Azure Functions layout of the app, as the Functions host reads it and as zip deploy
 * takes it, from the function classes' own annotations (the azure-functions-maven-plugin does
 * not resolve here, DESIGN §11):
 * <pre>
 * tributary/host.json
 * tributary/tributary-functions-&lt;version&gt;.jar
 * tributary/lib/…                    (runtime dependencies, copied by the build)
 * tributary/&lt;FunctionName&gt;/function.json   scriptFile, entryPoint, bindings, retry
 * </pre>
 * It knows the bindings the app uses (HTTP trigger with its {@code $return} output, Event Hubs
 * trigger, Cosmos DB trigger in the names of extension 4.x, timer trigger, the Durable Functions
 * {@code orchestrationTrigger}, {@code activityTrigger} and {@code durableClient} — whose return
 * value the worker passes back without a {@code $return} binding — retry policies) and fails on any other binding annotation rather than leave it out. It
 * also fails for a function without an entry in {@link RouteAccess} (or whose entry disagrees with
 * its trigger), and for an HTTP function without {@link RouteDocs} for each of its methods: what
 * is deployed is what the access table and the OpenAPI document describe.
 *
 * <p>Run by the build at {@code package}: {@code FunctionAppLayout <classes dir> <jar> <host.json> <out dir>}.
 */
public final class FunctionAppLayout {

  /** The package whose public classes hold the functions, as the local host scans it too. */
  public static final String FUNCTIONS_PACKAGE = "io.tributary.functions";

  private FunctionAppLayout() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: FunctionAppLayout <classes dir> <jar> <host.json> <out dir>");
    }
    Path classes = Path.of(args[0]);
    Path jar = Path.of(args[1]);
    Path out = Path.of(args[3]);
    Files.createDirectories(out);
    Files.copy(jar, out.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of(args[2]), out.resolve("host.json"), StandardCopyOption.REPLACE_EXISTING);
    Map<String, ObjectNode> functions = describe(functionClasses(classes), jar.getFileName().toString());
    write(functions, out);
    System.out.println("wrote " + functions.size() + " functions to " + out + ": " + functions.keySet());
  }

  /** The public classes of {@link #FUNCTIONS_PACKAGE} (not its sub-packages) in a classes folder or jar. */
  public static java.util.List<Class<?>> functionClasses(Path classes) throws IOException {
    java.util.List<String> names = new ArrayList<>();
    String dirName = FUNCTIONS_PACKAGE.replace('.', '/');
    if (Files.isDirectory(classes)) {
      try (Stream<Path> s = Files.list(classes.resolve(dirName))) {
        s.map(p -> p.getFileName().toString()).forEach(names::add);
      }
    } else {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(classes.toFile())) {
        jar.stream().map(java.util.jar.JarEntry::getName)
            .filter(n -> n.startsWith(dirName + "/") && n.indexOf('/', dirName.length() + 1) < 0)
            .map(n -> n.substring(dirName.length() + 1)).forEach(names::add);
      }
    }
    java.util.List<Class<?>> out = new ArrayList<>();
    for (String n : names.stream().sorted().toList()) {
      if (n.endsWith(".class") && !n.contains("$")) {
        Class<?> c;
        try {
          c = Class.forName(FUNCTIONS_PACKAGE + "." + n.substring(0, n.length() - 6), false,
              FunctionAppLayout.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IOException("cannot load " + n + " of " + classes, e);
        }
        if (Modifier.isPublic(c.getModifiers())) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** The function classes this class was loaded with (its own classes folder or jar). */
  public static java.util.List<Class<?>> functionClasses() throws IOException {
    try {
      return functionClasses(Path.of(FunctionAppLayout.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (java.net.URISyntaxException e) {
      throw new IOException("cannot locate the classes of " + FunctionAppLayout.class, e);
    }
  }

  /** function.json of every {@code @FunctionName} method of {@code classes}, by function name. */
  public static Map<String, ObjectNode> describe(Iterable<Class<?>> classes, String jarName) {
    Map<String, ObjectNode> out = new TreeMap<>();
    for (Class<?> c : classes) {
      for (Method m : c.getMethods()) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn == null) {
          continue;
        }
        if (out.containsKey(fn.value())) {
          throw new IllegalStateException("two functions are named " + fn.value());
        }
        ObjectNode f = function(m, jarName);
        checkDescribed(fn.value(), f);
        out.put(fn.value(), f);
      }
    }
    return out;
  }

  /**
   * Fails unless {@code function} is in {@link RouteAccess} with an entry that fits its trigger and,
   * when it is reached over HTTP, in {@link RouteDocs} with every method it answers.
   */
  static void checkDescribed(String function, ObjectNode f) {
    Access access;
    try {
      access = RouteAccess.of(function);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    ObjectNode http = null;
    for (com.fasterxml.jackson.databind.JsonNode b : f.get("bindings")) {
      if (b.path("type").asText().equals("httpTrigger")) {
        http = (ObjectNode) b;
      }
    }
    if ((http == null) != (access.kind() == Access.Kind.TRIGGER)) {
      throw new IllegalStateException("function " + function + (http == null ? " has no HTTP trigger but " : " has an"
          + " HTTP trigger but ") + RouteAccess.class.getSimpleName() + " says " + access.kind());
    }
    if (http != null) {
      java.util.Map<HttpMethod, ?> docs;
      try {
        docs = RouteDocs.of(function);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      for (com.fasterxml.jackson.databind.JsonNode m : http.get("methods")) {
        if (!docs.containsKey(HttpMethod.value(m.asText()))) {
          throw new IllegalStateException("function " + function + " answers " + m.asText() + " but "
              + RouteDocs.class.getSimpleName() + " does not describe it");
        }
      }
    }
  }

  static ObjectNode function(Method m, String jarName) {
    ObjectNode f = Json.mapper().createObjectNode();
    f.put("scriptFile", "../" + jarName);
    f.put("entryPoint", m.getDeclaringClass().getName() + "." + m.getName());
    ArrayNode bindings = f.putArray("bindings");
    boolean http = false;
    for (Parameter p : m.getParameters()) {
      for (Annotation a : p.getAnnotations()) {
        if (a instanceof HttpTrigger t) {
          http = true;
          ObjectNode b = input(bindings, "httpTrigger", t.name());
          ArrayNode methods = b.putArray("methods");
          for (HttpMethod hm : t.methods()) {
            methods.add(hm.name());
          }
          if (!t.route().isEmpty()) {
            b.put("route", t.route());
          }
          b.put("authLevel", t.authLevel().name());
          putIfSet(b, "dataType", t.dataType());
        } else if (a instanceof EventHubTrigger t) {
          ObjectNode b = input(bindings, "eventHubTrigger", t.name());
          b.put("eventHubName", t.eventHubName());
          b.put("connection", t.connection());
          putIfSet(b, "consumerGroup", t.consumerGroup());
          b.put("cardinality", t.cardinality().name().toLowerCase(Locale.ROOT));
          putIfSet(b, "dataType", t.dataType());
        } else if (a instanceof CosmosDBTrigger t) {
          cosmosTrigger(m, bindings.addObject(), t);
        } else if (a instanceof TimerTrigger t) {
          ObjectNode b = input(bindings, "timerTrigger", t.name());
          b.put("schedule", t.schedule());
          putIfSet(b, "dataType", t.dataType());
        } else if (a instanceof DurableOrchestrationTrigger t) {
          ObjectNode b = input(bindings, "orchestrationTrigger", t.name());
          putIfSet(b, "orchestration", t.orchestration());
          putIfSet(b, "dataType", t.dataType());
        } else if (a instanceof DurableActivityTrigger t) {
          ObjectNode b = input(bindings, "activityTrigger", t.name());
          putIfSet(b, "activity", t.activity());
          putIfSet(b, "dataType", t.dataType());
        } else if (a instanceof DurableClientInput t) {
          ObjectNode b = input(bindings, "durableClient", t.name());
          putIfSet(b, "taskHub", t.taskHub());
          putIfSet(b, "dataType", t.dataType());
        } else if (!(a instanceof BindingName)
            && (a.annotationType().getPackageName().startsWith("com.microsoft.azure.functions")
            || a.annotationType().getPackageName().startsWith("com.microsoft.durabletask"))) {
          throw new IllegalStateException(m + ": the layout does not know the binding @"
              + a.annotationType().getSimpleName() + "; add it to " + FunctionAppLayout.class.getSimpleName());
        }
      }
    }
    if (http) {
      ObjectNode b = bindings.addObject();
      b.put("type", "http");
      b.put("direction", "out");
      b.put("name", "$return");
    }
    ExponentialBackoffRetry exp = m.getAnnotation(ExponentialBackoffRetry.class);
    if (exp != null) {
      ObjectNode r = f.putObject("retry");
      r.put("strategy", "exponentialBackoff");
      r.put("maxRetryCount", exp.maxRetryCount());
      r.put("minimumInterval", exp.minimumInterval());
      r.put("maximumInterval", exp.maximumInterval());
    }
    FixedDelayRetry fixed = m.getAnnotation(FixedDelayRetry.class);
    if (fixed != null) {
      ObjectNode r = f.putObject("retry");
      r.put("strategy", "fixedDelay");
      r.put("maxRetryCount", fixed.maxRetryCount());
      r.put("delayInterval", fixed.delayInterval());
    }
    if (bindings.isEmpty()) {
      throw new IllegalStateException(m + " has @FunctionName but no trigger the layout knows");
    }
    return f;
  }

  /**
   * The Cosmos DB trigger as extension 4.x reads it ({@code containerName}, {@code leaseConnection},
   * {@code leasesContainerThroughput}); the annotation's 3.x-only attributes are refused rather
   * than written under names the host would ignore.
   */
  /** A new input binding of {@code type} named {@code name}, its other properties to follow. */
  private static ObjectNode input(ArrayNode bindings, String type, String name) {
    ObjectNode b = bindings.addObject();
    b.put("type", type);
    b.put("direction", "in");
    b.put("name", name);
    return b;
  }

  private static void cosmosTrigger(Method m, ObjectNode b, CosmosDBTrigger t) {
    if (t.checkpointInterval() > 0 || t.checkpointDocumentCount() > 0) {
      throw new IllegalStateException(m + ": checkpointInterval and checkpointDocumentCount are not in the Cosmos DB"
          + " extension 4.x; remove them");
    }
    if (t.databaseName().isEmpty() || t.containerName().isEmpty() || t.connection().isEmpty()) {
      throw new IllegalStateException(m + ": @CosmosDBTrigger needs databaseName, containerName and connection");
    }
    b.put("type", "cosmosDBTrigger");
    b.put("direction", "in");
    b.put("name", t.name());
    b.put("connection", t.connection());
    b.put("databaseName", t.databaseName());
    b.put("containerName", t.containerName());
    putIfSet(b, "leaseConnection", t.leaseConnectionStringSetting());
    putIfSet(b, "leaseDatabaseName", t.leaseDatabaseName());
    b.put("leaseContainerName", t.leaseContainerName().isEmpty() ? "leases" : t.leaseContainerName());
    putIfSet(b, "leaseContainerPrefix", t.leaseContainerPrefix());
    b.put("createLeaseContainerIfNotExists", t.createLeaseContainerIfNotExists());
    if (t.leasesContainerThroughput() > 0) {
      b.put("leasesContainerThroughput", t.leasesContainerThroughput());
    }
    b.put("feedPollDelay", t.feedPollDelay());
    b.put("leaseAcquireInterval", t.leaseAcquireInterval());
    b.put("leaseExpirationInterval", t.leaseExpirationInterval());
    b.put("leaseRenewInterval", t.leaseRenewInterval());
    if (t.maxItemsPerInvocation() > 0) {
      b.put("maxItemsPerInvocation", t.maxItemsPerInvocation());
    }
    b.put("startFromBeginning", t.startFromBeginning());
    putIfSet(b, "preferredLocations", t.preferredLocations());
    putIfSet(b, "dataType", t.dataType());
  }

  private static void putIfSet(ObjectNode b, String name, String value) {
    if (value != null && !value.isEmpty()) {
      b.put(name, value);
    }
  }

  /** One folder per function with its function.json; folders of functions that no longer exist are removed. */
  public static void write(Map<String, ObjectNode> functions, Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isDirectory(p) && Files.exists(p.resolve("function.json"))
            && !functions.containsKey(p.getFileName().toString())) {
          try (Stream<Path> w = Files.walk(p)) {
            w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
          }
        }
      }
    }
    for (Map.Entry<String, ObjectNode> e : functions.entrySet()) {
      Path dir = Files.createDirectories(out.resolve(e.getKey()));
      Files.write(dir.resolve("function.json"),
          Json.mapper().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(e.getValue()));
    }
  }
}
