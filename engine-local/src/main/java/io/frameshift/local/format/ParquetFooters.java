package io.frameshift.local.format;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Parquet footers read once per version of a file. One read of a dataset asks for each footer up to
 * three times (schema inference, the estimator's row counts, the scan's plan), and the footer of a
 * file with a few hundred row groups takes as long to parse as a small file takes to read. A
 * version is the file's identity on disk (its inode where the file system has one), size and
 * modification time: a dataset rewritten in place is renamed in as new files, so it is read again.
 * Few footers are kept, so a host reading many files does not hold their metadata.
 */
final class ParquetFooters {
  private ParquetFooters() {}

  private record Version(Path path, Object identity, long size, FileTime modified) {}

  private static final int KEPT = 64;

  private static final Map<Version, ParquetMetadata> KEPT_FOOTERS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Version, ParquetMetadata> eldest) {
          return size() > KEPT;
        }
      };

  /** The footer of {@code path}, read from the file unless this version of it was read before. */
  static ParquetMetadata of(Path path) {
    Version version;
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      version = new Version(path.toAbsolutePath(), a.fileKey(), a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      throw ParquetScan.failure(path, e);
    }
    synchronized (KEPT_FOOTERS) {
      ParquetMetadata kept = KEPT_FOOTERS.get(version);
      if (kept != null) {
        return kept;
      }
    }
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetScan.open(path, null)) {
      footer = reader.getFooter();
    } catch (IOException | RuntimeException e) {
      throw ParquetScan.failure(path, e);
    }
    synchronized (KEPT_FOOTERS) {
      KEPT_FOOTERS.put(version, footer);
    }
    return footer;
  }
}
