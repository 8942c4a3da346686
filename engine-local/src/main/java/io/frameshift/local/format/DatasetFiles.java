package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.error.SourceNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reading side of the layout {@link DatasetWriter} writes, the same for every format: a path is
 * a single file or a directory of part files, where names starting with {@code _} or {@code .}
 * ({@code _SUCCESS}, staged parts) are not data.
 */
final class DatasetFiles {
  private DatasetFiles() {}

  /**
   * The data files of every path, in order (a directory's in name order); a missing path raises
   * SourceNotFoundException. {@code label} names the format in messages.
   */
  static List<Path> list(List<String> paths, String label) {
    List<Path> out = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new SourceNotFoundException(label + " input " + p + " does not exist");
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children
              .filter(Files::isRegularFile)
              .filter(
                  c -> {
                    String name = c.getFileName().toString();
                    return !name.startsWith("_") && !name.startsWith(".");
                  })
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new InputException(
              "Cannot list " + label + " directory " + p + ": " + e.getMessage(), e);
        }
      } else {
        out.add(path);
      }
    }
    return out;
  }
}
