package io.frameshift;

import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.internal.ExecutionContext;
import io.frameshift.internal.Executor;
import io.frameshift.internal.Tables;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.Sink;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.SchemaChange;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a frame: {@code df.write().mode(WriteMode.OVERWRITE).csv("out/result")}. Writes are
 * atomic: a failed write leaves what was at the target intact.
 */
public final class DataFrameWriter {
  /**
   * The option of a table write that adds the frame's columns the table lacks (and widens the
   * table's columns the frame holds wider values of) before writing; without it such a frame is
   * refused.
   */
  public static final String MERGE_SCHEMA = "mergeSchema";

  private static final Logger LOG = LoggerFactory.getLogger(DataFrameWriter.class);

  private final DataFrame frame;
  private final Map<String, String> options = new LinkedHashMap<>();
  private WriteMode mode = WriteMode.ERROR_IF_EXISTS;
  private List<String> partitionBy = List.of();

  DataFrameWriter(DataFrame frame) {
    this.frame = frame;
  }

  public DataFrameWriter mode(WriteMode m) {
    this.mode = m;
    return this;
  }

  public DataFrameWriter option(String key, String value) {
    options.put(key, value);
    return this;
  }

  /**
   * Partitions the output by these columns: rows go to hive-style folders {@code col=value/..} (see
   * {@link Datasets#partitionFolder}) and the columns are not stored in the files, as Spark writes
   * them; reading the directory gives them back as typed partition columns.
   */
  public DataFrameWriter partitionBy(String... columns) {
    partitionBy = List.of(columns);
    return this;
  }

  /** A directory of CSV part files. Options: {@link CsvOptions#KEYS}. */
  public void csv(String path) {
    save(Format.CSV, path);
  }

  /** A directory of Arrow IPC part files, readable by every engine. */
  public void arrow(String path) {
    save(Format.ARROW, path);
  }

  /** A directory of Parquet part files. Options: {@link ParquetOptions#WRITE_KEYS}. */
  public void parquet(String path) {
    save(Format.PARQUET, path);
  }

  /** A directory of JSON-lines part files (one object per row, null fields left out). */
  public void json(String path) {
    save(Format.JSON, path);
  }

  /**
   * Writes into the table {@code catalog.namespace.table}, creating it when absent (partitioned by
   * {@link #partitionBy} columns, if given). {@link WriteMode#APPEND} adds the rows; {@link
   * WriteMode#OVERWRITE} replaces every row of the table in one commit; {@link
   * WriteMode#ERROR_IF_EXISTS} (the default) fails if the table exists and {@link WriteMode#IGNORE}
   * then writes nothing. The frame's columns are matched to the table's by name and cast to their
   * types; a table column the frame lacks is written as null when it is nullable. Options: {@code
   * compression}, {@code tag} (recorded in the snapshot summary as {@value
   * io.frameshift.table.Snapshot#TAG}) and {@value #MERGE_SCHEMA} ({@code true}: the frame's
   * columns the table lacks are added to it first, and columns widened as {@link
   * SchemaChange#widens} allows).
   *
   * @throws io.frameshift.error.ColumnNotFoundException if the frame has columns the table lacks
   *     (without {@value #MERGE_SCHEMA}; the message names them and the option), or lacks a
   *     required one
   */
  public void table(String name) {
    ExecutionContext ctx = frame.session().execution();
    Tables.Name n = Tables.Name.parse(name, ctx.tables().names());
    TableCatalog catalog = ctx.tables().catalog(n.catalog());
    TableHandle table;
    if (catalog.exists(n.table())) {
      if (mode == WriteMode.ERROR_IF_EXISTS) {
        throw new OutputExistsException(
            "Table " + name + " exists; write with mode APPEND, OVERWRITE or IGNORE");
      }
      if (mode == WriteMode.IGNORE) {
        return;
      }
      table = catalog.load(n.table());
      if (!partitionBy.isEmpty() && !PartitionSpec.identity(partitionBy).equals(table.spec())) {
        throw new InvalidOptionException(
            "partitionBy"
                + partitionBy
                + " differs from the partitioning of table "
                + name
                + ": "
                + table.spec()
                + "; leave partitionBy out to write with the table's");
      }
    } else {
      Schema schema = frame.schema();
      for (String c : partitionBy) {
        if (!schema.contains(c)) {
          throw new ColumnNotFoundException(
              c, schema.names(), "partitionBy column '" + c + "' is not a column of the frame");
        }
      }
      table = catalog.create(n.table(), schema, PartitionSpec.identity(partitionBy), Map.of());
    }
    Map<String, String> writeOptions = new LinkedHashMap<>(options);
    boolean mergeSchema = mergeSchema(writeOptions.remove(MERGE_SCHEMA));
    List<SchemaChange> changes = schemaChanges(frame.schema(), table.schema());
    if (!changes.isEmpty()) {
      if (!mergeSchema) {
        List<String> extra = new ArrayList<>();
        for (SchemaChange c : changes) {
          if (c instanceof SchemaChange.AddColumn a) {
            extra.add(a.name());
          }
        }
        if (!extra.isEmpty()) {
          throw new ColumnNotFoundException(
              extra.get(0),
              table.schema().names(),
              "Columns "
                  + extra
                  + " of the frame are not columns of table "
                  + name
                  + "; write with option(\""
                  + MERGE_SCHEMA
                  + "\", \"true\") to add them to the table");
        }
      } else {
        // the table first, then the write: a write that fails leaves the columns added, as Spark's
        // and Delta's schema merges do
        table.updateSchema(changes);
        LOG.info("Table {}: schema merged from the frame's: {}", name, changes);
      }
    }
    DataFrame aligned = alignTo(frame, table.schema(), name);
    // the mode's check of an existing table is done: what is committed adds rows or replaces them
    WriteMode commit = mode == WriteMode.OVERWRITE ? WriteMode.OVERWRITE : WriteMode.APPEND;
    TableWrite write = table.newWrite(commit, writeOptions);
    Executor.write(
        ctx,
        aligned.plan(),
        new Sink(Format.ICEBERG, table.name(), commit, writeOptions, List.of(), write));
  }

