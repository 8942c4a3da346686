package io.frameshift.local.format;

import io.frameshift.error.SourceNotFoundException;
import io.frameshift.io.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data files of a dataset for the readers that take no partition columns (CSV, Arrow), as
 * {@link Datasets} lists them for every engine: a file, a directory of part files (names starting
 * with {@code _} or {@code .} are not data) or a glob.
 */
final class DatasetFiles {
  private DatasetFiles() {}

  /**
   * The data files of every path, in order (a directory's in path order); a missing path raises
   * SourceNotFoundException. {@code label} names the format in messages.
   */
  static List<Path> list(List<String> paths, String label) {
    return files(paths, label).stream().map(Datasets.DataFile::path).toList();
  }

  /** As {@link #list}, each file with its size. */
  static List<Datasets.DataFile> files(List<String> paths, String label) {
    for (String p : paths) {
      if (!Datasets.isGlob(p) && !Files.exists(Path.of(p))) {
        throw new SourceNotFoundException(label + " input " + p + " does not exist");
      }
    }
    return Datasets.list(paths).files();
  }
}
