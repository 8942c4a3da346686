package io.frameshift.local;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.first;
import static io.frameshift.expr.Functions.last;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.median;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.stddev;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.variance;
import static io.frameshift.local.Plans.column;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static io.frameshift.local.Plans.rows;
import static io.frameshift.local.Plans.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.frameshift.error.EvaluationException;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sort, groupBy, distinct, limit, union, sample. */
class RelationalTest {
  private static final Schema KV =
      Schema.builder()
          .column("k", DataType.STRING)
          .column("g", DataType.INT32)
          .column("v", DataType.FLOAT64)
          .build();

  private static LogicalPlan data() {
    return values(
        KV,
        row("a", 1, 1.0),
        row("b", 1, 2.0),
        row("a", 2, null),
        row(null, 1, 4.0),
        row("a", 1, 5.0),
        row(null, 1, 6.0));
  }

  // ---- sort -------------------------------------------------------------------------------------

  @Test
  void sortPlacesNullsAndNaNByTheRules() {
    Schema s = Schema.of(Field.of("x", DataType.FLOAT64));
    LogicalPlan in =
        values(s, row(1.0), row(null), row(Double.NaN), row(-0.0), row(Double.NEGATIVE_INFINITY));
    assertThat(column(Analyzer.sort(in, List.of(asc("x"))), "x"))
        .containsExactly(null, Double.NEGATIVE_INFINITY, -0.0, 1.0, Double.NaN);
    assertThat(column(Analyzer.sort(in, List.of(desc("x"))), "x"))
        .containsExactly(Double.NaN, 1.0, -0.0, Double.NEGATIVE_INFINITY, null);
    assertThat(column(Analyzer.sort(in, List.of(asc("x").nullsLast())), "x"))
        .containsExactly(Double.NEGATIVE_INFINITY, -0.0, 1.0, Double.NaN, null);
    assertThat(column(Analyzer.sort(in, List.of(desc("x").nullsFirst())), "x"))
        .containsExactly(null, Double.NaN, 1.0, -0.0, Double.NEGATIVE_INFINITY);
  }

  @Test
  void sortByManyKeysAndByCodePoint() {
    Schema s = Schema.builder().column("a", DataType.STRING).column("b", DataType.INT64).build();
    LogicalPlan in =
        values(
            s,
            row("\uD83D\uDE00", 1L),
            row("\uFF61", 2L),
            row("b", 3L),
            row("b", 1L),
            row("B", 9L),
            row(null, 0L));
    assertThat(rows(Analyzer.sort(in, List.of(asc("a"), desc("b")))))
        .containsExactly(
            list(null, 0L),
            list("B", 9L),
            list("b", 3L),
            list("b", 1L),
            list("\uFF61", 2L),
            list("\uD83D\uDE00", 1L));
    Schema booleans = Schema.of(Field.of("p", DataType.BOOLEAN));
    assertThat(
            column(Analyzer.sort(values(booleans, row(true), row(false)), List.of(asc("p"))), "p"))
        .containsExactly(false, true);
  }

  @Test
  void sortByAnExpressionThenLimit() {
    LogicalPlan sorted = Analyzer.sort(data(), List.of(desc(col("v").times(-1.0)), asc("g")));
    // descending puts nulls last
    assertThat(column(Analyzer.limit(sorted, 3), "v")).containsExactly(1.0, 2.0, 4.0);
  }

  // ---- groupBy ----------------------------------------------------------------------------------

  @Test
  void groupsByManyKeysWithNullAsOneGroup() {
    LogicalPlan p =
        Analyzer.groupBy(
            data(),
            List.of(col("k"), col("g")),
            List.of(count().as("n"), count("v").as("nv"), sum("v").as("s"), avg("v").as("a")));
    assertThat(rows(Analyzer.sort(p, List.of(asc("k"), asc("g")))))
        .containsExactly(
            list(null, 1, 2L, 2L, 10.0, 5.0),
            list("a", 1, 2L, 2L, 6.0, 3.0),
            list("a", 2, 1L, 0L, null, null),
            list("b", 1, 1L, 1L, 2.0, 2.0));
  }

  @Test
  void groupsByComputedKeys() {
    LogicalPlan p =
        Analyzer.groupBy(
            data(),
            List.of(col("g").mod(2).as("odd")),
            List.of(max("v").as("m"), min("k").as("k")));
    assertThat(rows(Analyzer.sort(p, List.of(asc("odd")))))
        .containsExactly(list(0, null, "a"), list(1, 6.0, "a"));
  }

