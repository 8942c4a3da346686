package io.frameshift.testkit;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.denseRank;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lag;
import static io.frameshift.expr.Functions.lead;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.error.AnalysisException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Window;
import io.frameshift.expr.WindowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Window functions and windowed aggregates (docs/semantics.md, "Sorting and windows"). */
public interface WindowConformance extends ConformanceBase {

  private DataFrame events() {
    return frame(
        schema(field("g", STRING), field("t", INT32), field("v", INT32)),
        row("a", 1, 10),
        row("a", 2, 20),
        row("a", 2, 25),
        row("a", 3, 5),
        row("b", 1, 7),
        row("b", 2, null),
        row(null, 1, 100),
        row(null, 2, 200));
  }

  /** Partition by g, order by t: ties on t within "a". */
  private WindowSpec byTime() {
    return Window.partitionBy("g").orderBy("t");
  }

  /** Partition by g, order by t then v: no ties. */
  private WindowSpec byTimeAndValue() {
    return Window.partitionBy("g").orderBy("t", "v");
  }

  @Test
  default void rowNumberRankAndDenseRank() {
    DataFrame out =
        events()
            .withColumn("rn", rowNumber().over(byTimeAndValue()))
            .withColumn("rk", rank().over(byTime()))
            .withColumn("dr", denseRank().over(byTime()));
    assertSchema(
        out,
        field("g", STRING),
        field("t", INT32),
        field("v", INT32),
        field("rn", INT32),
        field("rk", INT32),
        field("dr", INT32));
    assertRows(
        out,
        row("a", 1, 10, 1, 1, 1),
        row("a", 2, 20, 2, 2, 2),
        row("a", 2, 25, 3, 2, 2),
        row("a", 3, 5, 4, 4, 3),
        row("b", 1, 7, 1, 1, 1),
        row("b", 2, null, 2, 2, 2),
        row(null, 1, 100, 1, 1, 1),
        row(null, 2, 200, 2, 2, 2));
  }

  @Test
  default void lagAndLeadWithOffsetsAndDefaults() {
    DataFrame out =
        events()
            .select(
                col("g"),
                col("t"),
                col("v"),
                lag("v", 1).over(byTimeAndValue()).as("prev"),
                lead("v", 1).over(byTimeAndValue()).as("next"),
                lag(col("v"), 1, 0).over(byTimeAndValue()).as("prev_or_0"),
                lag("v", 2).over(byTimeAndValue()).as("prev2"));
    assertSchema(
        out,
        field("g", STRING),
        field("t", INT32),
        field("v", INT32),
        field("prev", INT32),
        field("next", INT32),
        field("prev_or_0", INT32),
        field("prev2", INT32));
    assertRows(
        out,
        row("a", 1, 10, null, 20, 0, null),
        row("a", 2, 20, 10, 25, 10, null),
        row("a", 2, 25, 20, 5, 20, 10),
        row("a", 3, 5, 25, null, 25, 20),
        row("b", 1, 7, null, null, 0, null),
        row("b", 2, null, 7, null, 7, null),
        row(null, 1, 100, null, 200, 0, null),
        row(null, 2, 200, 100, null, 100, null));
  }

  @Test
  default void orderedAggregateRunsThroughTiedRows() {
    DataFrame out =
        events()
            .withColumn("running", sum("v").over(byTime()))
            .withColumn("n", count().over(byTime()));
    assertSchema(
        out,
        field("g", STRING),
        field("t", INT32),
        field("v", INT32),
        field("running", INT64),
        field("n", INT64));
    assertRows(
        out,
        row("a", 1, 10, 10L, 1L),
        row("a", 2, 20, 55L, 3L),
        row("a", 2, 25, 55L, 3L),
        row("a", 3, 5, 60L, 4L),
        row("b", 1, 7, 7L, 1L),
        row("b", 2, null, 7L, 2L),
        row(null, 1, 100, 100L, 1L),
        row(null, 2, 200, 300L, 2L));
  }

