package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import org.junit.jupiter.api.Test;

/** Joins: every type, output columns, null keys, widening (docs/semantics.md, "Joins"). */
public interface JoinConformance extends ConformanceBase {

  private DataFrame left() {
    return frame(
        schema(field("id", INT32), field("name", STRING)),
        row(1, "a"),
        row(2, "b"),
        row(3, "c"),
        row(null, "n"));
  }

  private DataFrame right() {
    return frame(
        schema(field("id", INT32), field("score", INT32), field("name", STRING)),
        row(2, 20, "B"),
        row(3, 30, "C"),
        row(3, 31, "C2"),
        row(4, 40, "D"),
        row(null, 0, "N"));
  }

  @Test
  default void innerJoinOutputsKeyThenLeftThenSuffixedRight() {
    DataFrame out = left().join(right(), "id");
    assertSchema(
        out,
        field("id", INT32),
        field("name", STRING),
        field("score", INT32),
        field("name_right", STRING));
    assertRows(out, row(2, "b", 20, "B"), row(3, "c", 30, "C"), row(3, "c", 31, "C2"));
  }

  @Test
  default void leftJoinKeepsUnmatchedLeftRowsIncludingNullKeys() {
    assertRows(
        left().join(right(), JoinType.LEFT, "id"),
        row(1, "a", null, null),
        row(2, "b", 20, "B"),
        row(3, "c", 30, "C"),
        row(3, "c", 31, "C2"),
        row(null, "n", null, null));
  }

  @Test
  default void rightJoinKeyHoldsTheNonNullSide() {
    assertRows(
        left().join(right(), JoinType.RIGHT, "id"),
        row(2, "b", 20, "B"),
        row(3, "c", 30, "C"),
        row(3, "c", 31, "C2"),
        row(4, null, 40, "D"),
        row(null, null, 0, "N"));
  }

  @Test
  default void fullJoinNeverMatchesNullKeys() {
    assertRows(
        left().join(right(), JoinType.FULL, "id"),
        row(1, "a", null, null),
        row(2, "b", 20, "B"),
        row(3, "c", 30, "C"),
        row(3, "c", 31, "C2"),
        row(null, "n", null, null),
        row(4, null, 40, "D"),
        row(null, null, 0, "N"));
  }

  @Test
  default void semiJoinKeepsMatchedLeftRowsOnce() {
    DataFrame out = left().join(right(), JoinType.SEMI, "id");
    assertSchema(out, field("id", INT32), field("name", STRING));
    assertRows(out, row(2, "b"), row(3, "c"));
  }

  @Test
  default void antiJoinKeepsUnmatchedLeftRowsIncludingNullKeys() {
    DataFrame out = left().join(right(), JoinType.ANTI, "id");
    assertSchema(out, field("id", INT32), field("name", STRING));
    assertRows(out, row(1, "a"), row(null, "n"));
  }

  @Test
  default void manyToManyMatchesMultiply() {
    DataFrame x = column("k", INT32, 1, 1, 2);
    DataFrame y = frame(schema(field("k", INT32), field("y", STRING)), row(1, "p"), row(1, "q"));
    assertRows(x.join(y, "k"), row(1, "p"), row(1, "p"), row(1, "q"), row(1, "q"));
  }

  @Test
  default void conditionJoinOutputsAllLeftThenAllRightColumns() {
    DataFrame out =
        left().join(right().rename("id", "rid"), JoinType.INNER, col("id").eq(col("rid")));
    assertSchema(
        out,
        field("id", INT32),
        field("name", STRING),
        field("rid", INT32),
        field("score", INT32),
        field("name_right", STRING));
    assertRows(out, row(2, "b", 2, 20, "B"), row(3, "c", 3, 30, "C"), row(3, "c", 3, 31, "C2"));
  }

