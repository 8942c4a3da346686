package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Table;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.MultipleMatchException;
import io.frameshift.spi.Capability;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Table.merge(..)} on every engine: the clauses in order, the first that holds applying, one
 * commit, the same rows whichever engine merges; a table row matched by several source rows refused
 * with the same message everywhere, the table unchanged.
 */
public interface TableMergeConformance extends TableConformance {

  private boolean mergesTables() {
    return supports(Capability.WRITE_ICEBERG) && supports(Capability.READ_ICEBERG);
  }

  private Schema stockSchema() {
    return schema(field("k", DataType.STRING), field("stock", DataType.INT64));
  }

  private Schema changeSchema() {
    return schema(
        field("k", DataType.STRING),
        field("delta", DataType.INT32),
        field("gone", DataType.BOOLEAN));
  }

  /** A table of four products: a 10, b 20, c 30, d 0. */
  private String stockTable(String what) {
    String t = newTable(what);
    frame(stockSchema(), row("a", 10L), row("b", 20L), row("c", 30L), row("d", 0L))
        .write()
        .table(t);
    return t;
  }

  @Test
  default void mergeUpdatesDeletesAndInsertsInOneCommit() {
    if (!mergesTables()) {
      return;
    }
    String t = stockTable("merge_sql");
    DataFrame changes =
        frame(
            changeSchema(),
            row("b", 5, false),
            row("c", -30, true),
            row("e", 7, false),
            row("f", 1, true),
            row(null, 3, false));
    Table table = session().table(t);
    int before = table.snapshots().size();
    table
        .merge(changes)
        .onKeys("k")
        .whenMatchedDelete("source.gone")
        .whenMatchedUpdateExpr(Map.of("stock", "target.stock + source.delta"))
        .whenNotMatchedInsertExpr("NOT source.gone", Map.of("k", "source.k", "stock", "delta"))
        .option("tag", "merge-test")
        .commit();
    assertRows(
        session().read().table(t),
        row("a", 10L),
        row("b", 25L),
        row("d", 0L),
        row("e", 7L),
        row(null, 3L));
    List<Snapshot> snapshots = table.snapshots();
    assertThat(snapshots).hasSize(before + 1);
    Snapshot last = snapshots.get(snapshots.size() - 1);
    assertThat(last.summary()).containsEntry("frameshift.operation", "merge");
    assertThat(last.summary()).containsEntry("frameshift.tag", "merge-test");
  }

  @Test
  default void mergeClausesApplyInOrderFirstMatchWins() {
    if (!mergesTables()) {
      return;
    }
    String t = stockTable("merge_order");
    DataFrame changes =
        frame(changeSchema(), row("a", 1, false), row("b", -1, false), row("c", 0, true));
    Map<String, io.frameshift.expr.Expr> first = new LinkedHashMap<>();
    first.put("stock", lit(100L));
    session()
        .table(t)
        .merge(changes)
        .on(col("target.k").eq(col("source.k")))
        .whenMatchedUpdate(col("delta").gt(0), first)
        .whenMatchedDelete(col("source.gone"))
        .whenMatchedUpdate(Map.of("stock", col("target.stock").times(col("source.delta"))))
        .whenNotMatchedInsertAll()
        .commit();
    // a: first clause; b: the third (-20); c: deleted by the second; d: unmatched, kept
    assertRows(session().read().table(t), row("a", 100L), row("b", -20L), row("d", 0L));
  }

  @Test
  default void mergeOnAConditionBeyondKeysLeavesTheOtherRows() {
    if (!mergesTables()) {
      return;
    }
    String t = stockTable("merge_condition");
    DataFrame changes = frame(changeSchema(), row("b", 1, false), row("d", 4, false));
    // d has no stock: it does not match, so it is inserted a second time
    session()
        .table(t)
        .merge(changes)
        .on("target.k = source.k AND target.stock > 0")
        .whenMatchedUpdateExpr(Map.of("stock", "target.stock + delta"))
        .whenNotMatchedInsertExpr(Map.of("k", "k", "stock", "delta * 10"))
        .commit();
    assertRows(
        session().read().table(t),
        row("a", 10L),
        row("b", 21L),
        row("c", 30L),
        row("d", 0L),
        row("d", 40L));
  }

  @Test
  default void mergeRefusesATableRowMatchedByTwoSourceRows() {
    if (!mergesTables()) {
      return;
    }
    String t = stockTable("merge_twice");
    DataFrame changes =
        frame(changeSchema(), row("b", 1, false), row("b", 2, false), row("e", 3, false));
    Table table = session().table(t);
    int before = table.snapshots().size();
    assertFailure(
        () ->
            table
                .merge(changes)
                .onKeys("k")
                .whenMatchedUpdateExpr(Map.of("stock", "source.delta"))
                .whenNotMatchedInsertAll()
                .commit(),
        MultipleMatchException.class,
        t,
        "(k=b) matches 2 source rows",
        "one source row");
    assertThat(table.snapshots()).hasSize(before);
    // a source key twice that matches no table row is two inserts, as SQL MERGE does
    table
        .merge(frame(changeSchema(), row("x", 1, false), row("x", 2, false)))
        .onKeys("k")
        .whenMatchedUpdateExpr(Map.of("stock", "source.delta"))
        .whenNotMatchedInsertExpr(Map.of("k", "k", "stock", "delta"))
        .commit();
    assertRows(session().read().table(t).filter(col("k").eq("x")), row("x", 1L), row("x", 2L));
  }

  @Test
  default void mergeNamesAreCheckedBeforeAnyEngineRuns() {
    if (!mergesTables()) {
      return;
    }
    String t = stockTable("merge_names");
    Table table = session().table(t);
    DataFrame changes = frame(stockSchema(), row("b", 1L));
    assertFailure(
        () ->
            table
                .merge(changes)
                .onKeys("k")
                .whenMatchedUpdateExpr(Map.of("stock", "stock + 1"))
                .commit(),
        AnalysisException.class,
        "'stock'",
        "ambiguous",
        "target.stock",
        "source.stock");
    assertFailure(
        () ->
            table
                .merge(changes)
                .onKeys("k")
                .whenMatchedUpdateExpr(Map.of("stock", "source.stok"))
                .commit(),
        ColumnNotFoundException.class,
        "source.stok",
        "source.stock");
    assertFailure(
        () ->
            table
                .merge(changes)
                .onKeys("k")
                .whenNotMatchedInsertExpr(Map.of("k", "target.k"))
                .commit(),
        AnalysisException.class,
        "target.k",
        "source columns only");
    assertFailure(
        () -> table.merge(changes).whenNotMatchedInsertAll().commit(),
        InvalidOptionException.class,
        t,
        "onKeys");
  }
}
