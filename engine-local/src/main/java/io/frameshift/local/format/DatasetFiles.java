package io.frameshift.local.format;

import io.frameshift.error.SourceNotFoundException;
import io.frameshift.io.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reading side of the layout {@link DatasetWriter} writes, the same for every format: a path is
 * a single file, a directory of part files or a glob, listed as every engine lists them ({@link
 * Datasets}); names starting with {@code _} or {@code .} ({@code _SUCCESS}, staged parts) are not
 * data.
 */
final class DatasetFiles {
  private DatasetFiles() {}

  /**
   * The data files of every path, in order (a directory's in path order); a missing path raises
   * SourceNotFoundException. {@code label} names the format in messages.
   */
  static List<Path> list(List<String> paths, String label) {
    for (String p : paths) {
      if (!Datasets.isGlob(p) && !Files.exists(Path.of(p))) {
        throw new SourceNotFoundException(label + " input " + p + " does not exist");
      }
    }
    // directories, globs and partition folders are listed as every engine lists them
    return Datasets.list(paths).files().stream().map(Datasets.DataFile::path).toList();
  }
}
