package io.frameshift.spark;

import io.frameshift.error.EngineException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --add-opens} flags an embedded Spark driver needs on Java 17. Without them Spark fails
 * deep inside its start-up with an {@code InaccessibleObjectException}; checking first turns that
 * into a message that says which flags to add and where.
 */
final class JvmFlags {
  /**
   * Spark 4.1's list, used when spark-launcher (which owns the list) is not on the class path. Keep
   * in step with {@code org.apache.spark.launcher.JavaModuleOptions}.
   */
  static final List<String> SPARK_ADD_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

  /**
   * Flags of Spark's list that a job does not need to run: Kerberos is read only when Spark talks
   * to a Kerberos-secured Hadoop cluster (Spark 4.1.3 runs local and standalone jobs without it),
   * so its absence is a warning, not a refusal.
   */
  static final Set<String> OPTIONAL =
      Set.of("--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

  private static final String PREFIX = "--add-opens=";
  private static final Logger LOG = LoggerFactory.getLogger(JvmFlags.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private JvmFlags() {}

  /** The {@code --add-opens=module/package=ALL-UNNAMED} flags Spark asks for. */
  static List<String> required() {
    try {
      String[] all = org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptionArray();
      return Arrays.stream(all).filter(f -> f.startsWith(PREFIX)).toList();
    } catch (LinkageError e) {
      return SPARK_ADD_OPENS;
    }
  }

  /**
   * The flags of {@code required} that {@code jvmArguments} do not give. Both spellings count:
   * {@code --add-opens=m/p=ALL-UNNAMED} and {@code --add-opens m/p=ALL-UNNAMED}, also with several
   * comma-separated targets.
   */
  static List<String> missing(List<String> required, List<String> jvmArguments) {
    Set<String> given = new HashSet<>();
    for (int i = 0; i < jvmArguments.size(); i++) {
      String arg = jvmArguments.get(i).trim();
      String value = null;
      if (arg.startsWith(PREFIX)) {
        value = arg.substring(PREFIX.length());
      } else if (arg.equals("--add-opens") && i + 1 < jvmArguments.size()) {
        value = jvmArguments.get(++i).trim();
      }
      if (value != null) {
        opening(value).ifPresent(given::add);
      }
    }
    List<String> out = new ArrayList<>();
    for (String flag : required) {
      if (!flag.startsWith(PREFIX)) {
        continue;
      }
      String want = flag.substring(PREFIX.length());
      if (!given.contains(want)) {
        out.add(flag);
      }
    }
    return out;
  }

  /** {@code module/package=ALL-UNNAMED} if {@code value} opens a package to ALL-UNNAMED. */
  private static Optional<String> opening(String value) {
    int eq = value.indexOf('=');
    if (eq < 0) {
      return Optional.empty();
    }
    for (String target : value.substring(eq + 1).split(",")) {
      if (target.trim().equals("ALL-UNNAMED")) {
        return Optional.of(value.substring(0, eq).trim() + "=ALL-UNNAMED");
      }
    }
    return Optional.empty();
  }

  /**
   * Throws an {@link EngineException} listing the flags this JVM lacks that Spark needs to run, and
   * warns once per JVM about the {@link #OPTIONAL} ones it lacks. A flag absent from the command
   * line still counts as given when its package is open at run time, as it is when an executable
   * jar's manifest says {@code Add-Opens}.
   */
  static void check() {
    List<String> missing =
        missing(required(), ManagementFactory.getRuntimeMXBean().getInputArguments()).stream()
            .filter(f -> !isOpen(f))
            .toList();
    List<String> optional = refuseUnlessOptional(missing);
    if (!optional.isEmpty() && WARNED.compareAndSet(false, true)) {
      LOG.warn(
          "This JVM lacks {}: Spark runs without it, but needs it to reach a Kerberos-secured"
              + " Hadoop cluster",
          String.join(" ", optional));
    }
  }

  /**
   * Throws an {@link EngineException} naming the flags of {@code missing} that Spark needs; returns
   * the {@link #OPTIONAL} ones, to warn about.
   */
  static List<String> refuseUnlessOptional(List<String> missing) {
    List<String> needed = missing.stream().filter(f -> !OPTIONAL.contains(f)).toList();
    if (!needed.isEmpty()) {
      throw new EngineException(message(needed));
    }
    return missing.stream().filter(OPTIONAL::contains).toList();
  }

  private static boolean isOpen(String flag) {
    String spec = flag.substring(PREFIX.length(), flag.lastIndexOf('='));
    int slash = spec.indexOf('/');
    String module = spec.substring(0, slash);
    String pkg = spec.substring(slash + 1);
    Module unnamed = JvmFlags.class.getClassLoader().getUnnamedModule();
    return ModuleLayer.boot().findModule(module).map(m -> m.isOpen(pkg, unnamed)).orElse(true);
  }

  static String message(List<String> missing) {
    String flags = String.join(" ", missing);
    return "The Spark engine needs JVM flags this Java "
        + Runtime.version().feature()
        + " process was not started with: "
        + flags
        + "\nAdd them (all of Spark's list: "
        + "org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()) in one of these"
        + " ways:"
        + "\n  - java command line: java "
        + flags
        + " -cp ... your.Main"
        + "\n  - environment: export JAVA_TOOL_OPTIONS=\""
        + flags
        + "\""
        + "\n  - Maven Surefire/Failsafe: <argLine>"
        + flags
        + "</argLine>"
        + "\n  - exec-maven-plugin (exec:exec): the flags as <argument>s before -classpath, or"
        + " MAVEN_OPTS for exec:java"
        + "\nSee docs/spark.md.";
  }
}
