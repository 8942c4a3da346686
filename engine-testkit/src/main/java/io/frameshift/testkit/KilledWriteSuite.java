package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.io.Format;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write killed midway loses nothing: for every format the engine writes, in OVERWRITE and APPEND
 * mode, a child JVM writing a large frame over a small dataset is killed ({@code SIGKILL}) while it
 * stages its data in hidden files. Afterwards the dataset reads exactly as before, its visible
 * files are byte for byte those it had (nothing half-written shows), and a normal write of the same
 * mode over the hidden leftovers succeeds, an APPEND leaving the old part files untouched.
 *
 * <p>The child JVM, with the test JVM's class path and flags and a session of the same engine and
 * settings ({@link KilledWriter}), writes the previous output, then the large frame; one child
 * writes every format and mode at once when the engine is slow to start ({@link
 * #oneChildForAll()}). The parent polls the targets' folders until every write has made its hidden
 * staging file or folder, then kills; every wait is bounded and the child is always destroyed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class KilledWriteSuite {
  /** The columns of the previous output and of the large frame written over it. */
  static final Schema SCHEMA =
      Schema.builder()
          .column("k", DataType.INT32)
          .column("i", DataType.INT64)
          .column("j", DataType.INT64)
          .column("s", DataType.STRING)
          .build();

  /** The previous output, written by the child before it writes the large frame. */
  static final List<List<Object>> PREVIOUS =
      List.of(List.of(1, 10L, 100L, "first"), List.of(2, 20L, 200L, "second, with a comma"));

  private static final List<List<Object>> NEXT = List.of(List.of(3, 30L, 300L, "next"));

  private static final Duration STAGING_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  private Frameshift session;

  /** The engine the session is pinned to, in the test JVM and in the child. */
  protected abstract String engine();

  /** The session's settings, in the test JVM and in the child. */
  protected abstract Map<String, String> config();

  /**
   * The large frame has this many rows squared: enough that writing it takes the engine seconds in
   * its fastest format, so the kill comes while the data is staged.
   */
  protected abstract int rowsPerSide();

  /**
   * Whether one child writes every format and mode at once and is killed once, rather than a child
   * per format and mode: for an engine slow to start whose concurrent writes each start staging at
   * once (a local engine's writes queue for its threads, so some would only start after others
   * finished).
   */
  protected boolean oneChildForAll() {
    return false;
  }

  /**
   * Whether the child computes the frame (caches it) before it starts writing: for an engine that
   * computes a frame whole before writing any of it, so that the writes start staging at once.
   */
  protected boolean computeFirst() {
    return false;
  }

  @BeforeAll
  final void openSession() {
    session = Frameshift.builder().engine(engine()).config(config()).build();
  }

  @AfterAll
  final void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  /** One format and mode, writing to {@code <dir>/<FORMAT>-<MODE>/out}. */
  private record Case(Format format, WriteMode mode, Path folder) {
    Path target() {
      return folder.resolve("out");
    }

    @Override
    public String toString() {
      return format + " " + mode;
    }
  }

  /**
   * Every dataset format the engine writes: those of other workers join as the engine declares
   * them. Tables are not datasets at a path: a table write is atomic by its commit, which the table
   * module's own kill test covers.
   */
  private List<Format> formats() {
    List<Format> out = new ArrayList<>();
    for (Format f : Format.values()) {
      if (f != Format.ICEBERG
          && session.engine(engine()).capabilities().stream()
              .anyMatch(c -> c.name().equals("WRITE_" + f.name()))) {
        out.add(f);
      }
    }
    return out;
  }

  @Test
  public void aWriteKilledMidwayLeavesThePreviousOutputIntact(@TempDir Path dir) throws Exception {
    List<Case> cases = new ArrayList<>();
    for (Format f : formats()) {
      for (WriteMode m : List.of(WriteMode.OVERWRITE, WriteMode.APPEND)) {
        cases.add(new Case(f, m, Files.createDirectories(dir.resolve(f + "-" + m))));
      }
    }
    assertThat(cases).as("formats %s writes", engine()).isNotEmpty();
    frame(NEXT).count(); // starts this JVM's engine
    Map<Case, Map<String, byte[]>> before = new HashMap<>();
    if (oneChildForAll()) {
      before.putAll(killWhileStaging(cases, Files.createDirectories(dir.resolve("child"))));
    } else {
      for (Case c : cases) {
        Path control = Files.createDirectories(dir.resolve("child-" + c.folder().getFileName()));
        before.putAll(killWhileStaging(List.of(c), control));
      }
    }
    for (Case c : cases) {
      assertThat(hidden(c.folder()))
          .as("%s: the killed write's staging is left over, hidden", c)
          .isNotEmpty();
      assertSameFiles(c, before.get(c), visibleFiles(c.folder()));
      assertThat(read(c)).as("%s: the rows after the kill", c).isEqualTo(sorted(PREVIOUS));

      // the leftovers do not get in the way of the next write
      frame(NEXT).write().mode(c.mode()).save(c.format(), c.target().toString());
      if (c.mode() == WriteMode.OVERWRITE) {
        assertThat(read(c)).as("%s: the rows after overwriting", c).isEqualTo(sorted(NEXT));
      } else {
        List<List<Object>> both = new ArrayList<>(PREVIOUS);
        both.addAll(NEXT);
        assertThat(read(c)).as("%s: the rows after appending", c).isEqualTo(sorted(both));
        Map<String, byte[]> after = visibleFiles(c.folder());
        Map<String, byte[]> old = new TreeMap<>(after);
        old.keySet().retainAll(before.get(c).keySet());
        assertSameFiles(c, before.get(c), old);
        assertThat(after.keySet())
            .as("%s: appending adds part files", c)
            .anyMatch(p -> !before.get(c).containsKey(p) && p.contains("part-"));
      }
    }
  }

  /**
   * A JVM like this one, with a session like this one's, that writes the previous output to every
   * case's target, makes the large frame and, once told to go, writes it to every target at once.
   */
  private Process startChild(List<Case> cases, Path dir, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the test JVM's flags (Surefire's argLine), less its heap size, debugger and agents
      if (!arg.startsWith("-Xmx")
          && !arg.startsWith("-Xms")
          && !arg.startsWith("-agentlib:")
          && !arg.startsWith("-javaagent:")) {
        command.add(arg);
      }
    }
    System.getProperties()
        .forEach(
            (k, v) -> {
              // the settings Surefire gives as system properties, such as the selector's profile
              String key = k.toString();
              if (key.startsWith("frameshift.") || key.startsWith("org.slf4j.")) {
                command.add("-D" + key + "=" + v);
              }
            });
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KilledWriter.class.getName());
    command.add(engine());
    command.add(Integer.toString(rowsPerSide()));
    command.add(Boolean.toString(computeFirst()));
    command.add(dir.toString());
    config().forEach((k, v) -> command.add(k + "=" + v));
    command.add("--");
    for (Case c : cases) {
      command.add(c.format() + ":" + c.mode() + ":" + c.target());
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /** Waits for the child to make {@code file}. */
  private static void await(Process child, Path file, Path log) throws Exception {
    long deadline = System.nanoTime() + STAGING_TIMEOUT.toNanos();
    while (!Files.exists(file)) {
      if (!child.isAlive()) {
        fail(
            "The writing JVM exited (%d) before it made %s:%n%s",
            child.exitValue(), file, Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        fail("No %s within %s:%n%s", file, STAGING_TIMEOUT, Files.readString(log));
      }
      Thread.sleep(2);
    }
  }

  /**
   * Has a child write the previous output of {@code cases}, then the large frame over it, and kills
   * it once every write has made its hidden staging.
   *
   * @param control the folder of the child's log and of the files that say when to go on
   * @return each case's visible files before the kill, path to content
   */
  private Map<Case, Map<String, byte[]>> killWhileStaging(List<Case> cases, Path control)
      throws Exception {
    Path log = control.resolve("child.log");
    Map<Case, Map<String, byte[]>> before = new HashMap<>();
    Process child = startChild(cases, control, log);
    try {
      await(child, control.resolve(KilledWriter.READY), log);
      for (Case c : cases) {
        before.put(c, visibleFiles(c.folder()));
        assertThat(before.get(c)).as("%s: the previous output", c).isNotEmpty();
        assertThat(hidden(c.folder())).as("%s: hidden files before", c).isEmpty();
      }
      Files.createFile(control.resolve(KilledWriter.GO));
      kill(child, cases, log);
    } finally {
      child.destroyForcibly();
      child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    return before;
  }

  /** Waits until each case's write has made its hidden staging, and kills the child. */
  private static void kill(Process child, List<Case> cases, Path log) throws Exception {
    long deadline = System.nanoTime() + STAGING_TIMEOUT.toNanos();
    List<Case> waiting = new ArrayList<>(cases);
    while (true) {
      waiting.removeIf(KilledWriteSuite::staged);
      if (waiting.isEmpty()) {
        break;
      }
      if (!child.isAlive()) {
        fail(
            "The writing JVM exited (%d) before %s started staging:%n%s",
            child.exitValue(), waiting, Files.readString(log));
      }
      if (System.nanoTime() > deadline) {
        fail(
            "%s did not start staging within %s:%n%s",
            waiting, STAGING_TIMEOUT, Files.readString(log));
      }
      Thread.sleep(2);
    }
    boolean alive = child.isAlive();
    child.destroyForcibly();
    assertThat(alive)
        .as(
            "the writing JVM is still writing when killed (else make the frame larger):%n%s",
            Files.readString(log))
        .isTrue();
    assertThat(child.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the killed JVM exits")
        .isTrue();
    assertThat(Files.readString(log)).doesNotContain(KilledWriter.FINISHED);
  }

  /** Whether a write to {@code c} has made its hidden staging file or folder. */
  private static boolean staged(Case c) {
    try {
      return !hidden(c.folder()).isEmpty();
    } catch (UncheckedIOException e) {
      return false; // a file moved while listed: look again
    }
  }

  private DataFrame frame(List<List<Object>> rows) {
    Object[][] values = rows.stream().map(List::toArray).toArray(Object[][]::new);
    return session.createDataFrame(SCHEMA, values);
  }

  private List<List<Object>> read(Case c) {
    DataFrame df = session.read().schema(SCHEMA).format(c.format(), c.target().toString());
    return sorted(df.collect().stream().map(Row::values).toList());
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort((a, b) -> Integer.compare((Integer) a.get(0), (Integer) b.get(0)));
    return out;
  }

  private static void assertSameFiles(Case c, Map<String, byte[]> was, Map<String, byte[]> is) {
    assertThat(is.keySet()).as("%s: the visible files", c).isEqualTo(was.keySet());
    for (String p : was.keySet()) {
      assertThat(is.get(p)).as("%s: the bytes of %s", c, p).isEqualTo(was.get(p));
    }
  }

  /** The files under {@code folder} no part of whose path is hidden: path to content. */
  private static Map<String, byte[]> visibleFiles(Path folder) {
    Map<String, byte[]> out = new TreeMap<>();
    for (Path rel : walk(folder)) {
      Path file = folder.resolve(rel);
      if (!isHidden(rel) && Files.isRegularFile(file)) {
        out.put(rel.toString(), read(file));
      }
    }
    return out;
  }

  /** The files and folders under {@code folder} with a hidden name in their path. */
  private static List<String> hidden(Path folder) {
    return walk(folder).stream().filter(KilledWriteSuite::isHidden).map(Path::toString).toList();
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Everything under {@code folder}, relative to it. */
  private static List<Path> walk(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(p -> !p.equals(folder)).map(folder::relativize).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