  @Test
  default void unorderedAggregateCoversThePartition() {
    WindowSpec byGroup = Window.partitionBy("g");
    DataFrame out =
        events()
            .select(
                col("g"),
                col("v"),
                sum("v").over(byGroup).as("total"),
                avg("v").over(byGroup).as("mean"),
                min("v").over(byGroup).as("lo"),
                max("v").over(byGroup).as("hi"));
    assertSchema(
        out,
        field("g", STRING),
        field("v", INT32),
        field("total", INT64),
        field("mean", FLOAT64),
        field("lo", INT32),
        field("hi", INT32));
    assertRows(
        out,
        row("a", 10, 60L, 15.0, 5, 25),
        row("a", 20, 60L, 15.0, 5, 25),
        row("a", 25, 60L, 15.0, 5, 25),
        row("a", 5, 60L, 15.0, 5, 25),
        row("b", 7, 7L, 7.0, 7, 7),
        row("b", null, 7L, 7.0, 7, 7),
        row(null, 100, 300L, 150.0, 100, 200),
        row(null, 200, 300L, 150.0, 100, 200));
  }

  @Test
  default void windowOverTheWholeFrame() {
    DataFrame out =
        events()
            .select(
                col("v"),
                count().over(Window.all()).as("n"),
                rowNumber().over(Window.orderBy(desc("v"))).as("pos"));
    assertRows(
        out,
        row(200, 8L, 1),
        row(100, 8L, 2),
        row(25, 8L, 3),
        row(20, 8L, 4),
        row(10, 8L, 5),
        row(7, 8L, 6),
        row(5, 8L, 7),
        row(null, 8L, 8));
  }

  @Test
  default void windowOrderPutsNullsFirstWhenAscending() {
    assertRows(
        events()
            .withColumn("rn", rowNumber().over(Window.partitionBy("g").orderBy("v")))
            .filter(col("g").eq("b"))
            .select("v", "rn"),
        row(null, 1),
        row(7, 2));
  }

  @Test
  default void windowFunctionInsideAnExpression() {
    assertRows(
        events()
            .select(
                col("g"), col("t"), col("v").minus(lag("v", 1).over(byTimeAndValue())).as("delta")),
        row("a", 1, null),
        row("a", 2, 10),
        row("a", 2, 5),
        row("a", 3, -20),
        row("b", 1, null),
        row("b", 2, null),
        row(null, 1, null),
        row(null, 2, 100));
  }

  @Test
  default void rankingNeedsAnOrderedWindow() {
    assertFailure(
        () -> events().withColumn("r", rank().over(Window.partitionBy("g"))),
        AnalysisException.class,
        "rank",
        "ordered window");
  }

  @Test
  default void windowOverAnEmptyFrameIsEmpty() {
    DataFrame out =
        events().filter(col("t").gt(9)).withColumn("rn", rowNumber().over(byTimeAndValue()));
    assertSchema(out, field("g", STRING), field("t", INT32), field("v", INT32), field("rn", INT32));
    assertRows(out);
  }

  // ==== top-N: a filter on a ranking column limits the window below it =====================

  /** Ties on t in partition "a", a null t, a null v, a null partition, a one-row partition. */
  private DataFrame contest() {
    return frame(
        schema(field("g", STRING), field("t", INT32), field("v", INT32)),
        row("a", 1, 10),
        row("a", 2, 20),
        row("a", 2, 25),
        row("a", 3, 5),
        row("a", null, 6),
        row("b", 1, 7),
        row("b", 2, null),
        row(null, 1, 100),
        row(null, 1, 200),
        row("c", 4, 1));
  }

  @Test
  default void rowNumberTopNKeepsTheFirstRowsOfEachPartition() {
    WindowSpec w = Window.partitionBy("g").orderBy(desc("t"), asc("v"));
    DataFrame ranked = contest().withColumn("rn", rowNumber().over(w));
    DataFrame top2 = ranked.filter(col("rn").le(2));
    assertThat(top2.explain()).contains("top rows per partition: rn <= 2");
    assertRows(
        top2,
        row("a", 3, 5, 1),
        row("a", 2, 20, 2),
        row("b", 2, null, 1),
        row("b", 1, 7, 2),
        row(null, 1, 100, 1),
        row(null, 1, 200, 2),
        row("c", 4, 1, 1));
    Object[][] first =
        new Object[][] {
          row("a", 3, 5, 1), row("b", 2, null, 1), row(null, 1, 100, 1), row("c", 4, 1, 1)
        };
    assertRows(ranked.filter(col("rn").lt(2)), first);
    assertRows(ranked.filter(lit(1).ge(col("rn"))), first);
    assertRows(ranked.filter(col("rn").eq(1L)), first);
  }

