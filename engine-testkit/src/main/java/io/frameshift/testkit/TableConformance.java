package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.WriteMode;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.spi.Capability;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tables on every engine: what an engine writes into a table it reads back with every value intact,
 * appends add and overwrites replace in one snapshot each, an old snapshot reads as it was, and
 * each snapshot names the engine that wrote it. Needs a table module on the class path and a
 * catalog named {@link #tableCatalog()}; an engine that cannot write or read tables must fail with
 * {@link UnsupportedCapabilityException}.
 */
public interface TableConformance extends ConformanceBase {

  /** Tables of one suite get distinct names within its catalog. */
  AtomicInteger TABLES = new AtomicInteger();

  /** The catalog the session under test configures, where the tests create their tables. */
  String tableCatalog();

  /** A fresh table name of the catalog: {@code catalog.conformance.<what>_<n>}. */
  default String newTable(String what) {
    return tableCatalog() + ".conformance." + what + "_" + TABLES.incrementAndGet();
  }

  /** Whether the engines read and write tables; if not, asserts that a write fails so. */
  private boolean handlesTables() {
    if (supports(Capability.WRITE_ICEBERG) && supports(Capability.READ_ICEBERG)) {
      return true;
    }
    if (!supports(Capability.WRITE_ICEBERG)) {
      assertFailure(
          column("x", DataType.INT32, 1),
          d -> d.write().mode(WriteMode.APPEND).table(newTable("refused")),
          UnsupportedCapabilityException.class,
          "iceberg");
    }
    return false;
  }

  /** The engines the snapshots may name: the pinned one, or any in AUTO mode. */
  private List<String> writers() {
    return session().mode().equals(io.frameshift.Frameshift.AUTO)
        ? List.copyOf(session().availableEngines())
        : List.of(session().mode());
  }

  @Test
  default void everyTypeRoundTripsThroughATable() {
    if (!handlesTables()) {
      return;
    }
    String t = newTable("every_type");
    Object[][] rows = Samples.everyTypeRows().toArray(new Object[0][]);
    frame(Samples.EVERY_TYPE, rows).write().table(t);
    DataFrame back = session().read().table(t);
    assertSchema(back, Samples.EVERY_TYPE.fields().toArray(new Field[0]));
    assertRows(back, Samples.everyTypeRows().toArray(new Object[0][]));
  }

  @Test
  default void appendAddsOverwriteReplacesAndTheFirstSnapshotReadsAsItWas() {
    if (!handlesTables()) {
      return;
    }
    String t = newTable("modes");
    Schema schema = schema(field("k", DataType.STRING), field("v", DataType.INT64));
    frame(schema, row("a", 1L), row("b", 2L)).write().table(t);
    assertFailure(
        frame(schema, row("c", 3L)), d -> d.write().table(t), OutputExistsException.class, t);
    frame(schema, row("c", 3L)).write().mode(WriteMode.APPEND).table(t);
    assertRows(session().read().table(t), row("a", 1L), row("b", 2L), row("c", 3L));
    frame(schema, row("z", 26L)).write().mode(WriteMode.OVERWRITE).table(t);
    assertRows(session().read().table(t), row("z", 26L));

    List<Snapshot> snapshots = session().table(t).snapshots();
    assertThat(snapshots).hasSize(3);
    for (Snapshot s : snapshots) {
      assertThat(s.engine()).as("the engine of snapshot %s", s).isIn(writers());
    }
    DataFrame first =
        session().read().option("versionAsOf", String.valueOf(snapshots.get(0).id())).table(t);
    assertRows(first, row("a", 1L), row("b", 2L));
  }

  @Test
  default void upsertAndDeleteChangeRowsInOneCommitEach() {
    if (!handlesTables()) {
      return;
    }
    String t = newTable("row_changes");
    Schema schema = schema(field("k", DataType.STRING), field("v", DataType.INT64));
    frame(schema, row("a", 1L), row("b", 2L), row("c", 3L)).write().table(t);
    session().table(t).upsert(frame(schema, row("b", 20L), row("d", 4L)), "k");
    assertRows(session().read().table(t), row("a", 1L), row("b", 20L), row("c", 3L), row("d", 4L));
    session().table(t).delete("v > 3 AND v < 10");
    assertRows(session().read().table(t), row("a", 1L), row("b", 20L), row("c", 3L));
    // overwrite(rows, condition) is not here: on Spark, Iceberg refuses a condition that matches
    // part of a data file, and where the rows above sit after an upsert is the engine's choice

    List<Snapshot> snapshots = session().table(t).snapshots();
    assertThat(snapshots).hasSize(3);
    for (Snapshot s : snapshots) {
      assertThat(s.engine()).as("the engine of snapshot %s", s).isIn(writers());
    }
  }

  @Test
  default void aPartitionedTableReadsBackAndFiltersOnItsPartitionColumn() {
    if (!handlesTables()) {
      return;
    }
    String t = newTable("partitioned");
    Schema schema =
        schema(
            field("day", DataType.DATE), field("k", DataType.STRING), field("v", DataType.INT32));
    LocalDate d1 = LocalDate.of(2026, 11, 20);
    LocalDate d2 = LocalDate.of(2026, 11, 21);
    frame(
            schema,
            row(d1, "a", 1),
            row(d2, "b", 2),
            row(null, "c", 3),
            row(d1, null, 4),
            row(d2, "e", null))
        .write()
        .partitionBy("day")
        .table(t);
    assertRows(
        session().read().table(t).filter(col("day").eq(lit(d2))),
        row(d2, "b", 2),
        row(d2, "e", null));
    assertRows(session().read().table(t).filter(col("day").isNull()).select("k"), row("c"));
    assertRows(
        session().read().table(t).select("v", "k").filter(col("v").gt(lit(2))),
        row(3, "c"),
        row(4, null));
  }
}
