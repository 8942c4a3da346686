package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts a test class's main in a JVM of its own, on this JVM's class path (tests that kill a
 * process or write from two).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with {@code args} and a heap of 512 MB, its error output merged into its
   * output; without Spark and Scala on the class path if {@code withoutSpark} (as an application
   * with the local engine only).
   */
  public static Process start(Class<?> main, boolean withoutSpark, List<String> args) {
    // a small heap: the child shares the machine with the test JVM and its forks
    return start(main, withoutSpark, "512m", args);
  }

  /**
   * Starts {@code main} as {@link #start(Class, boolean, List)} does, with this heap ({@code -Xmx}
   * value) and this JVM's {@code --add-opens} and {@code --add-exports} flags, so a child can run
   * Spark (whose driver refuses a heap under about 450 MB: give it {@code 1g}).
   */
  public static Process start(Class<?> main, boolean withoutSpark, String heap, List<String> args) {
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
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < flags.size(); i++) {
      String f = flags.get(i);
      if (f.startsWith("--add-opens=") || f.startsWith("--add-exports=")) {
        command.add(f);
      } else if ((f.equals("--add-opens") || f.equals("--add-exports")) && i + 1 < flags.size()) {
        command.add(f);
        command.add(flags.get(++i));
      }
    }
    command.add("-Xmx" + heap);
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

  /**
   * Writes from this JVM and from {@code child} at once: waits for the child's {@code READY}, lets
   * it go (a line on its standard input) as {@code ours} starts here, and waits up to {@code
   * seconds} for it to print {@code DONE}. Returns our lines, then the child's {@code OK} and
   * {@code FAIL} lines; the child is killed in any case.
   */
  public static List<String> writeBeside(Process child, Callable<List<String>> ours, long seconds)
      throws Exception {
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> childOut = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        childOut.add(line);
      }
      assertThat(line).as("the child's output: %s", childOut).isEqualTo("READY");
      CompletableFuture<List<String>> rest =
          CompletableFuture.supplyAsync(
              () -> out.lines().collect(Collectors.toCollection(ArrayList::new)));
      try (OutputStream go = child.getOutputStream()) {
        go.write('\n');
      }
      List<String> lines = new ArrayList<>(ours.call());
      assertThat(child.waitFor(seconds, TimeUnit.SECONDS)).as("the child ended").isTrue();
      List<String> fromChild = rest.get(10, TimeUnit.SECONDS);
      assertThat(fromChild).as(String.join("\n", fromChild)).contains("DONE");
      fromChild.stream()
          .filter(l -> l.startsWith("OK ") || l.startsWith("FAIL "))
          .forEach(lines::add);
      return lines;
    } finally {
      child.destroyForcibly();
    }
  }

  /**
   * Reads {@code child}'s output until it prints {@code line}, kills it there and returns the lines
   * read; fails, naming them, when the child ended without printing {@code line} or printed {@code
   * DONE} (it finished before it could be killed). A child that hangs is killed after five minutes,
   * so the reading ends.
   */
  public static List<String> killAt(Process child, String line) throws IOException {
    CompletableFuture.delayedExecutor(5, TimeUnit.MINUTES).execute(child::destroyForcibly);
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        lines.add(l);
        if (l.equals(line)) {
          break;
        }
      }
    } finally {
      child.destroyForcibly();
    }
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the killed child ended").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the killed child", e);
    }
    assertThat(lines)
        .as(String.join("\n", lines))
        .contains(line)
        .noneMatch(l -> l.startsWith("DONE"));
    return lines;
  }
}
