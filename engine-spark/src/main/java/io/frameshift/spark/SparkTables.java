package io.frameshift.spark;

import static org.apache.spark.sql.functions.lit;

import io.frameshift.WriteMode;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.MergeInto;
import io.frameshift.spi.TableScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.MergeIntoWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tables through the table format's own Spark catalog (configured on the session from the same
 * settings as the session's catalogs), with SQL and Spark's DataSource V2 writer only: this module
 * imports no class of the table format. A read is pinned to the scan's snapshot with {@code VERSION
 * AS OF} (Iceberg's legacy read options throw on Spark 4.1); a write records the engine and the
 * user's tag in the snapshot summary.
 */
final class SparkTables {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTables.class);

  /** Attempts of a write whose commit met a locked catalog database or lost to a concurrent one. */
  static final int WRITE_ATTEMPTS = 10;

  private SparkTables() {}

  /** The snapshot the source's scan chose, in the scan's column order. */
  static SparkFrame load(SparkSession spark, Source source) {
    TableScan scan = scan(source);
    requireCatalog(spark, scan.table());
    Dataset<Row> ds;
    if (scan.snapshotId().isEmpty()) {
      ds = spark.createDataFrame(List.of(), SparkTypes.toSpark(source.schema()));
    } else {
      ds =
          spark.sql(
              "SELECT * FROM "
                  + quoted(scan.table())
                  + " VERSION AS OF "
                  + scan.snapshotId().getAsLong());
    }
    Map<String, Integer> ids = scan.fieldIds();
    Map<String, Integer> stored = scan.snapshotFieldIds();
    Map<Integer, String> storedName = new LinkedHashMap<>();
    stored.forEach((n, id) -> storedName.put(id, n));
    List<Column> columns = new ArrayList<>();
    for (io.frameshift.types.Field f : source.schema().fields()) {
      String c = f.name();
      if (scan.snapshotId().isEmpty() || ids.equals(stored)) {
        columns.add(ds.col(ExprTranslator.quote(c)));
        continue;
      }
      // the schema changed after the snapshot was committed: Spark reads it with the snapshot's
      // schema, so each column is found by its id (renamed, widened), or null when added since
      String was = storedName.get(ids.get(c));
      Column col =
          was == null
              ? lit(null).cast(SparkTypes.toSpark(f.type()))
              : ds.col(ExprTranslator.quote(was)).cast(SparkTypes.toSpark(f.type()));
      columns.add(col.as(c));
    }
    return new SparkFrame(ds.select(columns.toArray(Column[]::new)), source.schema());
  }

  private static TableScan scan(Source source) {
    if (source.table() == null) {
      throw new UnsupportedCapabilityException(
          "The Spark engine reads iceberg tables through read().table(name), not as files ("
              + source.paths()
              + ")");
    }
    return source.table();
  }

  /** Appends to, or overwrites every row of, the table the sink names. */
  static void save(SparkFrame frame, Sink sink) {
    if (sink.table() == null) {
      throw new UnsupportedCapabilityException(
          "The Spark engine writes iceberg tables through write().table(name), not as files ("
              + sink.path()
              + ")");
    }
    if (sink.mode() != WriteMode.APPEND && sink.mode() != WriteMode.OVERWRITE) {
      throw new IllegalArgumentException(
          "A table write appends or overwrites; got " + sink.mode() + " for " + sink.path());
    }
    requireCatalog(frame.dataset().sparkSession(), sink.table().table());
    String table = quoted(sink.table().table());
    if (sink.table() instanceof MergeInto merge) {
      merge(frame, merge, table, sink.options().get("tag"));
      return;
    }
    Column overwriteWhere =
        sink.options().containsKey(Sink.OVERWRITE_WHERE)
            ? org.apache.spark.sql.functions.expr(sink.options().get(Sink.OVERWRITE_WHERE))
            : null;
    if (sink.options().containsKey(Sink.DELETE_WHERE)) {
      SparkSession spark = frame.dataset().sparkSession();
      String sql = "DELETE FROM " + table + " WHERE " + sink.options().get(Sink.DELETE_WHERE);
      runWithProperties(spark, sql, "delete", sink.options().get("tag"), table);
      return;
    }
    if (overwriteWhere != null) {
      // Iceberg's overwrite by filter deletes whole files only ("Cannot delete file where some,
      // but not all, rows match filter"); a merge that matches nothing inserts every row of the
      // frame and deletes the table's rows the condition holds for, rewriting files that hold both
      // kinds, in one commit: any condition works, as on the local engine
      Column where = overwriteWhere;
      runWithProperties(
          frame.dataset().sparkSession(),
          () ->
              frame
                  .dataset()
                  .mergeInto(table, lit(false))
                  .whenNotMatched()
                  .insertAll()
                  .whenNotMatchedBySource(where)
                  .delete()
                  .merge(),
          "overwrite",
          sink.options().get("tag"),
          table);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      DataFrameWriterV2<Row> w =
          frame
              .dataset()
              .writeTo(table)
              .option("snapshot-property.frameshift.engine", SparkEngine.NAME);
      String tag = sink.options().get("tag");
      if (tag != null) {
        w = w.option("snapshot-property.frameshift.tag", tag);
      }
      String codec = sink.options().get("compression");
      if (codec != null) {
        w = w.option("compression-codec", codec.equalsIgnoreCase("none") ? "uncompressed" : codec);
      }
      try {
        if (sink.mode() == WriteMode.APPEND) {
          w.append();
        } else {
          w.overwrite(lit(true));
        }
        return;
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new io.frameshift.error.TableNotFoundException(
            "Spark does not see table " + sink.table().table() + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        if (attempt >= WRITE_ATTEMPTS || !retryable(e)) {
          throw e;
        }
        // the failed commit removed its files; the whole write runs again on the new snapshot
        LOG.debug("Write to {} did not commit (attempt {}), trying again: {}", table, attempt, e);
        sleep(attempt);
      }
    }
  }

  /**
   * Snapshot properties of SQL commands come from the session's SQL conf: Iceberg's {@code
   * spark.sql.iceberg.snapshot-property.} prefix. Set around one command at a time, so concurrent
   * commands of this session never record another's tag.
   */
  private static final String SNAPSHOT_PROPERTY = "spark.sql.iceberg.snapshot-property.";

  private static final Object SQL_PROPERTIES = new Object();

  /**
   * Spark's {@code Dataset.mergeInto}: the table format's {@code MERGE INTO}, copy-on-write unless
   * the table says otherwise ({@code write.merge.mode}, Iceberg's default copy-on-write). The
   * frame's columns are named {@code source.<name>}, so the table's columns resolve by their plain
   * names without a clash.
   */
  private static void merge(SparkFrame frame, MergeInto merge, String table, String tag) {
    SparkSession spark = frame.dataset().sparkSession();
    ExprTranslator tr = new ExprTranslator(merge.input());
    Runnable command =
        () -> {
          MergeIntoWriter<Row> w =
              frame.dataset().mergeInto(table, tr.translate(merge.condition()));
          for (MergeInto.Clause c : merge.clauses()) {
            Column when = tr.translate(c.when());
            if (c instanceof MergeInto.Update u) {
              w = w.whenMatched(when).update(assignments(u.set(), tr));
            } else if (c instanceof MergeInto.Delete) {
              w = w.whenMatched(when).delete();
            } else if (c instanceof MergeInto.Insert i) {
              w = w.whenNotMatched(when).insert(assignments(i.values(), tr));
            }
          }
          w.merge();
        };
    runWithProperties(spark, command, merge.operation(), tag, table);
  }

  /** Assignments as {@code mergeInto} takes them: each key parsed as a (back-quoted) name. */
  private static scala.collection.immutable.Map<String, Column> assignments(
      Map<String, io.frameshift.expr.Expr> values, ExprTranslator tr) {
    Map<String, Column> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(ExprTranslator.quote(k), tr.translate(v)));
    return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(out));
  }

  /**
   * Runs a row-level SQL command with the engine, the operation and the tag as snapshot properties,
   * again when its commit only lost a race or met a locked catalog database.
   */
  private static void runWithProperties(
      SparkSession spark, String sql, String operation, String tag, String table) {
    runWithProperties(spark, () -> spark.sql(sql), operation, tag, table);
  }

  private static void runWithProperties(
      SparkSession spark, Runnable command, String operation, String tag, String table) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(SNAPSHOT_PROPERTY + "frameshift.engine", SparkEngine.NAME);
    properties.put(SNAPSHOT_PROPERTY + "frameshift.operation", operation);
    if (tag != null) {
      properties.put(SNAPSHOT_PROPERTY + "frameshift.tag", tag);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        synchronized (SQL_PROPERTIES) {
          properties.forEach(spark.conf()::set);
          try {
            command.run();
          } finally {
            properties.keySet().forEach(spark.conf()::unset);
          }
        }
        LOG.info("{} on {} committed", operation, table);
        return;
      } catch (RuntimeException e) {
        if (attempt >= WRITE_ATTEMPTS || !retryable(e)) {
          throw e;
        }
        LOG.debug(
            "{} on {} did not commit (attempt {}), trying again: {}", operation, table, attempt, e);
        sleep(attempt);
      }
    }
  }

  /** A commit that lost to a concurrent one, or met a locked catalog database. */
  static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t.getClass().getName().equals("org.apache.iceberg.exceptions.CommitFailedException")
          || m.contains("SQLITE_BUSY")
          || m.contains("database is locked")) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(int attempt) {
    long cap = Math.min(2000, 25L << Math.min(attempt, 16));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while retrying a table write", e);
    }
  }

  /**
   * The table's catalog must be one of the session's: a session Frameshift started has the
   * session's catalogs; one handed in ({@link SparkEngine#of}) needs them set by its owner.
   */
  private static void requireCatalog(SparkSession spark, String table) {
    String catalog = table.substring(0, table.indexOf('.'));
    if (spark.conf().getOption("spark.sql.catalog." + catalog).isEmpty()) {
      throw new io.frameshift.error.ConfigurationException(
          "The Spark session has no catalog '"
              + catalog
              + "' (setting spark.sql.catalog."
              + catalog
              + ") for table "
              + table
              + ": a Spark session the application started needs the catalog's settings (see"
              + " docs/iceberg.md), and frameshift-iceberg-io must be on the class path");
    }
  }

  /** {@code catalog.namespace.table} with each part back-quoted. */
  static String quoted(String table) {
    List<String> parts = new ArrayList<>();
    for (String p : table.split("\\.")) {
      parts.add(ExprTranslator.quote(p));
    }
    return String.join(".", parts);
  }
}
