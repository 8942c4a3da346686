package io.frameshift.iceberg;

import io.frameshift.error.OutputException;
import io.frameshift.error.UnsupportedCapabilityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files under a table's location that no snapshot references. Iceberg's core has no Spark-free
 * DeleteOrphanFiles action, so this is the same subtraction Spark's action makes: every file listed
 * under the location, minus every file reachable from the table's metadata.
 */
final class OrphanFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanFiles.class);

  private OrphanFiles() {}

  /**
   * The orphans of {@code table} last modified before {@code olderThan}, sorted. {@code fresh}
   * gives the table at its catalog's current state.
   */
  static List<String> list(String name, Supplier<Table> fresh, Instant olderThan) {
    Table table = fresh.get();
    FileIO io = table.io();
    if (!(io instanceof SupportsPrefixOperations prefixes)) {
      throw new UnsupportedCapabilityException(
          "Cannot list the files of table "
              + name
              + ": its file IO "
              + io.getClass().getName()
              + " cannot list a location");
    }
    long cutoff = olderThan.toEpochMilli();
    // listed before the metadata is read: a slow writer that commits an old file in between then
    // has it counted as reachable, never deleted
    List<String> candidates = new ArrayList<>();
    for (FileInfo f : prefixes.listPrefix(table.location())) {
      if (f.createdAtMillis() < cutoff) {
        candidates.add(f.location());
      }
    }
    Set<String> reachable = reachable(fresh.get());
    List<String> orphans = new ArrayList<>();
    for (String f : candidates) {
      if (!reachable.contains(key(f))) {
        orphans.add(f);
      }
    }
    orphans.sort(null);
    LOG.info(
        "Table {}: {} files under {} older than {}, {} of them orphans",
        name,
        candidates.size(),
        table.location(),
        olderThan,
        orphans.size());
    return orphans;
  }

  /** Deletes the orphans of {@code table} and returns them. */
  static List<String> remove(String name, Supplier<Table> fresh, Instant olderThan) {
    List<String> orphans = list(name, fresh, olderThan);
    FileIO io = fresh.get().io();
    for (String f : orphans) {
      try {
        io.deleteFile(f);
      } catch (RuntimeException e) {
        throw new OutputException(
            "Cannot delete orphan file " + f + " of table " + name + ": " + e.getMessage(), e);
      }
    }
    LOG.info("Table {}: {} orphan files deleted", name, orphans.size());
    return orphans;
  }

  /** Every file the table's metadata references, by {@link #key}. */
  private static Set<String> reachable(Table table) {
    FileIO io = table.io();
    Set<String> out = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, false).forEach(f -> out.add(key(f)));
    // the Hadoop catalog's pointer to the current metadata file
    out.add(key(ReachableFileUtil.versionHintLocation(table)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(f -> out.add(key(f)));
    table.partitionStatisticsFiles().forEach(f -> out.add(key(f.path())));
    Set<String> manifests = new HashSet<>();
    for (Snapshot s : table.snapshots()) {
      if (s.manifestListLocation() != null) {
        out.add(key(s.manifestListLocation()));
      }
      for (ManifestFile m : s.allManifests(io)) {
        if (!manifests.add(m.path())) {
          continue; // shared with an earlier snapshot: its files are counted
        }
        out.add(key(m.path()));
        try {
          switch (m.content()) {
            case DATA -> {
              try (ManifestReader<org.apache.iceberg.DataFile> r =
                  ManifestFiles.read(m, io, table.specs())) {
                for (org.apache.iceberg.DataFile f : r) {
                  out.add(key(f.location()));
                }
              }
            }
            case DELETES -> {
              try (ManifestReader<DeleteFile> r =
                  ManifestFiles.readDeleteManifest(m, io, table.specs())) {
                for (DeleteFile f : r) {
                  out.add(key(f.location()));
                }
              }
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read manifest " + m.path(), e);
        }
      }
    }
    return out;
  }

  /**
   * A location without its {@code file:} scheme: listings name local files {@code file:/x} where
   * the table's metadata may say {@code /x} or {@code file:///x}. Other schemes stay as they are.
   */
  static String key(String location) {
    if (location.startsWith("file:")) {
      try {
        return URI.create(location).getPath();
      } catch (IllegalArgumentException e) {
        return location.substring("file:".length());
      }
    }
    return location;
  }
}
