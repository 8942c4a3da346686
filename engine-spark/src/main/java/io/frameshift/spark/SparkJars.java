package io.frameshift.spark;

import io.frameshift.error.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the classes user functions need to a cluster's executors. Plans of built-in expressions
 * reach executors as Spark SQL alone, but a user function is Java code: the executors must load
 * Frameshift's classes that call it and the class that defines the lambda. On a cluster (any master
 * but {@code local}) each such class's jar is added to the session ({@code addArtifact}), which
 * executors fetch before its next task; a class loaded from a directory (a build's {@code
 * target/classes}, an IDE) is packed into a jar first. Each location is added once per session.
 * Setting {@code frameshift.spark.shipJars=false} leaves it to the application ({@code spark.jars},
 * {@code --jars}).
 */
final class SparkJars {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJars.class);

  /** The setting that turns shipping off. */
  static final String SHIP_JARS = "frameshift.spark.shipJars";

  /** Locations already added, per session (by its context's application id and identity). */
  private static final Map<String, Set<String>> SHIPPED = new ConcurrentHashMap<>();

  /** Jars packed from class directories, by directory. */
  private static final Map<Path, Path> PACKED = new ConcurrentHashMap<>();

  private SparkJars() {}

  /**
   * Adds the jars of Frameshift's classes, of {@code engineClass} and of what defines {@code
   * function} (for a lambda: the class that wrote it) to {@code session}'s context, unless it runs
   * in this JVM.
   */
  static void ship(SparkSession session, Class<?> engineClass, Serializable function) {
    ship(
        session,
        List.of(io.frameshift.expr.UserFunction.class, engineClass, definingClass(function)));
  }

  /** Adds the jars of {@code classes} to {@code session}'s context, unless it runs in this JVM. */
  static void ship(SparkSession session, List<Class<?>> classes) {
    SparkContext sc = session.sparkContext();
    if (sc.master().startsWith("local")
        || !Boolean.parseBoolean(sc.getConf().get(SHIP_JARS, "true"))) {
      return;
    }
    Set<String> shipped =
        SHIPPED.computeIfAbsent(
            sc.applicationId() + "/" + System.identityHashCode(session),
            k -> ConcurrentHashMap.newKeySet());
    for (Class<?> c : classes) {
      Path location = location(c);
      if (location == null || !shipped.add(location.toString())) {
        continue;
      }
      Path jar = Files.isDirectory(location) ? packed(location) : location;
      LOG.info("Shipping {} to the executors for {}", jar, c.getName());
      // A classic session runs its queries under its own artifact state (Spark 4): executors load
      // a query's classes from the jars added to the session, not from SparkContext.addJar's
      session.addArtifact(jar.toString());
    }
  }

  /** The class a lambda was written in (what deserializing it needs), else the object's class. */
  static Class<?> definingClass(Serializable function) {
    try {
      Method writeReplace = function.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      if (writeReplace.invoke(function) instanceof SerializedLambda lambda) {
        return Class.forName(
            lambda.getCapturingClass().replace('/', '.'),
            false,
            function.getClass().getClassLoader());
      }
    } catch (ReflectiveOperationException | RuntimeException notALambda) {
      // an object of a class of its own
    }
    return function.getClass();
  }

  /** Where {@code c} was loaded from: a jar or a directory; null for the JDK's classes. */
  private static Path location(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Path packed(Path dir) {
    return PACKED.computeIfAbsent(
        dir,
        d -> {
          try {
            Path jar =
                Files.createTempFile(
                    "frameshift-classes-" + Integer.toHexString(d.hashCode()) + "-", ".jar");
            jar.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(d)) {
              for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(d.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
              }
            }
            return jar;
          } catch (IOException e) {
            throw new EngineException(
                "Cannot pack the classes of " + d + " into a jar for Spark's executors: " + e, e);
          }
        });
  }
}