  @Test
  void floatKeysGroupNaNsTogetherAndSignedZerosAsZero() {
    Schema s = Schema.of(Field.of("x", DataType.FLOAT64));
    LogicalPlan in = values(s, row(-0.0), row(Double.NaN), row(0.0), row(Double.NaN), row(1.0));
    LogicalPlan p = Analyzer.groupBy(in, List.of(col("x")), List.of(count().as("n")));
    assertThat(rows(Analyzer.sort(p, List.of(asc("x")))))
        .containsExactly(list(0.0, 2L), list(1.0, 1L), list(Double.NaN, 2L));
  }

  @Test
  void noKeysGivesExactlyOneRowEvenWhenEmpty() {
    LogicalPlan empty = Analyzer.filter(data(), col("g").gt(100));
    LogicalPlan p =
        Analyzer.groupBy(
            empty,
            List.of(),
            List.of(
                count().as("n"), sum("v").as("s"), max("k").as("m"), countDistinct("k").as("d")));
    assertThat(rows(p)).containsExactly(list(0L, null, null, 0L));
    LogicalPlan all = Analyzer.groupBy(data(), List.of(), List.of(countDistinct("k").as("d")));
    assertThat(rows(all)).containsExactly(list(2L));
  }

  @Test
  void aggregatesFollowTheirRules() {
    Schema s = Schema.builder().column("g", DataType.INT32).column("x", DataType.FLOAT64).build();
    LogicalPlan in =
        values(
            s,
            row(1, 1.0),
            row(1, 2.0),
            row(1, 4.0),
            row(1, null),
            row(2, 3.0),
            row(3, Double.NaN),
            row(3, 1.0),
            row(4, Double.POSITIVE_INFINITY),
            row(4, Double.NEGATIVE_INFINITY),
            row(5, -0.0),
            row(5, 0.0));
    LogicalPlan p =
        Analyzer.groupBy(
            in,
            List.of(col("g")),
            List.of(
                stddev("x").as("sd"),
                variance("x").as("var"),
                median("x").as("med"),
                sum("x").as("s"),
                max("x").as("mx"),
                countDistinct("x").as("cd"),
                first("x").as("f"),
                last("x").as("l")));
    List<List<Object>> r = rows(Analyzer.sort(p, List.of(asc("g"))));
    assertThat((Double) r.get(0).get(1)).isCloseTo(Math.sqrt(7.0 / 3), within(1e-12));
    assertThat((Double) r.get(0).get(2)).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(r.get(0).subList(3, 9)).containsExactly(2.0, 7.0, 4.0, 3L, 1.0, 4.0);
    assertThat(r.get(1).subList(1, 4)).containsExactly(null, null, 3.0);
    assertThat(r.get(2).subList(3, 7)).containsExactly(Double.NaN, Double.NaN, Double.NaN, 2L);
    assertThat(r.get(3).get(4)).isEqualTo(Double.NaN);
    assertThat(r.get(4).get(6)).isEqualTo(1L); // -0.0 and 0.0 are one value
  }