  @Test
  default void leftConditionJoinOnAnInequality() {
    assertRows(
        left()
            .join(
                right().rename("id", "rid"),
                JoinType.LEFT,
                col("id").lt(col("rid")).and(col("score").gt(30))),
        row(1, "a", 3, 31, "C2"),
        row(1, "a", 4, 40, "D"),
        row(2, "b", 3, 31, "C2"),
        row(2, "b", 4, 40, "D"),
        row(3, "c", 4, 40, "D"),
        row(null, "n", null, null, null));
  }

  @Test
  default void semiAndAntiConditionJoins() {
    DataFrame r = right().rename("id", "rid");
    assertRows(left().join(r, JoinType.SEMI, col("id").eq(col("rid"))), row(2, "b"), row(3, "c"));
    assertRows(
        left().join(r, JoinType.ANTI, col("id").eq(col("rid"))), row(1, "a"), row(null, "n"));
  }

  @Test
  default void conditionMayNotNameAColumnOfBothSides() {
    assertFailure(
        () -> left().join(right(), JoinType.INNER, col("id").eq(col("score"))),
        AnalysisException.class,
        "'id'",
        "both sides",
        "rename");
  }

  @Test
  default void keysOfDifferentNumericTypesAreWidened() {
    DataFrame wide =
        frame(schema(field("id", INT64), field("x", STRING)), row(2L, "two"), row(5L, "five"));
    DataFrame out = left().join(wide, "id");
    assertSchema(out, field("id", INT64), field("name", STRING), field("x", STRING));
    assertRows(out, row(2L, "b", "two"));
  }

  @Test
  default void joinOnSeveralKeys() {
    DataFrame a =
        frame(
            schema(field("k1", STRING), field("k2", INT32), field("a", INT32)),
            row("x", 1, 10),
            row("x", 2, 20),
            row(null, 1, 30));
    DataFrame b =
        frame(
            schema(field("k1", STRING), field("k2", INT32), field("b", INT32)),
            row("x", 1, 100),
            row("x", 3, 300),
            row(null, 1, 999));
    assertRows(a.join(b, "k1", "k2"), row("x", 1, 10, 100));
    assertRows(
        a.join(b, JoinType.FULL, "k1", "k2"),
        row("x", 1, 10, 100),
        row("x", 2, 20, null),
        row(null, 1, 30, null),
        row("x", 3, null, 300),
        row(null, 1, null, 999));
  }

  @Test
  default void suffixIsRepeatedUntilTheNameIsFree() {
    DataFrame a =
        frame(
            schema(field("id", INT32), field("v", INT32), field("v_right", INT32)), row(1, 10, 11));
    DataFrame b = frame(schema(field("id", INT32), field("v", INT32)), row(1, 12));
    DataFrame out = a.join(b, "id");
    assertSchema(
        out,
        field("id", INT32),
        field("v", INT32),
        field("v_right", INT32),
        field("v_right_right", INT32));
    assertRows(out, row(1, 10, 11, 12));
  }

  @Test
  default void suffixIsConfigurable() {
    try (Frameshift other = newSession(b -> b.joinSuffix("_r"))) {
      DataFrame l =
          other.createDataFrame(schema(field("id", INT32), field("name", STRING)), row(1, "a"));
      DataFrame r =
          other.createDataFrame(schema(field("id", INT32), field("name", STRING)), row(1, "A"));
      DataFrame out = l.join(r, "id");
      assertSchema(out, field("id", INT32), field("name", STRING), field("name_r", STRING));
      assertRows(out, row(1, "a", "A"));
    }
  }

  @Test
  default void joinWithAnEmptySide() {
    DataFrame none = right().filter(col("score").lt(0));
    assertRows(left().join(none, "id"));
    assertRows(
        left().join(none, JoinType.LEFT, "id"),
        row(1, "a", null, null),
        row(2, "b", null, null),
        row(3, "c", null, null),
        row(null, "n", null, null));
    assertRows(none.join(left(), JoinType.ANTI, "id"));
  }
}
