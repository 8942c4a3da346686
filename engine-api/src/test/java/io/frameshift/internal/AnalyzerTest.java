package io.frameshift.internal;

import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Window;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Project;
import io.frameshift.plan.Windowed;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
  private static final Schema ORDERS =
      Schema.builder()
          .column("id", DataType.INT32)
          .column("amount", DataType.FLOAT64)
          .column("qty", DataType.INT64)
          .column("status", DataType.STRING)
          .column("day", DataType.DATE)
          .column("price", DataType.decimal(10, 2))
          .build();

  private static LogicalPlan orders() {
    return Analyzer.values(ORDERS, List.of());
  }

  @Test
  void missingColumnNamesItAndListsTheAvailableOnes() {
    assertThatThrownBy(() -> Analyzer.filter(orders(), col("amout").gt(0)))
        .isInstanceOf(ColumnNotFoundException.class)
        .hasMessage(
            "Column 'amout' not found (did you mean 'amount'?); available columns: [id, amount, qty,"
                + " status, day, price]");
  }

  @Test
  void comparingAStringWithANumberNamesBothSidesAndTypes() {
    assertThatThrownBy(() -> Analyzer.filter(orders(), col("status").gt(5)))
        .isInstanceOf(TypeMismatchException.class)
        .hasMessageContaining("status (string)")
        .hasMessageContaining("5 (int32)");
  }

  @Test
  void nonBooleanFilterIsRejected() {
    assertThatThrownBy(() -> Analyzer.filter(orders(), col("amount").plus(1)))
        .isInstanceOf(TypeMismatchException.class)
        .hasMessage("Filter condition (amount + 1) is float64; expected boolean");
  }

  @Test
  void arithmeticOperandsAreCastToTheirCommonType() {
    Project p = (Project) Analyzer.select(orders(), List.of(col("id").plus(col("qty"))));
    assertThat(p.columns())
        .containsExactly(
            new Alias(
                new Call(
                    Function.PLUS,
                    List.of(new Cast(new Column("id"), DataType.INT64), new Column("qty"))),
                "(id + qty)"));
    assertThat(p.schema().field(0).type()).isEqualTo(DataType.INT64);
  }

  @Test
  void literalsAreFoldedToTheColumnType() {
    Filter f = (Filter) Analyzer.filter(orders(), col("qty").gt(1));
    assertThat(f.condition())
        .isEqualTo(
            new Call(Function.GT, List.of(new Column("qty"), new Literal(1L, DataType.INT64))));
  }

  @Test
  void stringLiteralComparedWithADateIsReadAsADate() {
    Filter f = (Filter) Analyzer.filter(orders(), col("day").ge("2024-02-29"));
    assertThat(f.condition())
        .isEqualTo(
            new Call(
                Function.GE,
                List.of(
                    new Column("day"),
                    new Literal(java.time.LocalDate.of(2024, 2, 29), DataType.DATE))));
  }

  @Test
  void divisionIsAlwaysFloat64() {
    LogicalPlan p = Analyzer.select(orders(), List.of(col("id").div(col("qty")).as("r")));
    assertThat(p.schema().field("r").type()).isEqualTo(DataType.FLOAT64);
  }

  @Test
  void untypedNullTakesItsContextType() {
    LogicalPlan p =
        Analyzer.select(
            orders(), List.of(when(col("id").gt(0)).then(col("qty")).otherwise(lit(null)).as("x")));
    Expr x = ((Alias) ((Project) p).columns().get(0)).input();
    assertThat(((Call) x).args().get(2)).isEqualTo(new Literal(null, DataType.INT64));
  }

  @Test
  void leadingUntypedNullTakesTheTypeOfLaterArguments() {
    LogicalPlan p =
        Analyzer.select(
            orders(),
            List.of(
                io.frameshift.expr.Functions.coalesce(lit(null), col("qty")).as("c"),
                when(col("id").gt(0)).then(lit(null)).otherwise(col("amount")).as("w")));
    assertThat(p.schema().field("c").type()).isEqualTo(DataType.INT64);
    assertThat(p.schema().field("w").type()).isEqualTo(DataType.FLOAT64);
  }

  @Test
  void aggregateTypesFollowTheContract() {
    LogicalPlan g =
        Analyzer.groupBy(
            orders(),
            List.of(col("status")),
            List.of(count().as("n"), sum("id").as("s"), sum("price").as("p"), avg("qty").as("a")));
    assertThat(g.schema().fields())
        .containsExactly(
            Field.of("status", DataType.STRING),
            new Field("n", DataType.INT64, false),
            Field.of("s", DataType.INT64),
            Field.of("p", DataType.decimal(20, 2)),
            Field.of("a", DataType.FLOAT64));
  }

  @Test
  void unaliasedAggregatesAreNamedBySql() {
    LogicalPlan g = Analyzer.groupBy(orders(), List.of(), List.of(count(), sum("amount")));
    assertThat(g.schema().names()).containsExactly("count(*)", "sum(amount)");
  }

  @Test
  void aggregateInsideAnExpressionIsComputedBelowAProjection() {
    LogicalPlan p =
        Analyzer.groupBy(
            orders(), List.of(col("status")), List.of(sum("amount").div(count()).as("mean")));
    assertThat(p).isInstanceOf(Project.class);
    assertThat(((Project) p).child()).isInstanceOf(GroupBy.class);
    assertThat(p.schema().names()).containsExactly("status", "mean");
  }

  @Test
  void aggregateOutsideAggIsRejected() {
    assertThatThrownBy(() -> Analyzer.select(orders(), List.of(sum("amount"))))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("sum(amount)")
        .hasMessageContaining("groupBy");
  }

  @Test
  void windowFunctionsNeedAnOrderedWindow() {
    assertThatThrownBy(
            () -> Analyzer.select(orders(), List.of(rank().over(Window.partitionBy("status")))))
        .hasMessageContaining("needs an ordered window");
  }

  @Test
  void windowInsideSelectBecomesAWindowNode() {
    LogicalPlan p =
        Analyzer.select(
            orders(), List.of(col("id"), rank().over(Window.orderBy("amount")).plus(1).as("r1")));
    assertThat(((Project) p).child()).isInstanceOf(Windowed.class);
    assertThat(p.schema().names()).containsExactly("id", "r1");
    assertThat(p.schema().field("r1").type()).isEqualTo(DataType.INT32);
  }

  @Test
  void keyJoinWidensKeysAndSuffixesClashes() {
    Schema right =
        Schema.builder().column("id", DataType.INT64).column("status", DataType.STRING).build();
    LogicalPlan j =
        Analyzer.join(
            orders(), Analyzer.values(right, List.of()), JoinType.LEFT, List.of("id"), "_right");
    assertThat(j.schema().names())
        .containsExactly("id", "amount", "qty", "status", "day", "price", "status_right");
    assertThat(j.schema().field("id").type()).isEqualTo(DataType.INT64);
  }

  @Test
  void missingJoinKeyNamesTheSide() {
    Schema right = Schema.builder().column("customer", DataType.INT64).build();
    assertThatThrownBy(
            () ->
                Analyzer.join(
                    orders(),
                    Analyzer.values(right, List.of()),
                    JoinType.INNER,
                    List.of("id"),
                    "_r"))
        .isInstanceOf(ColumnNotFoundException.class)
        .hasMessage("Join key 'id' not found on the right side; available columns: [customer]");
  }

  @Test
  void ambiguousColumnInJoinConditionIsRejected() {
    Schema right =
        Schema.builder().column("id", DataType.INT32).column("cid", DataType.INT32).build();
    assertThatThrownBy(
            () ->
                Analyzer.join(
                    orders(),
                    Analyzer.values(right, List.of()),
                    JoinType.INNER,
                    col("id").eq(col("cid")),
                    "_r"))
        .hasMessageContaining("'id'")
        .hasMessageContaining("both sides");
  }

  @Test
  void unionAlignsByNameAndWidens() {
    Schema a = Schema.builder().column("x", DataType.INT32).column("y", DataType.STRING).build();
    Schema b = Schema.builder().column("y", DataType.STRING).column("x", DataType.FLOAT64).build();
    LogicalPlan u = Analyzer.union(Analyzer.values(a, List.of()), Analyzer.values(b, List.of()));
    assertThat(u.schema().fields())
        .containsExactly(Field.of("x", DataType.FLOAT64), Field.of("y", DataType.STRING));
  }

  @Test
  void unionWithDifferentColumnsListsThem() {
    Schema a = Schema.builder().column("x", DataType.INT32).build();
    Schema b = Schema.builder().column("z", DataType.INT32).build();
    assertThatThrownBy(
            () -> Analyzer.union(Analyzer.values(a, List.of()), Analyzer.values(b, List.of())))
        .hasMessage(
            "union needs the same column names on both sides; only on the left: [x], only on the right: [z]");
  }

  @Test
  void impossibleCastIsATypeMismatch() {
    assertThatThrownBy(() -> Analyzer.select(orders(), List.of(col("day").cast(DataType.INT32))))
        .isInstanceOf(TypeMismatchException.class)
        .hasMessage("Cannot cast \"day\" (date) to int32");
  }

  @Test
  void duplicateOutputNamesAreRejected() {
    assertThatThrownBy(() -> Analyzer.select(orders(), List.of(col("id"), col("qty").as("id"))))
        .hasMessageContaining("Duplicate output column 'id'");
  }

  @Test
  void typeOfResolvedExpressions() {
    assertThat(Analyzer.typeOf(col("price").plus(col("price")), ORDERS))
        .isEqualTo(DataType.decimal(11, 2));
    assertThat(Analyzer.typeOf(col("amount").floor(), ORDERS)).isEqualTo(DataType.INT64);
    assertThat(Analyzer.typeOf(col("status").length(), ORDERS)).isEqualTo(DataType.INT32);
  }
}
