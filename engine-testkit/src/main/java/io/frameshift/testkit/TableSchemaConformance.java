package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.spi.Capability;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution on every engine: columns added, renamed, dropped, widened and made optional
 * without rewriting data (old files read under the new schema, renamed columns keeping their
 * values), old snapshots read with their own schema, and {@code mergeSchema} writes.
 */
public interface TableSchemaConformance extends TableConformance {

  private boolean evolvesTables() {
    return supports(Capability.WRITE_ICEBERG) && supports(Capability.READ_ICEBERG);
  }

  @Test
  default void addRenameDropAndWidenKeepTheDataAndOldSnapshotsTheirSchema() {
    if (!evolvesTables()) {
      return;
    }
    String t = newTable("evolve");
    Schema first =
        schema(
            field("id", DataType.INT32),
            field("name", DataType.STRING),
            field("price", DataType.FLOAT32),
            field("qty", DataType.INT32));
    frame(first, row(1, "apple", 1.5f, 3), row(2, "pear", 2.25f, null)).write().table(t);
    Table table = session().table(t);
    long before = table.currentSnapshot().orElseThrow().id();

    table
        .updateSchema()
        .addColumn("discount", DataType.FLOAT64, "off the list price")
        .renameColumn("name", "title")
        .dropColumn("qty")
        .widen("id", DataType.INT64)
        .widen("price", DataType.FLOAT64)
        .commit();
    Schema evolved =
        schema(
            field("id", DataType.INT64),
            field("title", DataType.STRING),
            field("price", DataType.FLOAT64),
            field("discount", DataType.FLOAT64));
    assertThat(table.schema()).isEqualTo(evolved);
    assertRows(session().read().table(t), row(1L, "apple", 1.5, null), row(2L, "pear", 2.25, null));

    frame(evolved, row(3L, "plum", 0.5, 0.1)).write().mode(WriteMode.APPEND).table(t);
    assertRows(
        session().read().table(t).filter(col("title").ne("pear")),
        row(1L, "apple", 1.5, null),
        row(3L, "plum", 0.5, 0.1));

    DataFrame old = session().read().option("versionAsOf", String.valueOf(before)).table(t);
    assertSchema(old, first.fields().toArray(new Field[0]));
    assertRows(old, row(1, "apple", 1.5f, 3), row(2, "pear", 2.25f, null));
  }

  @Test
  default void aRequiredColumnMadeOptionalTakesNull() {
    if (!evolvesTables()) {
      return;
    }
    String t = newTable("optional");
    String relative = t.substring(t.indexOf('.') + 1);
    Schema required =
        Schema.of(new Field("k", DataType.STRING, false), new Field("v", DataType.INT64, true));
    session().catalog(tableCatalog()).createTable(relative, required);
    frame(required, row("a", 1L)).write().mode(WriteMode.APPEND).table(t);
    Table table = session().table(t);
    table.updateSchema().makeOptional("k").commit();
    assertThat(table.schema().field("k").nullable()).isTrue();
    frame(schema(field("k", DataType.STRING), field("v", DataType.INT64)), row(null, 2L))
        .write()
        .mode(WriteMode.APPEND)
        .table(t);
    assertRows(session().read().table(t), row("a", 1L), row(null, 2L));
  }

  @Test
  default void schemaChangesTheTableCannotTakeAreRefusedNamingThem() {
    if (!evolvesTables()) {
      return;
    }
    String t = newTable("evolve_refused");
    frame(schema(field("k", DataType.STRING), field("v", DataType.INT64)), row("a", 1L))
        .write()
        .table(t);
    Table table = session().table(t);
    assertFailure(
        () -> table.updateSchema().widen("v", DataType.INT32).commit(),
        TypeMismatchException.class,
        "'v'",
        t,
        "INT64",
        "INT32 -> INT64");
    assertFailure(
        () -> table.updateSchema().renameColumn("value", "w").commit(),
        ColumnNotFoundException.class,
        "'value'",
        "v");
    // a failed update changes nothing, also not its changes before the one at fault
    assertFailure(
        () -> table.updateSchema().addColumn("x", DataType.INT32).dropColumn("y").commit(),
        ColumnNotFoundException.class,
        "'y'");
    assertThat(table.schema().names()).containsExactly("k", "v");
  }

  @Test
  default void aWriteWithNewColumnsNeedsMergeSchema() {
    if (!evolvesTables()) {
      return;
    }
    String t = newTable("merge_schema");
    frame(schema(field("k", DataType.STRING), field("n", DataType.INT32)), row("a", 1))
        .write()
        .table(t);
    DataFrame wider =
        frame(
            schema(
                field("k", DataType.STRING),
                field("n", DataType.INT64),
                field("note", DataType.STRING),
                field("day", DataType.DATE)),
            row("b", 5_000_000_000L, "new", date("2026-11-20")));
    assertFailure(
        () -> wider.write().mode(WriteMode.APPEND).table(t),
        ColumnNotFoundException.class,
        "[note, day]",
        t,
        "mergeSchema");
    wider.write().mode(WriteMode.APPEND).option("mergeSchema", "true").table(t);
    assertThat(session().table(t).schema())
        .isEqualTo(
            schema(
                field("k", DataType.STRING),
                field("n", DataType.INT64),
                field("note", DataType.STRING),
                field("day", DataType.DATE)));
    assertRows(
        session().read().table(t),
        row("a", 1L, null, null),
        row("b", 5_000_000_000L, "new", date("2026-11-20")));
  }
}
