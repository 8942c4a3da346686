package io.frameshift.testkit;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;

import io.frameshift.DataFrame;
import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.TypeMismatchException;
import org.junit.jupiter.api.Test;

/**
 * union, distinct, dropDuplicates, limit and sample. Where an operation may pick any rows (limit
 * without a sort, dropDuplicates, sample) the tests check properties every correct answer has, so
 * that they hold on every engine.
 */
public interface SetOperationConformance extends ConformanceBase {

  /** Ids 1..n. */
  private DataFrame ids(int n) {
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      values[i] = i + 1;
    }
    return column("id", INT32, values);
  }

  @Test
  default void unionKeepsDuplicatesAndMatchesColumnsByName() {
    DataFrame l = frame(schema(field("a", INT32), field("b", STRING)), row(1, "x"), row(2, null));
    DataFrame r = frame(schema(field("b", STRING), field("a", INT32)), row("y", 3), row("x", 1));
    DataFrame out = l.union(r);
    assertSchema(out, field("a", INT32), field("b", STRING));
    assertRows(out, row(1, "x"), row(2, null), row(3, "y"), row(1, "x"));
    assertRows(l.union(l), row(1, "x"), row(2, null), row(1, "x"), row(2, null));
  }

  @Test
  default void unionWidensToTheCommonType() {
    DataFrame wide = column("a", INT32, 1).union(column("a", INT64, 2L));
    assertSchema(wide, field("a", INT64));
    assertRows(wide, row(1L), row(2L));
    DataFrame floats = column("a", INT32, 1).union(column("a", FLOAT64, 2.5));
    assertSchema(floats, field("a", FLOAT64));
    assertRows(floats, row(1.0), row(2.5));
  }

  @Test
  default void unionNeedsTheSameColumnNamesAndComparableTypes() {
    DataFrame ab = frame(schema(field("a", INT32), field("b", STRING)));
    DataFrame ac = frame(schema(field("a", INT32), field("c", STRING)));
    assertFailure(() -> ab.union(ac), AnalysisException.class, "[b]", "[c]");
    DataFrame text = frame(schema(field("a", STRING), field("b", STRING)));
    assertFailure(() -> ab.union(text), TypeMismatchException.class, "'a'", "int32", "string");
  }

  @Test
  default void distinctTreatsNullsAndNaNsAsEqual() {
    DataFrame rows =
        frame(
            schema(field("a", INT32), field("d", FLOAT64), field("s", STRING)),
            row(1, Double.NaN, "x"),
            row(1, Double.NaN, "x"),
            row(1, null, "x"),
            row(1, null, "x"),
            row(2, 1.0, null),
            row(2, 1.0, null),
            row(null, null, null),
            row(null, null, null),
            row(Integer.MIN_VALUE, 1.0, null));
    assertRows(
        rows.distinct(),
        row(1, Double.NaN, "x"),
        row(1, null, "x"),
        row(2, 1.0, null),
        row(null, null, null),
        row(Integer.MIN_VALUE, 1.0, null));
    assertRows(
        rows.dropDuplicates(),
        row(1, Double.NaN, "x"),
        row(1, null, "x"),
        row(2, 1.0, null),
        row(null, null, null),
        row(Integer.MIN_VALUE, 1.0, null));
  }

  @Test
  default void dropDuplicatesKeepsOneInputRowPerKey() {
    DataFrame kv =
        frame(
            schema(field("k", STRING), field("v", INT32)),
            row("a", 1),
            row("a", 2),
            row("b", 3),
            row(null, 4),
            row(null, 5));
    DataFrame kept = kv.dropDuplicates("k");
    assertSchema(kept, field("k", STRING), field("v", INT32));
    assertRows(kept.groupBy("k").agg(count().as("n")), row("a", 1L), row("b", 1L), row(null, 1L));
    // every kept row is an input row: v is unique in the input, so its k must come along
    assertRows(
        kept.join(kv.rename("k", "k_in"), "v")
            .select(coalesce(col("k"), lit("?")).eq(coalesce(col("k_in"), lit("?"))).as("same"))
            .distinct(),
        row(true));
  }

  @Test
  default void limitKeepsAtMostNRows() {
    DataFrame five = ids(5);
    assertRows(five.limit(2).agg(count().as("n"), countDistinct("id").as("nd")), row(2L, 2L));
    assertRows(five.limit(2).join(five, JoinType.ANTI, "id"));
    assertRows(five.limit(0));
    assertRows(five.limit(10), row(1), row(2), row(3), row(4), row(5));
    assertOrderedRows(five.sort("id").limit(3), row(1), row(2), row(3));
  }

  @Test
  default void sampleOfNothingAndOfEverything() {
    DataFrame ten = ids(10);
    assertRows(ten.sample(0.0, 7));
    assertRows(
        ten.sample(1.0, 7),
        row(1),
        row(2),
        row(3),
        row(4),
        row(5),
        row(6),
        row(7),
        row(8),
        row(9),
        row(10));
  }

  @Test
  default void sampleKeepsEachInputRowAtMostOnce() {
    DataFrame all = ids(200);
    DataFrame s = all.sample(0.5, 42);
    assertRows(s.groupBy("id").agg(count().as("n")).filter(col("n").gt(1)));
    assertRows(s.join(all, JoinType.ANTI, "id"));
  }

  @Test
  default void sampleIsReproducibleForASeed() {
    DataFrame all = ids(200);
    DataFrame first = all.sample(0.5, 42);
    DataFrame again = all.sample(0.5, 42);
    assertRows(first.join(again, JoinType.ANTI, "id"));
    assertRows(again.join(first, JoinType.ANTI, "id"));
    // not vacuous: half of 200 rows, give or take seven standard deviations
    assertRows(
        first.agg(count().as("n")).select(col("n").between(50L, 150L).as("plausible")), row(true));
  }

  @Test
  default void sampleKeepsRowsWithTheGivenProbability() {
    // 1000 rows at 0.3: mean 300, standard deviation 14.5
    assertRows(
        ids(1000)
            .sample(0.3, 2024)
            .agg(count().as("n"))
            .select(col("n").between(200L, 400L).as("plausible")),
        row(true));
  }

  @Test
  default void invalidLimitAndFractionFailWhenBuilt() {
    assertFailure(() -> ids(3).limit(-1), AnalysisException.class, "-1");
    assertFailure(() -> ids(3).sample(1.5, 1), AnalysisException.class, "1.5");
  }
}
