package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.udf;
import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.EvaluationException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * User functions (docs/functions.md): scalar functions from Java lambdas wherever an expression
 * stands, their null handling, errors and SQL names; batch functions over Arrow batches. Every
 * engine gives the same answers, and every function here runs where the engine runs it (on Spark,
 * in its executors).
 */
public interface UdfConformance extends ConformanceBase {

  private DataFrame orders() {
    return frame(
        schema(
            field("id", INT32),
            field("amount", FLOAT64),
            field("country", STRING),
            field("qty", INT64)),
        row(1, 100.0, "NL", 2L),
        row(2, 50.0, "DE", 1L),
        row(3, 10.0, "NL", null),
        row(4, null, "FR", 5L),
        row(5, 80.0, null, 3L));
  }

  private static UserFunction tax() {
    return udf(
        "tax",
        (Double amount, String country) -> amount * (country.equals("NL") ? 0.21 : 0.19),
        FLOAT64);
  }

  @Test
  default void scalarFunctionInSelectAndWithColumn() {
    UserFunction tax = tax();
    UserFunction label = udf("label", (Integer id) -> "order-" + id, STRING);
    DataFrame out =
        orders()
            .select(col("id"), label.apply(col("id")).as("label"))
            .withColumn("id2", udf("twice", (Long x) -> x * 2, INT64).apply(col("id")));
    assertSchema(out, field("id", INT32), field("label", STRING), field("id2", INT64));
    assertRows(
        out,
        row(1, "order-1", 2L),
        row(2, "order-2", 4L),
        row(3, "order-3", 6L),
        row(4, "order-4", 8L),
        row(5, "order-5", 10L));
    assertRows(
        orders().select(col("id"), tax.apply(col("amount"), col("country")).as("tax")),
        row(1, 21.0),
        row(2, 9.5),
        row(3, 2.1),
        row(4, null),
        row(5, null));
  }

  @Test
  default void scalarFunctionInFilterGroupKeyAndAggregate() {
    UserFunction big = udf("is_big", (Double a) -> a >= 50, BOOLEAN);
    assertRows(orders().filter(big.apply(col("amount"))).select("id"), row(1), row(2), row(5));

    UserFunction region =
        udf("region", (String c) -> c.equals("NL") || c.equals("DE") ? "north" : "other", STRING);
    assertRows(
        orders().groupBy(region.apply(col("country")).as("region")).agg(count().as("n")),
        row("north", 3L),
        row("other", 1L),
        row(null, 1L));

    UserFunction cents = udf("cents", (Double a) -> Math.round(a * 100), INT64);
    assertRows(orders().groupBy().agg(sum(cents.apply(col("amount"))).as("total")), row(24000L));
    assertRows(
        orders()
            .groupBy("country")
            .agg(sum(cents.apply(col("amount"))).as("total"))
            .filter(col("country").eq("NL")),
        row("NL", 11000L));
  }

  @Test
  default void scalarFunctionInAJoinCondition() {
    DataFrame rates =
        frame(
            schema(field("code", STRING), field("rate", FLOAT64)),
            row("nl", 0.21),
            row("de", 0.19));
    UserFunction lower = udf("lower_code", (String s) -> s.toLowerCase(), STRING);
    assertRows(
        orders()
            .join(rates, JoinType.INNER, lower.apply(col("country")).eq(col("code")))
            .select("id", "rate"),
        row(1, 0.21),
        row(2, 0.19),
        row(3, 0.21));
  }

  @Test
  default void nullArgumentsGiveNullUnlessTheFunctionAcceptsThem() {
    UserFunction skipping = udf("show_qty", (Long q) -> "qty " + q, STRING);
    UserFunction accepting = skipping.acceptingNulls();
    assertRows(
        orders()
            .select(
                col("id"),
                skipping.apply(col("qty")).as("skipped"),
                udf("show_qty2", (Long q) -> q == null ? "none" : "qty " + q, STRING)
                    .acceptingNulls()
                    .apply(col("qty"))
                    .as("accepted"),
                accepting.apply(col("qty")).as("raw"))
            .filter(col("id").le(3)),
        row(1, "qty 2", "qty 2", "qty 2"),
        row(2, "qty 1", "qty 1", "qty 1"),
        row(3, null, "none", "qty null"));
  }

