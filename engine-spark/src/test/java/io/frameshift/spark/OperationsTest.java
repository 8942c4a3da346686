package io.frameshift.spark;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.denseRank;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.first;
import static io.frameshift.expr.Functions.lag;
import static io.frameshift.expr.Functions.last;
import static io.frameshift.expr.Functions.lead;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.median;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.stddev;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.variance;
import static io.frameshift.spark.SparkTestSupport.column;
import static io.frameshift.spark.SparkTestSupport.list;
import static io.frameshift.spark.SparkTestSupport.row;
import static io.frameshift.spark.SparkTestSupport.run;
import static io.frameshift.spark.SparkTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameshift.JoinType;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Window;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operations on Spark against hand-checked results of docs/semantics.md. */
class OperationsTest {
  private static final Schema KV =
      Schema.builder().column("k", DataType.STRING).column("v", DataType.INT32).build();

  private static LogicalPlan kv() {
    return table(
        KV, row("a", 1), row("a", 3), row(null, 5), row("b", null), row(null, 7), row("a", null));
  }

  private static LogicalPlan group(LogicalPlan in, List<String> keys, Expr... aggs) {
    return Analyzer.groupBy(in, keys.stream().map(k -> (Expr) col(k)).toList(), List.of(aggs));
  }

  private static LogicalPlan sorted(LogicalPlan in, String... keys) {
    return Analyzer.sort(in, java.util.Arrays.stream(keys).map(k -> asc(k)).toList());
  }

  @Test
  void groupsNullKeysTogetherAndAggregatesSkipNulls() {
    LogicalPlan g =
        group(
            kv(),
            List.of("k"),
            count().as("n"),
            count("v").as("nv"),
            sum("v").as("s"),
            avg("v").as("m"),
            min("v").as("lo"),
            max("v").as("hi"));
    assertThat(run(sorted(g, "k")))
        .containsExactly(
            list(null, 2L, 2L, 12L, 6.0, 5, 7),
            list("a", 3L, 2L, 4L, 2.0, 1, 3),
            list("b", 1L, 0L, null, null, null, null));
  }

  @Test
  void groupByWithoutKeysGivesOneRowEvenWhenEmpty() {
    LogicalPlan empty = Analyzer.filter(kv(), col("v").gt(100));
    assertThat(
            run(
                group(
                    empty,
                    List.of(),
                    count().as("n"),
                    sum("v").as("s"),
                    countDistinct("v").as("d"))))
        .containsExactly(list(0L, null, 0L));
  }

  @Test
  void statisticalAggregatesUseSampleFormsAndContinuousMedian() {
    Schema s = Schema.builder().column("g", DataType.INT32).column("x", DataType.FLOAT64).build();
    LogicalPlan t =
        table(s, row(1, 1.0), row(1, 2.0), row(1, 3.0), row(1, 10.0), row(2, 4.0), row(2, null));
    List<List<Object>> out =
        run(
            sorted(
                group(
                    t,
                    List.of("g"),
                    stddev("x").as("sd"),
                    variance("x").as("var"),
                    median("x").as("med"),
                    first("x").as("f"),
                    last("x").as("l"),
                    countDistinct("x").as("nd")),
                "g"));
    // mean 4, squared deviations 9 + 4 + 1 + 36 = 50, / (n - 1) = 50 / 3
    assertThat((Double) out.get(0).get(2)).isCloseTo(50.0 / 3, within(1e-12));
    assertThat((Double) out.get(0).get(1)).isCloseTo(Math.sqrt(50.0 / 3), within(1e-12));
    assertThat(out.get(0).get(3)).isEqualTo(2.5);
    // which value first/last meet is undefined without an input order
    assertThat(out.get(0).subList(4, 6)).isSubsetOf(1.0, 2.0, 3.0, 10.0).doesNotContainNull();
    assertThat(out.get(0).get(6)).isEqualTo(4L);
    assertThat(out.get(1)).containsExactly(2, null, null, 4.0, 4.0, 4.0, 1L);
  }

  @Test
  void firstAndLastSkipNullsInOrderedWindows() {
    Schema s = Schema.builder().column("i", DataType.INT32).column("x", DataType.STRING).build();
    LogicalPlan t = table(s, row(1, null), row(2, "b"), row(3, null), row(4, "d"), row(5, null));
    var w = Window.orderBy("i");
    LogicalPlan p =
        Analyzer.select(
            t, List.of(col("i"), first("x").over(w).as("f"), last("x").over(w).as("l")));
    assertThat(run(sorted(p, "i")))
        .containsExactly(
            list(1, null, null),
            list(2, "b", "b"),
            list(3, "b", "b"),
            list(4, "b", "d"),
            list(5, "b", "d"));
  }

