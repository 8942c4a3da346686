package io.frameshift.io;

import io.frameshift.expr.Expr;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.TableScan;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a frame's data comes from. {@code schema} is null until the session resolves it (given by
 * the user or inferred); engines are always handed a source with a schema and must produce exactly
 * {@link #projectedSchema()}.
 *
 * @param format the data format
 * @param paths files, directories of part files, or globs (see {@link Datasets})
 * @param options format options, validated by the format's option record (e.g. {@link CsvOptions})
 * @param schema the schema of the whole dataset (the files' columns, then any partition columns),
 *     or null before resolution
 * @param columns the columns the plan needs, in the schema's order; null for all. The session's
 *     planner sets it from the projections above the scan.
 * @param filter a condition the plan applies right above the scan, or null: a hint only. An engine
 *     may skip data none of whose rows can satisfy it (a Parquet row group by its statistics, a
 *     partition folder by its value) and may still return rows that do not satisfy it, since the
 *     filter stays in the plan.
 * @param stats what the inferring engine learned of the dataset's size from metadata (exact rows of
 *     Parquet footers), or {@link FrameStats#UNKNOWN}
 * @param table for a {@link Format#ICEBERG} source, the scan of the table snapshot the frame reads
 *     ({@code paths} then holds the table's name); null for files
 */
public record Source(
    Format format,
    List<String> paths,
    Map<String, String> options,
    Schema schema,
    List<String> columns,
    Expr filter,
    FrameStats stats,
    TableScan table) {

  public Source {
    Objects.requireNonNull(format, "format");
    paths = List.copyOf(paths);
    options = Map.copyOf(options);
    stats = stats == null ? FrameStats.UNKNOWN : stats;
    if (columns != null) {
      columns = inSchemaOrder(schema, columns);
    }
  }

  /** A source of files. */
  public Source(
      Format format,
      List<String> paths,
      Map<String, String> options,
      Schema schema,
      List<String> columns,
      Expr filter,
      FrameStats stats) {
    this(format, paths, options, schema, columns, filter, stats, null);
  }

  /** A source reading one snapshot of a table, its schema and size taken from the scan. */
  public static Source table(TableScan scan, Map<String, String> options) {
    return new Source(
        Format.ICEBERG,
        List.of(scan.table()),
        options,
        scan.schema(),
        null,
        null,
        scan.stats(),
        scan);
  }

  /** A source read whole, with nothing known of its size. */
  public Source(Format format, List<String> paths, Map<String, String> options, Schema schema) {
    this(format, paths, options, schema, null, null, FrameStats.UNKNOWN);
  }

  private static List<String> inSchemaOrder(Schema schema, List<String> columns) {
    if (schema == null) {
      throw new IllegalArgumentException("A projection needs a resolved schema: " + columns);
    }
    Set<String> wanted = new LinkedHashSet<>(columns);
    List<String> out = new ArrayList<>();
    for (Field f : schema.fields()) {
      if (wanted.remove(f.name())) {
        out.add(f.name());
      }
    }
    if (!wanted.isEmpty()) {
      throw new IllegalArgumentException("Columns " + wanted + " are not in " + schema);
    }
    return List.copyOf(out);
  }

  public Source withSchema(Schema resolved) {
    return new Source(format, paths, options, resolved, null, filter, stats, table);
  }

  /** This source reading only {@code needed} (null for all). */
  public Source withColumns(List<String> needed) {
    return new Source(format, paths, options, schema, needed, filter, stats, table);
  }

  /** This source with the filter hint {@code condition} (null for none). */
  public Source withFilter(Expr condition) {
    return new Source(format, paths, options, schema, columns, condition, stats, table);
  }

  public Source withStats(FrameStats known) {
    return new Source(format, paths, options, schema, columns, filter, known, table);
  }

  /** The schema a read gives: {@link #schema()} restricted to {@link #columns()}. */
  public Schema projectedSchema() {
    if (columns == null || schema == null) {
      return schema;
    }
    List<Field> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(schema.field(schema.indexOf(c)));
    }
    return Schema.of(fields);
  }

  /** The options parsed as {@link JsonOptions} (for a JSON source). */
  public JsonOptions jsonOptions() {
    return JsonOptions.forRead(options);
  }

  @Override
  public String toString() {
    if (table != null) {
      return "table " + table.describe();
    }
    return format.label() + " " + (paths.size() == 1 ? paths.get(0) : paths.toString());
  }
}