  @Test
  default void argumentsWidenToTheDeclaredClassAndResultsConvertExactly() {
    // an INT32 column fits a Double parameter; an Integer result fits INT64 and DECIMAL
    UserFunction half = udf("half", (Double x) -> x / 2, FLOAT64);
    UserFunction asLong = udf("as_long", (Integer x) -> x * 10, INT64);
    UserFunction money = udf("money", (Double x) -> BigDecimal.valueOf(x), DataType.decimal(10, 2));
    UserFunction anything = udf("describe", (Object x) -> x.getClass().getSimpleName(), STRING);
    UserFunction nextDay = udf("next_day", (LocalDate d) -> d.plusDays(1), DATE);
    assertRows(
        orders()
            .filter(col("id").eq(1))
            .select(
                half.apply(col("id")).as("h"),
                asLong.apply(col("id")).as("l"),
                money.apply(lit(1.005)).as("m"),
                anything.apply(col("country")).as("d"),
                nextDay.apply(lit(LocalDate.of(2024, 2, 28))).as("n")),
        row(0.5, 10L, dec("1.01"), "String", LocalDate.of(2024, 2, 29)));
  }

  @Test
  default void wrongArgumentTypeFailsAtAnalysisNamingFunctionArgumentAndType() {
    UserFunction tax = tax();
    assertFailure(
        () -> orders().select(tax.apply(col("country"), col("country"))),
        TypeMismatchException.class,
        "tax",
        "argument 1",
        "country",
        "float64",
        "string");
    assertFailure(
        () -> orders().select(tax.apply(col("amount"))),
        AnalysisException.class,
        "tax",
        "takes 2 arguments, got 1");
  }