  @Test
  void averageOfDecimalsIsExactThenConverted() {
    LogicalPlan t =
        column(
            DataType.decimal(10, 2),
            new BigDecimal("0.10"),
            new BigDecimal("0.10"),
            new BigDecimal("0.10"));
    // 0.30 / 3 is exactly 0.1; the sum's double divided by 3 would give 0.09999999999999999
    assertThat(run(group(t, List.of(), avg("x").as("m"), sum("x").as("s"))))
        .containsExactly(list(0.1, new BigDecimal("0.30")));
    LogicalPlan thirds =
        column(
            DataType.decimal(18, 4), new BigDecimal("1"), new BigDecimal("1"), new BigDecimal("2"));
    assertThat(run(group(thirds, List.of(), avg("x").as("m")))).containsExactly(list(4.0 / 3));
    LogicalPlan windowed = Analyzer.select(t, List.of(avg("x").over(Window.all()).as("m")));
    assertThat(run(windowed)).containsExactly(list(0.1), list(0.1), list(0.1));
  }

  @Test
  void floatKeysGroupNanTogetherAndZeroesAsOne() {
    LogicalPlan t = column(DataType.FLOAT64, Double.NaN, 0.0, -0.0, Double.NaN, 1.0);
    LogicalPlan g = group(t, List.of("x"), count().as("n"));
    assertThat(run(Analyzer.sort(g, List.of(asc("x")))))
        .containsExactly(list(0.0, 2L), list(1.0, 1L), list(Double.NaN, 2L));
    assertThat(run(group(t, List.of(), max("x").as("hi"), countDistinct("x").as("d"))))
        .containsExactly(list(Double.NaN, 3L));
  }

  @Test
  void sortPutsNullsAndNanWhereTheContractSays() {
    LogicalPlan t = column(DataType.FLOAT64, 1.0, null, Double.NaN, -1.0);
    assertThat(run(Analyzer.sort(t, List.of(asc("x")))))
        .containsExactly(list((Object) null), list(-1.0), list(1.0), list(Double.NaN));
    assertThat(run(Analyzer.sort(t, List.of(desc("x")))))
        .containsExactly(list(Double.NaN), list(1.0), list(-1.0), list((Object) null));
    assertThat(run(Analyzer.sort(t, List.of(asc("x").nullsLast()))))
        .containsExactly(list(-1.0), list(1.0), list(Double.NaN), list((Object) null));
    assertThat(run(Analyzer.sort(t, List.of(desc("x").nullsFirst()))))
        .containsExactly(list((Object) null), list(Double.NaN), list(1.0), list(-1.0));
    // code point order: U+FFFD sorts below U+1F600 although its UTF-16 unit is larger
    LogicalPlan s = column(DataType.STRING, "😀", "\uFFFD", "b", "B");
    assertThat(run(Analyzer.sort(s, List.of(asc("x")))))
        .containsExactly(list("B"), list("b"), list("\uFFFD"), list("😀"));
  }

  @Test
  void sortThenLimitKeepsTheFirstRows() {
    LogicalPlan t = column(DataType.INT32, 5, 3, 9, 1, 7);
    assertThat(run(Analyzer.limit(Analyzer.sort(t, List.of(desc("x"))), 2)))
        .containsExactly(list(9), list(7));
    assertThat(run(Analyzer.limit(t, 0))).isEmpty();
  }

  private static final Schema LEFT =
      Schema.builder()
          .column("id", DataType.INT32)
          .column("v", DataType.STRING)
          .column("l", DataType.INT32)
          .build();
  private static final Schema RIGHT =
      Schema.builder()
          .column("v", DataType.STRING)
          .column("id", DataType.INT64)
          .column("r", DataType.INT32)
          .build();

  private static LogicalPlan join(JoinType type) {
    LogicalPlan l = table(LEFT, row(1, "l1", 10), row(2, "l2", 20), row(null, "l3", 30));
    LogicalPlan r = table(RIGHT, row("r1", 1L, 100), row("r3", 3L, 300), row("rn", null, 900));
    return Analyzer.join(l, r, type, List.of("id"), JoinSpec.DEFAULT_SUFFIX);
  }