  @Test
  void sumOfIntegersIsInt64AndOverflowRaises() {
    Schema s = Schema.of(Field.of("x", DataType.INT64));
    LogicalPlan in = values(s, row(Long.MAX_VALUE), row(1L));
    assertThatThrownBy(() -> rows(Analyzer.groupBy(in, List.of(), List.of(sum("x").as("s")))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("int64");
    // an intermediate overflow that the final sum undoes is not an error
    LogicalPlan back = values(s, row(Long.MAX_VALUE), row(1L), row(-2L));
    assertThat(Plans.single(Analyzer.groupBy(back, List.of(), List.of(sum("x").as("s")))))
        .isEqualTo(Long.MAX_VALUE - 1);
    Schema ints = Schema.of(Field.of("x", DataType.INT32));
    LogicalPlan big = values(ints, row(Integer.MAX_VALUE), row(Integer.MAX_VALUE));
    assertThat(Plans.single(Analyzer.groupBy(big, List.of(), List.of(sum("x").as("s")))))
        .isEqualTo(2L * Integer.MAX_VALUE);
    assertThat(Plans.single(Analyzer.groupBy(big, List.of(), List.of(avg("x").as("s")))))
        .isEqualTo((double) Integer.MAX_VALUE);
  }

  @Test
  void decimalAggregatesAreExact() {
    Schema s = Schema.of(Field.of("x", DataType.decimal(4, 2)));
    LogicalPlan in = values(s, row(new BigDecimal("0.10")), row(new BigDecimal("0.20")), row(null));
    LogicalPlan p =
        Analyzer.groupBy(
            in, List.of(), List.of(sum("x").as("s"), avg("x").as("a"), max("x").as("m")));
    assertThat(p.schema().field("s").type()).isEqualTo(DataType.decimal(14, 2));
    assertThat(rows(p)).containsExactly(list(new BigDecimal("0.30"), 0.15, new BigDecimal("0.20")));
    Schema wide = Schema.of(Field.of("x", DataType.decimal(38, 0)));
    BigDecimal nines = new BigDecimal("9".repeat(38));
    LogicalPlan over = values(wide, row(nines), row(BigDecimal.ONE));
    assertThatThrownBy(() -> rows(Analyzer.groupBy(over, List.of(), List.of(sum("x").as("s")))))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void aggregatesOverExpressionsAndNestedAggregates() {
    Expr ratio = sum("v").div(count()).as("r");
    LogicalPlan p = Analyzer.groupBy(data(), List.of(col("g")), List.of(ratio));
    assertThat(rows(Analyzer.sort(p, List.of(asc("g")))))
        .containsExactly(list(1, 18.0 / 5), list(2, null));
  }

  @Test
  void groupsManyDistinctKeys() {
    Schema s = Schema.builder().column("k", DataType.INT64).column("v", DataType.INT32).build();
    Object[][] rows = new Object[20_000][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = row((long) (i % 5000), 1);
    }
    LogicalPlan p = Analyzer.groupBy(values(s, rows), List.of(col("k")), List.of(sum("v").as("s")));
    List<Object> sums = column(p, "s");
    assertThat(sums).hasSize(5000).containsOnly(4L);
  }

  // ---- distinct, limit, union, sample -----------------------------------------------------------

  @Test
  void distinctTreatsNullsAndNaNsAsEqual() {
    Schema s = Schema.builder().column("a", DataType.FLOAT64).column("b", DataType.STRING).build();
    LogicalPlan in =
        values(
            s,
            row(Double.NaN, null),
            row(Double.NaN, null),
            row(0.0, "x"),
            row(-0.0, "x"),
            row(1.0, "x"));
    assertThat(rows(Analyzer.distinct(in, List.of())))
        .containsExactly(list(Double.NaN, null), list(0.0, "x"), list(1.0, "x"));
    assertThat(rows(Analyzer.distinct(in, List.of("b")))).hasSize(2);
  }

  @Test
  void limitAndUnion() {
    assertThat(rows(Analyzer.limit(data(), 2))).hasSize(2);
    assertThat(rows(Analyzer.limit(data(), 0))).isEmpty();
    assertThat(rows(Analyzer.limit(data(), Long.MAX_VALUE))).hasSize(6);
    Schema other =
        Schema.builder()
            .column("v", DataType.INT32)
            .column("g", DataType.INT64)
            .column("k", DataType.STRING)
            .build();
    LogicalPlan u = Analyzer.union(data(), values(other, row(7, 8L, "z")));
    assertThat(u.schema().field("g").type()).isEqualTo(DataType.INT64);
    List<List<Object>> r = rows(u);
    assertThat(r).hasSize(7);
    assertThat(r.get(6)).containsExactly("z", 8L, 7.0);
  }

  @Test
  void sampleIsReproducibleForASeed() {
    Schema s = Schema.of(Field.of("i", DataType.INT32));
    Object[][] data = new Object[1000][];
    for (int i = 0; i < data.length; i++) {
      data[i] = row(i);
    }
    LogicalPlan in = values(s, data);
    List<Object> a = column(Analyzer.sample(in, 0.3, 42), "i");
    List<Object> b = column(Analyzer.sample(in, 0.3, 42), "i");
    List<Object> c = column(Analyzer.sample(in, 0.3, 43), "i");
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.size()).isBetween(230, 370);
    assertThat(column(Analyzer.sample(in, 0.0, 1), "i")).isEmpty();
    assertThat(column(Analyzer.sample(in, 1.0, 1), "i")).hasSize(1000);
  }

  @Test
  void statsGiveExactRowsAndAByteEstimate() {
    FrameStats st = Plans.ENGINE.stats(Plans.run(data()));
    assertThat(st.rows()).isEqualTo(6);
    assertThat(st.bytes()).isPositive();
    assertThat(Plans.ENGINE.count(Plans.run(data()))).isEqualTo(6);
  }

  @Test
  void projectKeepsColumnsAndComputesAliases() {
    List<Expr> cols = new ArrayList<>();
    cols.add(col("k"));
    cols.add(col("v").plus(1).as("v1"));
    LogicalPlan p = Analyzer.select(data(), cols);
    assertThat(rows(p).get(0)).containsExactly("a", 2.0);
  }
}
