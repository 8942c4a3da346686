package io.frameshift.local.format;

import io.frameshift.error.OutputException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Sink;
import io.frameshift.local.LocalFrame;
import io.frameshift.spi.Progress;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes a dataset directory as Spark does ({@code part-00000.<ext>} plus an empty {@code
 * _SUCCESS}), atomically: the data goes to a hidden sibling directory that is renamed into place
 * only when complete. OVERWRITE moves the old directory aside, renames the new one in and only then
 * deletes the old one (moving it back if the rename fails); APPEND writes hidden files inside the
 * directory and renames each to {@code part-<uuid>.<ext>}. A failure at any point before the final
 * rename leaves the previous data as it was. Partitioned writes ({@link Sink#partitionBy()}) put
 * each part in its hive folder ({@code col=value/..}, {@link Datasets#partitionFolder}), holding
 * the other columns, as Spark lays them out.
 */
final class DatasetWriter {
  /** Writes one part file. */
  @FunctionalInterface
  interface PartWriter {
    void write(Path file) throws IOException;
  }

  /**
   * One part file: the folder it goes in below the dataset directory ({@code ""} for the directory
   * itself, else hive folders such as {@code a=1/b=x}) and how to write it.
   */
  record Part(String folder, PartWriter writer) {}

  /** Writes the rows of {@code part} as one part file. */
  @FunctionalInterface
  interface FrameWriter {
    void write(LocalFrame part, Path file) throws IOException;
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
    write(sink, extension, List.of(new Part("", part)));
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
    List<String> stored =
        frame.schema().names().stream().filter(n -> !sink.partitionBy().contains(n)).toList();
    List<Part> parts = new ArrayList<>();
    partitions(frame, sink.partitionBy())
        .forEach(
            (folder, rows) ->
                parts.add(
                    new Part(folder, file -> part.write(frame.take(rows).select(stored), file))));
    write(sink, extension, parts);
  }

  /** The rows of each partition folder ({@code a=1/b=x}), in order of first appearance. */
  static Map<String, int[]> partitions(LocalFrame frame, List<String> by) {
    Schema schema = frame.schema();
    int[] cols = new int[by.size()];
    for (int k = 0; k < cols.length; k++) {
      cols[k] = schema.indexOf(by.get(k));
    }
    return groups(
        frame.rows(),
        r -> {
          StringBuilder folder = new StringBuilder();
          for (int k = 0; k < cols.length; k++) {
            if (k > 0) {
              folder.append('/');
            }
            folder.append(Datasets.partitionFolder(by.get(k), frame.column(cols[k]).get(r)));
          }
          return folder.toString();
        });
  }

  /** The rows {@code 0..rows - 1} grouped by {@code key}, groups in order of first appearance. */
  static <K> Map<K, int[]> groups(int rows, IntFunction<K> key) {
    Map<K, IntArrayList> groups = new LinkedHashMap<>();
    for (int r = 0; r < rows; r++) {
      groups.computeIfAbsent(key.apply(r), f -> new IntArrayList()).add(r);
    }
    Map<K, int[]> out = new LinkedHashMap<>();
    groups.forEach((f, g) -> out.put(f, g.toIntArray()));
    return out;
  }

  /** Writes the parts, in parallel on the calling pool, as one atomic dataset write. */
  void write(Sink sink, String extension, List<Part> parts) {
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
          append(target, sink.path(), extension, parts);
          return;
        }
      }
      case OVERWRITE -> {
        // replaced below
      }
    }
    replace(target, sink.path(), extension, parts);
  }

  private void replace(Path target, String shown, String extension, List<Part> parts) {
    String id = UUID.randomUUID().toString();
    Path parent = target.getParent();
    String name = target.getFileName().toString();
    Path staging = parent.resolve("." + name + ".staging-" + id);
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      // parts are numbered within their folder, as Spark numbers a partition's files
      int[] number = new int[parts.size()];
      Map<String, Integer> inFolder = new LinkedHashMap<>();
      for (int k = 0; k < parts.size(); k++) {
        number[k] = inFolder.merge(parts.get(k).folder(), 1, Integer::sum) - 1;
      }
      writeAll(
          parts,
          k -> staging.resolve(parts.get(k).folder()).resolve(partName(number[k], extension)));
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

  private void append(Path target, String shown, String extension, List<Part> parts) {
    if (!Files.isDirectory(target)) {
      throw new OutputException(
          "Cannot append to " + shown + ": it is a file, not a dataset directory");
    }
    String id = UUID.randomUUID().toString();
    // every part is staged under a hidden name first, so a failure leaves no part behind
    IntFunction<Path> staged =
        k ->
            target
                .resolve(parts.get(k).folder())
                .resolve(".part-" + id + "-" + k + "." + extension + ".staging");
    try {
      writeAll(parts, staged);
      for (int k = 0; k < parts.size(); k++) {
        beforeCommit.accept(staged.apply(k));
      }
      for (int k = 0; k < parts.size(); k++) {
        Files.move(
            staged.apply(k),
            target
                .resolve(parts.get(k).folder())
                .resolve(
                    "part-"
                        + id
                        + (parts.size() == 1 ? "" : String.format(Locale.ROOT, "-%05d", k))
                        + "."
                        + extension),
            StandardCopyOption.ATOMIC_MOVE);
      }
      try {
        Files.createFile(target.resolve("_SUCCESS"));
      } catch (FileAlreadyExistsException e) {
        // a previous write left it
      }
    } catch (IOException e) {
      deleteStaged(parts.size(), staged);
      throw new OutputException("Cannot append to " + shown + ": " + e, e);
    } catch (RuntimeException e) {
      deleteStaged(parts.size(), staged);
      throw e;
    }
  }

  private static void deleteStaged(int parts, IntFunction<Path> staged) {
    for (int k = 0; k < parts; k++) {
      deleteQuietly(staged.apply(k));
    }
  }

  private static String partName(int k, String extension) {
    return String.format(Locale.ROOT, "part-%05d.%s", k, extension);
  }

  /**
   * Writes part {@code k} to {@code file.apply(k)}, the parts in parallel when there are several
   * (also a table's data files, whose places the table gives and whose commit is the table's).
   */
  static void writeAll(List<Part> parts, IntFunction<Path> file) throws IOException {
    // every part runs to its end before a failure is raised, so the caller's cleanup that follows
    // sees every file there will be (a part still writing would leave one behind)
    Exception[] failures = new Exception[parts.size()];
    IntStream all = IntStream.range(0, parts.size());
    (parts.size() > 1 ? all.parallel() : all)
        .forEach(
            k -> {
              Path f = file.apply(k);
              try {
                Files.createDirectories(f.getParent());
                parts.get(k).writer().write(f);
              } catch (IOException | RuntimeException e) {
                failures[k] = e;
              }
            });
    Exception first = null;
    for (Exception e : failures) {
      if (e != null && first == null) {
        first = e;
      } else if (e != null) {
        first.addSuppressed(e);
      }
    }
    if (first instanceof IOException io) {
      throw io;
    } else if (first != null) {
      throw (RuntimeException) first;
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
