package io.tributary.local.host;

import com.microsoft.azure.functions.annotation.FunctionName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the functions of an app the way the Functions host does: every public method annotated
 * {@code @FunctionName} on the public classes of a package (a folder of classes or a jar). The
 * routes, methods and triggers are then read from the annotations themselves.
 */
public final class FunctionCatalog {

  private FunctionCatalog() {
  }

  /** The functions in {@code anchor}'s package (not its sub-packages), sorted by name. */
  public static List<FunctionDefinition> scan(Class<?> anchor) throws IOException {
    String pkg = anchor.getPackageName();
    String pkgPath = pkg.replace('.', '/');
    List<String> classNames = new ArrayList<>();
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the classes of " + anchor, e);
    }
    if (Files.isDirectory(location)) {
      try (Stream<Path> s = Files.list(location.resolve(pkgPath))) {
        s.map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".class") && !n.contains("$"))
            .forEach(n -> classNames.add(pkg + "." + n.substring(0, n.length() - 6)));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          String n = entries.nextElement().getName();
          if (n.startsWith(pkgPath + "/") && n.endsWith(".class") && !n.contains("$")
              && n.indexOf('/', pkgPath.length() + 1) < 0) {
            classNames.add(n.substring(0, n.length() - 6).replace('/', '.'));
          }
        }
      }
    }
    List<FunctionDefinition> out = new ArrayList<>();
    for (String cn : classNames) {
      Class<?> c;
      try {
        c = Class.forName(cn, false, anchor.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot load " + cn, e);
      }
      if (!Modifier.isPublic(c.getModifiers())) {
        continue;
      }
      for (Method m : c.getMethods()) {
        FunctionName fn = m.getAnnotation(FunctionName.class);
        if (fn != null) {
          out.add(new FunctionDefinition(fn.value(), c, m));
        }
      }
    }
    out.sort(Comparator.comparing(FunctionDefinition::name));
    return out;
  }
}
