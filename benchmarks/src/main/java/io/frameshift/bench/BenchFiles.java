package io.frameshift.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The harnesses' file chores: a path as a SQL literal, a tree's size, a tree's removal. */
final class BenchFiles {
  private BenchFiles() {}

  /** {@code p} as a single-quoted SQL string literal (DuckDB). */
  static String literal(Path p) {
    return "'" + p.toString().replace("'", "''") + "'";
  }

  /** The bytes of the regular files under {@code p} (or of {@code p} itself). */
  static long size(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(BenchFiles::sizeOf).sum();
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes {@code p} and everything under it; nothing when it does not exist. */
  static void delete(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