  @Test
  void keyJoinsOutputKeysOnceThenLeftThenRightWithSuffixes() {
    LogicalPlan inner = join(JoinType.INNER);
    assertThat(inner.schema().names()).containsExactly("id", "v", "l", "v_right", "r");
    assertThat(inner.schema().field("id").type()).isEqualTo(DataType.INT64);
    assertThat(run(inner)).containsExactly(list(1L, "l1", 10, "r1", 100));
    assertThat(run(sorted(join(JoinType.LEFT), "l")))
        .containsExactly(
            list(1L, "l1", 10, "r1", 100),
            list(2L, "l2", 20, null, null),
            list(null, "l3", 30, null, null));
    assertThat(run(sorted(join(JoinType.RIGHT), "r")))
        .containsExactly(
            list(1L, "l1", 10, "r1", 100),
            list(3L, null, null, "r3", 300),
            list(null, null, null, "rn", 900));
    assertThat(run(sorted(join(JoinType.FULL), "l", "r")))
        .containsExactly(
            list(3L, null, null, "r3", 300),
            list(null, null, null, "rn", 900),
            list(1L, "l1", 10, "r1", 100),
            list(2L, "l2", 20, null, null),
            list(null, "l3", 30, null, null));
  }

  @Test
  void semiAndAntiJoinsKeepLeftColumnsAndNullKeysNeverMatch() {
    LogicalPlan semi = join(JoinType.SEMI);
    assertThat(semi.schema().names()).containsExactly("id", "v", "l");
    assertThat(run(semi)).containsExactly(list(1L, "l1", 10));
    assertThat(run(sorted(join(JoinType.ANTI), "l")))
        .containsExactly(list(2L, "l2", 20), list(null, "l3", 30));
  }

  @Test
  void conditionJoinsOutputAllLeftThenAllRightColumns() {
    Schema a = Schema.builder().column("x", DataType.INT32).column("name", DataType.STRING).build();
    Schema b = Schema.builder().column("y", DataType.INT32).column("name", DataType.STRING).build();
    LogicalPlan l = table(a, row(1, "a"), row(5, "b"));
    LogicalPlan r = table(b, row(2, "c"), row(6, "d"), row(null, "e"));
    LogicalPlan j =
        Analyzer.join(
            l, r, JoinType.LEFT, col("y").gt(col("x")).and(col("y").lt(col("x").plus(3))), "_r");
    assertThat(j.schema().names()).containsExactly("x", "name", "y", "name_r");
    assertThat(run(sorted(j, "x"))).containsExactly(list(1, "a", 2, "c"), list(5, "b", 6, "d"));
  }

  @Test
  void selfJoinsOfOneFrameWork() {
    var frame = PlanRunner.frame(SparkTestSupport.spark(), table(KV, row("a", 1), row("b", 2)));
    LogicalPlan t = Analyzer.existing(frame);
    LogicalPlan j = Analyzer.join(t, t, JoinType.INNER, List.of("k"), "_2");
    assertThat(run(sorted(j, "k"))).containsExactly(list("a", 1, 1), list("b", 2, 2));
  }

  @Test
  void rankingFunctionsNumberRowsInWindowOrder() {
    Schema s = Schema.builder().column("g", DataType.STRING).column("v", DataType.INT32).build();
    LogicalPlan t = table(s, row("a", 10), row("a", 20), row("a", 20), row("a", 30), row("b", 5));
    var w = Window.partitionBy("g").orderBy(desc("v"));
    LogicalPlan p =
        Analyzer.select(
            t,
            List.of(
                col("g"),
                col("v"),
                rowNumber().over(w).as("rn"),
                rank().over(w).as("rk"),
                denseRank().over(w).as("dr"),
                lag("v", 1).over(w).as("prev"),
                lead(col("v"), 1, -1).over(w).as("next")));
    assertThat(p.schema().field("rn").type()).isEqualTo(DataType.INT32);
    List<List<Object>> out = run(Analyzer.sort(p, List.of(asc("g"), asc("rn"))));
    assertThat(out)
        .containsExactly(
            list("a", 30, 1, 1, 1, null, 20),
            list("a", 20, 2, 2, 2, 30, 20),
            list("a", 20, 3, 2, 2, 20, 10),
            list("a", 10, 4, 4, 3, 20, -1),
            list("b", 5, 1, 1, 1, null, -1));
  }