  @Test
  default void rankAndDenseRankTopNKeepEveryTiedRow() {
    WindowSpec w = Window.partitionBy("g").orderBy(desc("t"));
    DataFrame ranked =
        contest().withColumn("rk", rank().over(w)).withColumn("dr", denseRank().over(w));
    assertRows(
        ranked.filter(col("rk").le(2)),
        row("a", 3, 5, 1, 1),
        row("a", 2, 20, 2, 2),
        row("a", 2, 25, 2, 2),
        row("b", 2, null, 1, 1),
        row("b", 1, 7, 2, 2),
        row(null, 1, 100, 1, 1),
        row(null, 1, 200, 1, 1),
        row("c", 4, 1, 1, 1));
    assertRows(
        ranked.filter(col("rk").le(1)),
        row("a", 3, 5, 1, 1),
        row("b", 2, null, 1, 1),
        row(null, 1, 100, 1, 1),
        row(null, 1, 200, 1, 1),
        row("c", 4, 1, 1, 1));
    // dense rank 3 is t = 1 in "a", after the tied pair (rank 4); the null t (last) is dense rank 4
    assertRows(
        ranked.filter(col("dr").le(3)),
        row("a", 3, 5, 1, 1),
        row("a", 2, 20, 2, 2),
        row("a", 2, 25, 2, 2),
        row("a", 1, 10, 4, 3),
        row("b", 2, null, 1, 1),
        row("b", 1, 7, 2, 2),
        row(null, 1, 100, 1, 1),
        row(null, 1, 200, 1, 1),
        row("c", 4, 1, 1, 1));
  }

  @Test
  default void topNPlacesNullOrderKeysAsTheWindowDoes() {
    // ascending: null t and null v come first
    assertRows(
        contest()
            .withColumn("rk", rank().over(Window.partitionBy("g").orderBy("t")))
            .filter(col("rk").le(1)),
        row("a", null, 6, 1),
        row("b", 1, 7, 1),
        row(null, 1, 100, 1),
        row(null, 1, 200, 1),
        row("c", 4, 1, 1));
    assertRows(
        contest()
            .withColumn("rn", rowNumber().over(Window.partitionBy("g").orderBy("v")))
            .filter(col("rn").le(1))
            .select("g", "v"),
        row("a", 5),
        row("b", null),
        row(null, 100),
        row("c", 1));
  }

  @Test
  default void topNAboveThePartitionSizesKeepsEveryRow() {
    WindowSpec w = Window.partitionBy("g").orderBy(desc("t"), asc("v"));
    assertRows(
        contest().withColumn("rn", rowNumber().over(w)).filter(col("rn").le(10)),
        row("a", 3, 5, 1),
        row("a", 2, 20, 2),
        row("a", 2, 25, 3),
        row("a", 1, 10, 4),
        row("a", null, 6, 5),
        row("b", 2, null, 1),
        row("b", 1, 7, 2),
        row(null, 1, 100, 1),
        row(null, 1, 200, 2),
        row("c", 4, 1, 1));
    assertRows(
        contest()
            .withColumn("dr", denseRank().over(Window.partitionBy("g").orderBy("t")))
            .filter(col("dr").le(100))
            .select("dr"),
        row(1),
        row(2),
        row(3),
        row(3),
        row(4),
        row(1),
        row(2),
        row(1),
        row(1),
        row(1));
  }

  @Test
  default void topNOfAnEmptyFrameAndOfNoRankIsEmpty() {
    WindowSpec w = Window.partitionBy("g").orderBy(desc("t"));
    for (Expr f : List.of(rowNumber(), rank(), denseRank())) {
      assertRows(
          contest().filter(col("t").gt(9)).withColumn("r", f.over(w)).filter(col("r").le(2)));
      assertRows(contest().withColumn("r", f.over(w)).filter(col("r").lt(1)));
    }
  }

  /** db-benchmark's q8 shape, with a second window column that must see whole partitions. */
  @Test
  default void topNLeavesOtherWindowColumnsWhole() {
    DataFrame out =
        contest()
            .select(col("g"), col("v"))
            .select(
                col("g"),
                col("v"),
                rank().over(Window.partitionBy("g").orderBy(desc("v"))).as("rk"),
                sum("v").over(Window.partitionBy("g")).as("total"))
            .filter(col("rk").le(1))
            .select(col("g"), col("v").as("largest"), col("total"));
    assertSchema(out, field("g", STRING), field("largest", INT32), field("total", INT64));
    assertRows(out, row("a", 25, 66L), row("b", 7, 7L), row(null, 200, 300L), row("c", 1, 1L));
  }
}
