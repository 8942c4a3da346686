package io.frameshift.local;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static io.frameshift.local.Plans.rows;
import static io.frameshift.local.Plans.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.JoinType;
import io.frameshift.error.EvaluationException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinTest {
  private static final Schema LEFT =
      Schema.builder()
          .column("k", DataType.INT32)
          .column("v", DataType.STRING)
          .column("x", DataType.INT32)
          .build();
  private static final Schema RIGHT =
      Schema.builder()
          .column("k", DataType.INT32)
          .column("v", DataType.STRING)
          .column("y", DataType.INT32)
          .build();

  private static LogicalPlan left() {
    return values(LEFT, row(1, "l1", 10), row(2, "l2", 20), row(null, "ln", 30), row(2, "l2b", 40));
  }

  private static LogicalPlan right() {
    return values(
        RIGHT, row(2, "r2", 200), row(3, "r3", 300), row(null, "rn", 400), row(2, "r2b", 500));
  }

  private static List<List<Object>> keyJoin(JoinType type) {
    LogicalPlan j = Analyzer.join(left(), right(), type, List.of("k"), JoinSpec.DEFAULT_SUFFIX);
    List<SortKey> order = new ArrayList<>();
    for (String n : j.schema().names()) {
      order.add(asc(n));
    }
    return rows(Analyzer.sort(j, order));
  }

  @Test
  void innerJoinOutputsTheKeyOnceAndSuffixesClashes() {
    LogicalPlan j =
        Analyzer.join(left(), right(), JoinType.INNER, List.of("k"), JoinSpec.DEFAULT_SUFFIX);
    assertThat(j.schema().names()).containsExactly("k", "v", "x", "v_right", "y");
    assertThat(keyJoin(JoinType.INNER))
        .containsExactly(
            list(2, "l2", 20, "r2", 200),
            list(2, "l2", 20, "r2b", 500),
            list(2, "l2b", 40, "r2", 200),
            list(2, "l2b", 40, "r2b", 500));
  }

  @Test
  void leftJoinKeepsUnmatchedAndNullKeyRows() {
    assertThat(keyJoin(JoinType.LEFT))
        .containsExactly(
            list(null, "ln", 30, null, null),
            list(1, "l1", 10, null, null),
            list(2, "l2", 20, "r2", 200),
            list(2, "l2", 20, "r2b", 500),
            list(2, "l2b", 40, "r2", 200),
            list(2, "l2b", 40, "r2b", 500));
  }

  @Test
  void rightJoinTakesTheKeyFromWhicheverSideIsPresent() {
    assertThat(keyJoin(JoinType.RIGHT))
        .containsExactly(
            list(null, null, null, "rn", 400),
            list(2, "l2", 20, "r2", 200),
            list(2, "l2", 20, "r2b", 500),
            list(2, "l2b", 40, "r2", 200),
            list(2, "l2b", 40, "r2b", 500),
            list(3, null, null, "r3", 300));
  }

  @Test
  void fullJoinKeepsEverythingAndNullKeysNeverMatch() {
    assertThat(keyJoin(JoinType.FULL))
        .containsExactly(
            list(null, null, null, "rn", 400),
            list(null, "ln", 30, null, null),
            list(1, "l1", 10, null, null),
            list(2, "l2", 20, "r2", 200),
            list(2, "l2", 20, "r2b", 500),
            list(2, "l2b", 40, "r2", 200),
            list(2, "l2b", 40, "r2b", 500),
            list(3, null, null, "r3", 300));
  }

  @Test
  void semiAndAntiKeepLeftColumnsOnly() {
    LogicalPlan semi = Analyzer.join(left(), right(), JoinType.SEMI, List.of("k"), "_r");
    assertThat(semi.schema().names()).containsExactly("k", "v", "x");
    assertThat(rows(semi)).containsExactly(list(2, "l2", 20), list(2, "l2b", 40));
    LogicalPlan anti = Analyzer.join(left(), right(), JoinType.ANTI, List.of("k"), "_r");
    assertThat(rows(anti)).containsExactly(list(1, "l1", 10), list(null, "ln", 30));
  }

  @Test
  void multiKeyJoinWithWideningOfKeyTypes() {
    Schema a =
        Schema.builder()
            .column("x", DataType.INT32)
            .column("s", DataType.STRING)
            .column("p", DataType.INT32)
            .build();
    Schema b =
        Schema.builder()
            .column("x", DataType.INT64)
            .column("s", DataType.STRING)
            .column("q", DataType.INT32)
            .build();
    LogicalPlan l = values(a, row(1, "a", 1), row(1, "b", 2), row(2, "a", 3), row(1, null, 4));
    LogicalPlan r =
        values(b, row(1L, "a", 10), row(1L, "b", 20), row(2L, "b", 30), row(1L, null, 40));
    LogicalPlan j = Analyzer.join(l, r, JoinType.FULL, List.of("x", "s"), "_r");
    assertThat(j.schema().field("x").type()).isEqualTo(DataType.INT64);
    assertThat(rows(Analyzer.sort(j, List.of(asc("x"), asc("s"), asc("p"), asc("q")))))
        .containsExactly(
            list(1L, null, null, 40),
            list(1L, null, 4, null),
            list(1L, "a", 1, 10),
            list(1L, "b", 2, 20),
            list(2L, "a", 3, null),
            list(2L, "b", null, 30));
  }

  @Test
  void conditionJoinsHashOnEqualitiesAndFilterTheRest() {
    Schema a = Schema.builder().column("id", DataType.INT32).column("lo", DataType.INT32).build();
    Schema b = Schema.builder().column("ref", DataType.INT64).column("val", DataType.INT32).build();
    LogicalPlan l = values(a, row(1, 5), row(2, 0), row(3, 1), row(null, 1));
    LogicalPlan r = values(b, row(1L, 7), row(1L, 3), row(2L, 9), row(4L, 1));
    Expr cond = col("id").eq(col("ref")).and(col("val").gt(col("lo")));
    LogicalPlan inner = Analyzer.join(l, r, JoinType.INNER, cond, "_r");
    assertThat(inner.schema().names()).containsExactly("id", "lo", "ref", "val");
    assertThat(rows(Analyzer.sort(inner, List.of(asc("id"), asc("val")))))
        .containsExactly(list(1, 5, 1L, 7), list(2, 0, 2L, 9));
    LogicalPlan leftJoin = Analyzer.join(l, r, JoinType.LEFT, cond, "_r");
    assertThat(rows(Analyzer.sort(leftJoin, List.of(asc("id"), asc("val")))))
        .containsExactly(
            list(null, 1, null, null),
            list(1, 5, 1L, 7),
            list(2, 0, 2L, 9),
            list(3, 1, null, null));
    LogicalPlan anti = Analyzer.join(l, r, JoinType.ANTI, cond, "_r");
    assertThat(rows(anti)).containsExactly(list(3, 1), list(null, 1));
    LogicalPlan full = Analyzer.join(l, r, JoinType.FULL, cond, "_r");
    assertThat(rows(full)).hasSize(6);
  }

  @Test
  void conditionJoinsWithoutEqualityRunOnTheCrossProduct() {
    Schema a = Schema.of(Field.of("lo", DataType.INT32));
    Schema b = Schema.of(Field.of("val", DataType.INT32));
    LogicalPlan l = values(a, row(1), row(5), row((Object) null));
    LogicalPlan r = values(b, row(2), row(6), row(7));
    LogicalPlan j = Analyzer.join(l, r, JoinType.LEFT, col("val").gt(col("lo")), "_r");
    assertThat(rows(Analyzer.sort(j, List.of(asc("lo"), asc("val")))))
        .containsExactly(
            list(null, null), list(1, 2), list(1, 6), list(1, 7), list(5, 6), list(5, 7));
    LogicalPlan semi = Analyzer.join(l, r, JoinType.SEMI, col("val").gt(col("lo").times(2)), "_r");
    assertThat(rows(semi)).containsExactly(list(1));
  }

  @Test
  void residualConditionsRunOnlyOnMatchedPairs() {
    Schema a = Schema.builder().column("id", DataType.INT32).column("n", DataType.INT32).build();
    Schema b = Schema.builder().column("ref", DataType.INT32).column("d", DataType.INT32).build();
    LogicalPlan l = values(a, row(1, 10), row(2, 10));
    LogicalPlan r = values(b, row(1, 5), row(2, 2), row(3, 0));
    Expr cond = col("id").eq(col("ref")).and(col("n").div(col("d")).gt(2.5));
    assertThat(rows(Analyzer.join(l, r, JoinType.INNER, cond, "_r")))
        .containsExactly(list(2, 10, 2, 2));
    Expr unguarded = col("n").div(col("d")).gt(2.5);
    assertThatThrownBy(() -> rows(Analyzer.join(l, r, JoinType.INNER, unguarded, "_r")))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void joinsMatchNaNAndSignedZeros() {
    Schema a = Schema.builder().column("d", DataType.FLOAT64).column("p", DataType.INT32).build();
    Schema b = Schema.builder().column("d", DataType.FLOAT64).column("q", DataType.INT32).build();
    LogicalPlan l = values(a, row(Double.NaN, 1), row(-0.0, 2));
    LogicalPlan r = values(b, row(Double.NaN, 10), row(0.0, 20));
    assertThat(
            rows(
                Analyzer.sort(
                    Analyzer.join(l, r, JoinType.INNER, List.of("d"), "_r"), List.of(asc("p")))))
        .containsExactly(list(Double.NaN, 1, 10), list(-0.0, 2, 20));
  }

  @Test
  void customSuffixAppliesToClashingNames() {
    LogicalPlan j = Analyzer.join(left(), right(), JoinType.INNER, col("x").eq(col("y")), "_r");
    assertThat(j.schema().names()).containsExactly("k", "v", "x", "k_r", "v_r", "y");
    assertThat(rows(j)).isEmpty();
  }

  @Test
  void emptySidesJoin() {
    LogicalPlan none = Analyzer.filter(right(), col("y").lt(0));
    assertThat(rows(Analyzer.join(left(), none, JoinType.LEFT, List.of("k"), "_r"))).hasSize(4);
    assertThat(rows(Analyzer.join(none, left(), JoinType.FULL, List.of("k"), "_r"))).hasSize(4);
    assertThat(rows(Analyzer.join(left(), none, JoinType.ANTI, col("x").lt(col("y")), "_r")))
        .hasSize(4);
  }
}