  @Test
  void windowAggregatesRunOverTiesAndWholePartitions() {
    Schema s = Schema.builder().column("i", DataType.INT32).column("v", DataType.INT32).build();
    LogicalPlan t = table(s, row(1, 1), row(2, 2), row(2, 3), row(3, null), row(4, 4));
    var ordered = Window.orderBy("i");
    LogicalPlan p =
        Analyzer.select(
            t,
            List.of(
                col("i"),
                col("v"),
                sum("v").over(ordered).as("running"),
                sum("v").over(Window.all()).as("total"),
                countDistinct("i").over(ordered).as("seen"),
                median("v").over(ordered).as("med")));
    assertThat(run(Analyzer.sort(p, List.of(asc("i"), asc("v")))))
        .containsExactly(
            list(1, 1, 1L, 10L, 1L, 1.0),
            list(2, 2, 6L, 10L, 2L, 2.0),
            list(2, 3, 6L, 10L, 2L, 2.0),
            list(3, null, 6L, 10L, 3L, 2.0),
            list(4, 4, 10L, 10L, 4L, 2.5));
  }

  @Test
  void distinctComparesWholeRowsWithNullAndNanEqual() {
    Schema s = Schema.builder().column("a", DataType.STRING).column("x", DataType.FLOAT64).build();
    LogicalPlan t =
        table(s, row(null, Double.NaN), row(null, Double.NaN), row("a", 1.0), row("a", 2.0));
    assertThat(run(sorted(Analyzer.distinct(t, List.of()), "a", "x")))
        .containsExactly(list(null, Double.NaN), list("a", 1.0), list("a", 2.0));
    assertThat(run(Analyzer.distinct(t, List.of("a")))).hasSize(2);
  }

  @Test
  void distinctKeepsNegativeZeroAsWritten() {
    Schema s = Schema.builder().column("k", DataType.INT32).column("x", DataType.FLOAT64).build();
    LogicalPlan t = table(s, row(1, -0.0), row(1, -0.0), row(2, 1.5), row(2, 1.5));
    // Spark's own distinct would give 0.0: it folds float keys to group them
    assertThat(run(sorted(Analyzer.distinct(t, List.of()), "k")))
        .containsExactly(list(1, -0.0), list(2, 1.5));
    assertThat(run(sorted(Analyzer.distinct(t, List.of("x")), "k")))
        .containsExactly(list(1, -0.0), list(2, 1.5));
  }

  @Test
  void unionAppendsRowsAlignedByName() {
    Schema other =
        Schema.builder().column("v", DataType.INT64).column("k", DataType.STRING).build();
    LogicalPlan u = Analyzer.union(table(KV, row("a", 1)), table(other, row(2L, "b")));
    assertThat(u.schema().field("v").type()).isEqualTo(DataType.INT64);
    assertThat(run(sorted(u, "k"))).containsExactly(list("a", 1L), list("b", 2L));
  }

  @Test
  void sampleIsReproducibleForASeed() {
    Object[] values = java.util.stream.IntStream.range(0, 1000).boxed().toArray();
    LogicalPlan t = column(DataType.INT32, values);
    List<List<Object>> once = run(Analyzer.sample(t, 0.3, 42));
    assertThat(run(Analyzer.sample(t, 0.3, 42))).isEqualTo(once);
    assertThat(once.size()).isBetween(200, 400);
    assertThat(run(Analyzer.sample(t, 0.0, 1))).isEmpty();
    assertThat(run(Analyzer.sample(t, 1.0, 1))).hasSize(1000);
  }

  @Test
  void projectionsNameAndTypeColumnsAsAnalysed() {
    LogicalPlan p =
        Analyzer.select(
            kv(), List.of(col("v").plus(1), col("v").cast(DataType.INT64).as("a.b c"), col("k")));
    assertThat(p.schema().fields())
        .containsExactly(
            Field.of("(v + 1)", DataType.INT32),
            Field.of("a.b c", DataType.INT64),
            Field.of("k", DataType.STRING));
    assertThat(run(Analyzer.filter(p, col("k").eq("b")))).containsExactly(list(null, null, "b"));
  }

  @Test
  void countAndStatsDoNotNeedToCollect() {
    var engine = SparkTestSupport.spark();
    var frame = PlanRunner.frame(engine, kv());
    assertThat(engine.count(frame)).isEqualTo(6);
    assertThat(engine.stats(frame).rows()).isEqualTo(6);
    assertThat(engine.stats(frame).exact()).isTrue();
    var filtered =
        PlanRunner.frame(engine, Analyzer.filter(Analyzer.existing(frame), col("v").gt(2)));
    assertThat(engine.count(filtered)).isEqualTo(3);
    assertThat(engine.stats(filtered).exact()).isFalse();
    assertThat(engine.stats(filtered).bytes()).isPositive();
  }
}