  @Test
  default void anExceptionInsideTheFunctionNamesItsArgumentValues() {
    UserFunction risky =
        udf(
            "risky",
            (Integer id, String country) -> {
              if (id == 2) {
                throw new IllegalStateException("no refunds for " + country);
              }
              return id;
            },
            INT32);
    EvaluationException e =
        (EvaluationException)
            assertRunFailure(
                orders().select(risky.apply(col("id"), col("country")).as("r")),
                EvaluationException.class,
                "risky",
                "id = 2",
                "country = 'DE'",
                "no refunds for DE");
    assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  default void primitiveFunctionsOfEveryShapeGiveNullForANullArgument() {
    // INT32 id and INT64 qty widen to the primitive parameter; lit(60) is a constant argument
    UserFunction mix = udf("mix", (double q, double x) -> q + x * 0.2);
    UserFunction scaled = udf("scaled", (double x) -> x * 1.5);
    UserFunction twice = udf("twice_l", (long q) -> q * 2);
    UserFunction times = udf("times", (long a, long b) -> a * b);
    UserFunction pricey = udf("pricey", (double x) -> x > 60);
    UserFunction above = udf("above", (double a, double b) -> a > b);
    UserFunction even = udf("even", (long q) -> q % 2 == 0);
    UserFunction later = udf("later", (long a, long b) -> a > b);
    assertThat(mix.returnType()).isEqualTo(FLOAT64);
    assertThat(twice.returnType()).isEqualTo(INT64);
    assertThat(later.returnType()).isEqualTo(BOOLEAN);
    assertRows(
        orders()
            .select(
                col("id"),
                mix.apply(col("qty"), col("amount")).as("mix"),
                scaled.apply(col("amount")).as("scaled"),
                twice.apply(col("qty")).as("twice"),
                times.apply(col("id"), col("qty")).as("times"),
                pricey.apply(col("amount")).as("pricey"),
                above.apply(col("amount"), lit(60)).as("above"),
                even.apply(col("qty")).as("even"),
                later.apply(col("qty"), col("id")).as("later")),
        row(1, 22.0, 150.0, 4L, 2L, true, true, true, true),
        row(2, 11.0, 75.0, 2L, 2L, false, false, false, false),
        row(3, null, 15.0, null, null, false, false, null, null),
        row(4, null, null, 10L, 20L, null, null, false, true),
        row(5, 19.0, 120.0, 6L, 15L, true, true, false, false));
    assertRows(orders().filter(pricey.apply(col("amount"))).select(col("id")), row(1), row(5));
  }

  @Test
  default void aPrimitiveFunctionCannotAcceptNullsAndItsExceptionsNameTheArguments() {
    UserFunction fragile =
        udf(
            "fragile",
            (long id, long q) -> {
              if (id == 2) {
                throw new IllegalStateException("no refunds for qty " + q);
              }
              return id;
            });
    assertFailure(
        () -> fragile.acceptingNulls(), AnalysisException.class, "fragile", "primitive", "Long x");
    EvaluationException e =
        (EvaluationException)
            assertRunFailure(
                orders().select(fragile.apply(col("id"), col("qty")).as("r")),
                EvaluationException.class,
                "Function 'fragile' failed",
                // the argument as analysis widened it: CAST(id AS int64) = 2
                "id as int64) = 2",
                "qty = 1",
                "no refunds for qty 1");
    assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  default void aResultThatDoesNotFitTheDeclaredTypeFails() {
    UserFunction wrong = udf("wrong", (Integer id) -> "x" + id, INT32);
    assertRunFailure(
        orders().select(wrong.apply(col("id")).as("w")),
        EvaluationException.class,
        "wrong",
        "'x1'",
        "int32");
  }

  @Test
  default void registeredFunctionsAreCalledByNameFromSqlText() {
    session().register(tax());
    {
      assertRows(
          orders().filter("tax(amount, country) > 5 AND id < 5").select("id"), row(1), row(2));
      DataFrame out = orders().select(col("id")).filter("TAX(id, 'NL') > 0.5");
      assertRows(out, row(3), row(4), row(5));
      assertThat(orders().filter("tax(amount, country) > 5").explain()).contains("tax(amount");
      assertThat(tax().apply(col("amount"), col("country")).toSql())
          .isEqualTo("tax(amount, country)");
      assertFailure(
          () -> orders().filter("taks(amount, country) > 5"),
          AnalysisException.class,
          "unknown function 'taks'",
          "did you mean tax",
          "registered functions: [tax]",
          "abs");
    }
  }

  @Test
  default void mapBatchesChangesTheSchema() {
    Schema out = schema(field("id", INT32), field("doubled", INT64), field("tag", STRING));
    DataFrame mapped =
        orders()
            .mapBatches(
                (batch, allocator) -> {
                  IntVector id = (IntVector) batch.getVector("id");
                  int n = batch.getRowCount();
                  BigIntVector doubled = new BigIntVector("doubled", allocator);
                  VarCharVector tag = new VarCharVector("tag", allocator);
                  doubled.allocateNew(n);
                  tag.allocateNew(n);
                  int m = 0;
                  for (int i = 0; i < n; i++) {
                    if (id.get(i) % 2 == 1) { // keeps odd ids only: row counts may change
                      id.set(m, id.get(i));
                      doubled.set(m, id.get(i) * 2L);
                      tag.setSafe(m, ("t" + id.get(i)).getBytes());
                      m++;
                    }
                  }
                  id.setValueCount(m);
                  doubled.setValueCount(m);
                  tag.setValueCount(m);
                  VectorSchemaRoot root = new VectorSchemaRoot(List.of(id, doubled, tag));
                  root.setRowCount(m);
                  return root;
                },
                out);
    assertSchema(mapped, field("id", INT32), field("doubled", INT64), field("tag", STRING));
    assertRows(mapped, row(1, 2L, "t1"), row(3, 6L, "t3"), row(5, 10L, "t5"));
    assertRows(mapped.filter(col("doubled").gt(2L)).select("tag"), row("t3"), row("t5"));
  }

  @Test
  default void mapBatchesWithTheWrongSchemaNamesTheColumn() {
    Schema promised = schema(field("id", INT32), field("half", FLOAT64));
    assertRunFailure(
        orders()
            .mapBatches(
                (batch, allocator) -> {
                  Float8Vector half = new Float8Vector("halve", allocator);
                  half.allocateNew(batch.getRowCount());
                  half.setValueCount(batch.getRowCount());
                  VectorSchemaRoot root =
                      new VectorSchemaRoot(List.of(batch.getVector("id"), half));
                  root.setRowCount(batch.getRowCount());
                  return root;
                },
                promised),
        EvaluationException.class,
        "without column 'half'",
        "halve");
    assertRunFailure(
        orders()
            .mapBatches(
                (batch, allocator) ->
                    new VectorSchemaRoot(
                        List.of(batch.getVector("id"), batch.getVector("country"))),
                promised),
        EvaluationException.class,
        "without column 'half'");
    Schema mistyped = schema(field("id", INT32), field("country", INT64));
    assertRunFailure(
        orders()
            .mapBatches(
                (batch, allocator) -> {
                  VectorSchemaRoot root =
                      new VectorSchemaRoot(
                          List.of(batch.getVector("id"), batch.getVector("country")));
                  root.setRowCount(batch.getRowCount());
                  return root;
                },
                mistyped),
        EvaluationException.class,
        "column 'country' is string, not int64");
  }
}
