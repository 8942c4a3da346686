package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.length;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.year;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.frameshift.DataFrame;
import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.EvaluationException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.ParseException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Window;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Failures: which exception, when (analysis errors when the frame is built, evaluation errors when
 * it runs) and what the message names (docs/semantics.md, "Errors"). File errors are in {@link
 * CsvConformance}.
 */
public interface ErrorConformance extends ConformanceBase {

  private DataFrame people() {
    return frame(schema(field("id", INT32), field("name", STRING)), row(1, "ann"), row(2, "bob"));
  }

  @Test
  default void unknownColumnFailsWhenBuiltAndListsTheColumns() {
    ColumnNotFoundException e =
        (ColumnNotFoundException)
            assertFailure(
                () -> people().select("nope"), ColumnNotFoundException.class, "nope", "id", "name");
    assertThat(e.column()).isEqualTo("nope");
    assertThat(e.available()).containsExactly("id", "name");
  }

  @Test
  default void unknownColumnSuggestsTheClosestNames() {
    ColumnNotFoundException e =
        (ColumnNotFoundException)
            assertFailure(
                () -> people().filter(col("Nmae").isNotNull()),
                ColumnNotFoundException.class,
                "did you mean 'name'?",
                "[id, name]");
    assertThat(e.suggestions()).containsExactly("name");
    assertThat(
            catchThrowableOfType(
                    ColumnNotFoundException.class, () -> people().select("totally_unrelated"))
                .suggestions())
        .as("no suggestion when nothing is close")
        .isEmpty();
  }

  @Test
  default void unknownColumnFailsInEveryOperation() {
    List<Function<DataFrame, Object>> uses =
        List.of(
            df -> df.filter(col("nope").gt(1)),
            df -> df.withColumn("x", col("nope").plus(1)),
            df -> df.groupBy("nope"),
            df -> df.agg(sum("nope")),
            df -> df.sort("nope"),
            df -> df.drop("nope"),
            df -> df.rename("nope", "x"),
            df -> df.dropDuplicates("nope"),
            df -> df.select(rowNumber().over(Window.orderBy("nope")).as("r")));
    for (Function<DataFrame, Object> use : uses) {
      DataFrame df = people();
      assertFailure(() -> use.apply(df), ColumnNotFoundException.class, "'nope'", "[id, name]");
    }
  }

  @Test
  default void unknownJoinKeyNamesTheSide() {
    DataFrame other = frame(schema(field("key", INT32), field("v", INT32)));
    assertFailure(
        () -> people().join(other, "id"), ColumnNotFoundException.class, "id", "right", "[key, v]");
  }

  @Test
  default void wrongOperandTypesFailWhenBuiltAndNameBothTypes() {
    DataFrame df = people();
    assertFailure(
        () -> df.filter(col("name").gt(1)), TypeMismatchException.class, "name", "string", "int32");
    assertFailure(
        () -> df.select(col("name").plus(1)),
        TypeMismatchException.class,
        "name",
        "string",
        "int32");
    assertFailure(
        () -> df.select(length(col("id"))), TypeMismatchException.class, "id", "int32", "string");
    assertFailure(
        () -> df.select(year(col("name"))), TypeMismatchException.class, "name", "string");
    assertFailure(() -> df.agg(sum("name")), TypeMismatchException.class, "sum(name)", "string");
    assertFailure(
        () -> df.filter(col("id")), TypeMismatchException.class, "id", "int32", "boolean");
    DataFrame strings = frame(schema(field("id", STRING)));
    assertFailure(
        () -> df.join(strings, JoinType.LEFT, "id"),
        TypeMismatchException.class,
        "'id'",
        "int32",
        "string");
  }

  @Test
  default void aggregateOutsideAggOrWindowFailsWhenBuilt() {
    assertFailure(
        () -> people().filter(sum("id").gt(1)), AnalysisException.class, "sum(id)", "groupBy");
  }

  @Test
  default void evaluationErrorsRaiseWhenTheFrameRuns() {
    // building must not evaluate: the frames are fine until they run
    DataFrame divides = column("x", INT32, 0).select(lit(1).div(col("x")).as("q"));
    DataFrame overflows = column("x", INT64, Long.MAX_VALUE).select(col("x").plus(1).as("y"));
    DataFrame badCast = column("s", STRING, "abc").select(col("s").cast(INT32).as("n"));
    assertRunFailure(divides, EvaluationException.class);
    assertRunFailure(overflows, EvaluationException.class);
    assertRunFailure(badCast, EvaluationException.class, "abc", "int32");
  }

  @Test
  default void malformedConditionStringShowsWhere() {
    DataFrame df = people();
    assertFailure(() -> df.filter("id >"), ParseException.class, "id >", "column");
    assertFailure(() -> df.filter("id = = 1"), ParseException.class, "id = = 1", "column");
  }

  @Test
  default void conditionStringIsCheckedLikeTheDsl() {
    DataFrame df = people();
    assertFailure(() -> df.filter("nope > 1"), ColumnNotFoundException.class, "nope", "[id, name]");
    assertFailure(
        () -> df.filter("name > 1"), TypeMismatchException.class, "name", "string", "int32");
  }

  @Test
  default void unknownEngineListsTheAvailableOnes() {
    FrameshiftException e =
        assertFailure(() -> people().on("nope"), ConfigurationException.class, "'nope'");
    for (String engine : session().availableEngines()) {
      assertThat(e.getMessage()).contains(engine);
    }
  }
}
