package io.frameshift.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark step in a fresh JVM, as a user's program meets it: the child runs a main class with
 * this JVM's flags and class path, and reports on one line starting with a marker; every other line
 * it prints is echoed, tagged. Used by {@link UserPath}, {@link FormatBench} and {@link
 * ScaleBench}.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** The child's result line without its marker, or null and why there is none. */
  record Outcome(String result, String error) {}

  /** Runs {@code main} with {@code args} in a fresh JVM; waits for it to end. */
  static Outcome run(Class<?> main, List<String> args, String marker, String tag) {
    return run(main, ManagementFactory.getRuntimeMXBean().getInputArguments(), args, marker, tag);
  }

  /**
   * As {@link #run(Class, List, String, String)}, with this JVM's flags but the heap {@code xmx}
   * (e.g. {@code 1g}); null or empty: no heap flag at all, so the child gets the JVM's default heap
   * (a quarter of the machine's memory), as a user's program started without one does.
   */
  static Outcome runWithHeap(
      Class<?> main, String xmx, List<String> args, String marker, String tag) {
    List<String> flags = new ArrayList<>();
    for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!f.startsWith("-Xmx")
          && !f.startsWith("-Xms")
          && !f.startsWith("-XX:MaxHeapSize")
          && !f.startsWith("-XX:MaxRAMPercentage")
          && !f.startsWith("-XX:MaxRAM=")) {
        flags.add(f);
      }
    }
    if (xmx != null && !xmx.isEmpty()) {
      flags.add("-Xmx" + xmx);
    }
    return run(main, flags, args, marker, tag);
  }

  private static Outcome run(
      Class<?> main, List<String> flags, List<String> args, String marker, String tag) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String result = null;
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(marker)) {
            result = line.substring(marker.length());
          } else {
            System.out.println("  [" + tag + "] " + line);
          }
        }
      }
      int exit = p.waitFor();
      return result != null
          ? new Outcome(result, null)
          : new Outcome(null, "the JVM exited with " + exit + " and no result");
    } catch (IOException e) {
      return new Outcome(null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, "interrupted");
    }
  }

  /**
   * The child's side: prints {@code marker + result} and ends the JVM (Spark's non-daemon threads
   * would keep it alive).
   */
  static void finish(String marker, String result) {
    System.out.println(marker + result);
    System.out.flush();
    System.exit(0);
  }

  /** The system's load average over a minute ({@code /proc/loadavg}'s first figure), or NaN. */
  static double loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? Double.NaN : l;
  }
}
