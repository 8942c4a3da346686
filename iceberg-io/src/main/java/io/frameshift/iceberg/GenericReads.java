package io.frameshift.iceberg;

import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericDeleteFilter;
import org.apache.iceberg.data.IdentityPartitionConverters;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.formats.FormatModelRegistry;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.PartitionUtil;

/**
 * Reads one data file with Iceberg's generic reader, its position and equality deletes applied: the
 * fallback for files written by other engines with delete files (or in formats the engines do not
 * read). It builds one boxed record per row, so it is correct rather than fast.
 */
final class GenericReads {
  private GenericReads() {}

  static ArrowBatches read(
      Table table, org.apache.iceberg.Schema schema, FileScanTask task, List<String> columns) {
    IcebergFormats.init();
    org.apache.iceberg.Schema projection = schema.select(columns);
    Schema ours = IcebergTypes.toFrameshift(projection, table.name());
    GenericDeleteFilter deletes = new GenericDeleteFilter(table.io(), task, schema, projection);
    org.apache.iceberg.Schema readSchema = deletes.requiredSchema();
    Map<Integer, ?> constants =
        PartitionUtil.constantsMap(task, IdentityPartitionConverters::convertConstant);
    CloseableIterable<Record> records =
        FormatModelRegistry.<Record, Object>readBuilder(
                task.file().format(), Record.class, table.io().newInputFile(task.file()))
            .project(readSchema)
            .idToConstant(constants)
            .split(task.start(), task.length())
            .build();
    List<Row> rows = new ArrayList<>();
    try (CloseableIterable<Record> kept = deletes.filter(records)) {
      for (Record r : kept) {
        Object[] values = new Object[ours.size()];
        for (int c = 0; c < values.length; c++) {
          DataType t = ours.field(c).type();
          values[c] = IcebergTypes.fromGeneric(r.getField(ours.field(c).name()), t);
        }
        rows.add(Row.of(ours, values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading " + task.file().location() + " of " + table.name() + ": " + e.getMessage(), e);
    }
    return ArrowRows.toBatches(ours, rows);
  }
}