  private static boolean mergeSchema(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new InvalidOptionException(
        "Option " + MERGE_SCHEMA + " is 'true' or 'false', not '" + value + "'");
  }

  /**
   * What the table's schema lacks to take the frame as it is: the frame's columns it does not have
   * (added as nullable columns), and the columns whose frame type widens the table's.
   */
  static List<SchemaChange> schemaChanges(Schema frame, Schema table) {
    List<SchemaChange> out = new ArrayList<>();
    for (Field f : frame.fields()) {
      if (!table.contains(f.name())) {
        out.add(new SchemaChange.AddColumn(f.name(), f.type(), null));
      } else if (SchemaChange.widens(table.field(f.name()).type(), f.type())) {
        out.add(new SchemaChange.WidenColumn(f.name(), f.type()));
      }
    }
    return out;
  }

  /** The frame with the table's columns in the table's order and types. */
  static DataFrame alignTo(DataFrame frame, Schema target, String name) {
    Schema have = frame.schema();
    for (String c : have.names()) {
      if (!target.contains(c)) {
        throw new ColumnNotFoundException(
            c, target.names(), "Column '" + c + "' of the frame is not a column of table " + name);
      }
    }
    List<Expr> columns = new ArrayList<>();
    for (Field f : target.fields()) {
      if (have.contains(f.name())) {
        DataType from = have.field(have.indexOf(f.name())).type();
        Expr c = Functions.col(f.name());
        columns.add(from.equals(f.type()) ? c : c.cast(f.type()).as(f.name()));
      } else if (f.nullable()) {
        columns.add(Functions.lit(null, f.type()).as(f.name()));
      } else {
        throw new ColumnNotFoundException(
            f.name(),
            have.names(),
            "Table " + name + " requires column '" + f.name() + "', which the frame lacks");
      }
    }
    return frame.select(columns.toArray(Expr[]::new));
  }

  /** Writes in any {@link Format} the engine running the frame supports. */
  public void save(Format format, String path) {
    DataFrameReader.checkOptions(format, options, true);
    Schema schema = frame.schema();
    for (String c : partitionBy) {
      if (!schema.contains(c)) {
        throw new ColumnNotFoundException(
            c, schema.names(), "partitionBy column '" + c + "' is not a column of the frame");
      }
    }
    if (!partitionBy.isEmpty() && new HashSet<>(partitionBy).size() == schema.size()) {
      throw new InvalidOptionException(
          "partitionBy" + partitionBy + " names every column; the files would have none");
    }
    Executor.write(
        frame.session().execution(),
        frame.plan(),
        new Sink(format, path, mode, options, partitionBy));
  }
}
