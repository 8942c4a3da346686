package io.frameshift.local.format;

import io.frameshift.error.OutputException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Sink;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Text;
import io.frameshift.local.Vec;
import io.frameshift.spi.Progress;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes a dataset directory as Spark does ({@code part-00000.<ext>} plus an empty {@code
 * _SUCCESS}), atomically: the data goes to a hidden sibling directory that is renamed into place
 * only when complete. OVERWRITE moves the old directory aside, renames the new one in and only then
 * deletes the old one (moving it back if the rename fails); APPEND writes hidden files inside the
 * directory and renames each to {@code part-<uuid>.<ext>}. A failure at any point before the final
 * rename leaves the previous data as it was.
 */
final class DatasetWriter {
  /** Writes one part file. */
  @FunctionalInterface
  interface PartWriter {
    void write(Path file) throws IOException;
  }

  /** Writes the rows of {@code part} as one part file. */
  @FunctionalInterface
  interface FrameWriter {
    void write(LocalFrame part, Path file) throws IOException;
  }

  /** Writes a dataset's part files into a directory, each named {@code name}. */
  @FunctionalInterface
  private interface Parts {
    void writeInto(Path dir, String name) throws IOException;
  }

  private final Consumer<Path> beforeCommit;

  /**
   * @param beforeCommit runs on the complete staged output just before it is renamed into place (a
   *     test seam for failures at the worst moment; a no-op in production)
   */
  DatasetWriter(Consumer<Path> beforeCommit) {
    this.beforeCommit = beforeCommit;
  }

  void write(Sink sink, String extension, PartWriter part) {
    write(sink, extension, (dir, name) -> part.write(dir.resolve(name)));
  }

  /**
   * Writes {@code frame}, split by {@link Sink#partitionBy()} into hive folders ({@code
   * col=value/.., Datasets#partitionFolder}) whose files hold the other columns, as Spark lays them
   * out; unpartitioned, one part file. Each part file's rows and size go to {@code written} once it
   * is written.
   */
  void write(LocalFrame frame, Sink sink, String extension, FrameWriter format, Progress written) {
    FrameWriter part =
        (rows, file) -> {
          format.write(rows, file);
          written.advance(rows.rows(), Files.size(file));
        };
    if (sink.partitionBy().isEmpty()) {
      write(sink, extension, file -> part.write(frame, file));
      return;
    }
    Schema schema = frame.schema();
    int[] keys = sink.partitionBy().stream().mapToInt(schema::indexOf).toArray();
    List<String> stored =
        schema.names().stream().filter(n -> !sink.partitionBy().contains(n)).toList();
    Map<String, IntArrayList> groups = new LinkedHashMap<>();
    for (int r = 0; r < frame.rows(); r++) {
      StringBuilder folder = new StringBuilder();
      for (int k : keys) {
        Vec v = frame.column(k);
        String value = v.isNull(r) ? null : Text.format(v, r);
        folder.append(Datasets.partitionFolder(schema.field(k).name(), value)).append('/');
      }
      groups.computeIfAbsent(folder.toString(), f -> new IntArrayList()).add(r);
    }
    write(
        sink,
        extension,
        (dir, name) -> {
          for (Map.Entry<String, IntArrayList> g : groups.entrySet()) {
            Path folder = Files.createDirectories(dir.resolve(g.getKey()));
            part.write(frame.take(g.getValue().toIntArray()).select(stored), folder.resolve(name));
          }
        });
  }

  private void write(Sink sink, String extension, Parts part) {
    Path target = Path.of(sink.path()).toAbsolutePath().normalize();
    boolean exists = Files.exists(target);
    switch (sink.mode()) {
      case ERROR_IF_EXISTS -> {
        if (exists) {
          throw new OutputExistsException(
              "Output "
                  + sink.path()
                  + " already exists; write with mode OVERWRITE, APPEND or IGNORE to use it");
        }
      }
      case IGNORE -> {
        if (exists) {
          return;
        }
      }
      case APPEND -> {
        if (exists) {
          append(target, sink.path(), extension, part);
          return;
        }
      }
      case OVERWRITE -> {
        // replaced below
      }
    }
    replace(target, sink.path(), extension, part);
  }

  private void replace(Path target, String shown, String extension, Parts part) {
    String id = UUID.randomUUID().toString();
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    Path staging = parent.resolve("." + name + ".staging-" + id);
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      part.writeInto(staging, "part-00000." + extension);
      Files.createFile(staging.resolve("_SUCCESS"));
      beforeCommit.accept(staging);
      if (Files.exists(target)) {
        Path old = parent.resolve("." + name + ".old-" + id);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
          Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        deleteQuietly(old);
      } else {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new OutputException("Cannot write " + shown + ": " + e, e);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  /**
   * Writes the new part files in a hidden directory inside the dataset, then renames each into
   * place (into its partition folder, created as needed); a failure before the renames leaves the
   * dataset as it was.
   */
  private void append(Path target, String shown, String extension, Parts part) {
    if (!Files.isDirectory(target)) {
      throw new OutputException(
          "Cannot append to " + shown + ": it is a file, not a dataset directory");
    }
    String id = UUID.randomUUID().toString();
    Path staging = target.resolve(".append-" + id + ".staging");
    try {
      Files.createDirectory(staging);
      part.writeInto(staging, "part-" + id + "." + extension);
      beforeCommit.accept(staging);
      List<Path> files;
      try (Stream<Path> all = Files.walk(staging)) {
        files = all.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        Path to = target.resolve(staging.relativize(f));
        Files.createDirectories(to.getParent());
        Files.move(f, to, StandardCopyOption.ATOMIC_MOVE);
      }
      deleteQuietly(staging);
      try {
        Files.createFile(target.resolve("_SUCCESS"));
      } catch (FileAlreadyExistsException e) {
        // a previous write left it
      }
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new OutputException("Cannot append to " + shown + ": " + e, e);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  /** Removes a file or directory tree; leftovers are hidden names that readers skip. */
  private static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a hidden leftover does not affect readers
                }
              });
    } catch (IOException e) {
      // best effort, as above
    }
  }
}
