package io.frameshift.iceberg;

import io.frameshift.spi.TableWrite;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.Files;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.parquet.Parquet;

/**
 * Writes data files for a {@link TableWrite} as an engine would (Iceberg's generic Parquet writer
 * stands in for the local engine's), so the write protocol is tested without an engine.
 */
final class DataFiles {
  private DataFiles() {}

  /** One Parquet file of {@code rows} (values in the table's column order) in a partition. */
  static TableWrite.WrittenFile write(
      TableWrite write, Schema schema, List<Object> partition, List<Object[]> rows) {
    String path = write.newDataFile(partition);
    File file = new File(path.startsWith("file:") ? path.substring("file:".length()) : path);
    try {
      // Iceberg's local output file makes its folder with mkdirs() and fails when another writer
      // made it in between; creating it first tolerates concurrent writers
      java.nio.file.Files.createDirectories(file.toPath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (FileAppender<Record> out =
        Parquet.write(Files.localOutput(file))
            .schema(schema)
            .createWriterFunc(GenericParquetWriter::create)
            .build()) {
      for (Object[] r : rows) {
        Record rec = GenericRecord.create(schema);
        for (int c = 0; c < r.length; c++) {
          Object v = r[c];
          rec.set(c, v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : v);
        }
        out.add(rec);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TableWrite.WrittenFile(path, rows.size(), file.length(), partition);
  }
}
