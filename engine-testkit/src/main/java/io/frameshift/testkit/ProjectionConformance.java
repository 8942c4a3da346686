package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.lower;
import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import org.junit.jupiter.api.Test;

/** select, withColumn, drop, rename, literals and output naming. */
public interface ProjectionConformance extends ConformanceBase {

  private DataFrame abc() {
    return frame(
        schema(field("a", INT32), field("b", STRING), field("c", FLOAT64)),
        row(1, "x", 1.5),
        row(2, null, null),
        row(null, "z", -0.5));
  }

  @Test
  default void selectByNameKeepsTheGivenOrder() {
    DataFrame ca = abc().select("c", "a");
    assertSchema(ca, field("c", FLOAT64), field("a", INT32));
    assertRows(ca, row(1.5, 1), row(null, 2), row(-0.5, null));
  }

  @Test
  default void unnamedExpressionsAreNamedBySqlForm() {
    DataFrame out =
        abc().select(col("a").plus(1), col("a").gt(1), lower(col("b")), col("a").cast(INT64));
    assertSchema(
        out,
        field("(a + 1)", INT32),
        field("(a > 1)", BOOLEAN),
        field("lower(b)", STRING),
        field("CAST(a AS int64)", INT64));
    assertRows(out, row(2, false, "x", 1L), row(3, true, null, 2L), row(null, null, "z", null));
  }

  @Test
  default void aliasNamesAColumn() {
    DataFrame out = abc().select(col("a").times(10).as("a10"));
    assertSchema(out, field("a10", INT32));
    assertRows(out, row(10), row(20), row((Object) null));
  }

  @Test
  default void withColumnAppendsANewColumn() {
    DataFrame out = abc().withColumn("d", col("a").plus(col("a")));
    assertSchema(
        out, field("a", INT32), field("b", STRING), field("c", FLOAT64), field("d", INT32));
    assertRows(out, row(1, "x", 1.5, 2), row(2, null, null, 4), row(null, "z", -0.5, null));
  }

  @Test
  default void withColumnReplacesAColumnInPlace() {
    DataFrame out = abc().withColumn("a", col("a").times(-1));
    assertSchema(out, field("a", INT32), field("b", STRING), field("c", FLOAT64));
    assertRows(out, row(-1, "x", 1.5), row(-2, null, null), row(null, "z", -0.5));
  }

  @Test
  default void dropRemovesColumns() {
    DataFrame out = abc().drop("b");
    assertSchema(out, field("a", INT32), field("c", FLOAT64));
    assertRows(out, row(1, 1.5), row(2, null), row(null, -0.5));
  }

  @Test
  default void renameKeepsThePosition() {
    DataFrame out = abc().rename("b", "name");
    assertSchema(out, field("a", INT32), field("name", STRING), field("c", FLOAT64));
    assertRows(out, row(1, "x", 1.5), row(2, null, null), row(null, "z", -0.5));
  }

  @Test
  default void literalColumns() {
    DataFrame out =
        column("a", INT32, 1, 2)
            .select(
                col("a"),
                lit(7).as("seven"),
                lit(7L).as("seven_l"),
                lit("s").as("str"),
                lit(2.5).as("f"),
                lit(dec("1.50")).as("d"),
                lit(date("1969-07-20")).as("dt"),
                lit(true).as("yes"));
    assertSchema(
        out,
        field("a", INT32),
        field("seven", INT32),
        field("seven_l", INT64),
        field("str", STRING),
        field("f", FLOAT64),
        field("d", decimal(3, 2)),
        field("dt", DATE),
        field("yes", BOOLEAN));
    assertRows(
        out,
        row(1, 7, 7L, "s", 2.5, dec("1.50"), date("1969-07-20"), true),
        row(2, 7, 7L, "s", 2.5, dec("1.50"), date("1969-07-20"), true));
  }

  @Test
  default void nullLiteralsTakeTheirTypeOrString() {
    DataFrame out =
        column("a", INT32, 1).select(lit(null).as("untyped"), lit(null, INT64).as("typed"));
    assertSchema(out, field("untyped", STRING), field("typed", INT64));
    assertRows(out, row(null, null));
  }

  @Test
  default void columnNamesAreCaseSensitive() {
    DataFrame both =
        frame(schema(field("a", INT32), field("A", STRING)), row(1, "one"), row(2, "two"));
    assertRows(both.select("A"), row("one"), row("two"));
    assertRows(both.select("a"), row(1), row(2));
    ColumnNotFoundException e =
        (ColumnNotFoundException)
            assertFailure(() -> both.select("B"), ColumnNotFoundException.class, "[a, A]");
    assertThat(e.column()).isEqualTo("B");
    assertThat(e.available()).containsExactly("a", "A");
  }

  @Test
  default void outputNamesMustBeUnique() {
    assertFailure(
        () -> abc().select(col("a"), col("b").as("a")), AnalysisException.class, "duplicate", "a");
    assertFailure(() -> abc().rename("a", "b"), AnalysisException.class, "'a'", "'b'");
  }

  @Test
  default void projectionOfAnEmptyFrameIsEmpty() {
    DataFrame empty = frame(schema(field("a", INT32), field("b", STRING)));
    DataFrame out = empty.select(col("a").plus(1).as("a1"), col("b"));
    assertSchema(out, field("a1", INT32), field("b", STRING));
    assertRows(out);
  }
}
