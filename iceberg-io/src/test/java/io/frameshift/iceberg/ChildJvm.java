package io.frameshift.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Starts a class of these tests in a JVM of its own, on this JVM's class path. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with {@code args}, its error output merged into its output; without Spark
   * and Scala on the class path if {@code withoutSpark} (as an application with the local engine
   * only).
   */
  static Process start(Class<?> main, boolean withoutSpark, List<String> args) {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                e ->
                    !withoutSpark
                        || (!e.contains("/org/apache/spark/") && !e.contains("/org/scala-lang/")))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    // a small heap: the child shares the machine with the test JVM and its forks
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(args);
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + main.getName(), e);
    }
  }
}
