package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.not;
import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.STRING;

import io.frameshift.DataFrame;
import org.junit.jupiter.api.Test;

/** Filters, three-valued logic, null tests and IN (docs/semantics.md, "Nulls and logic"). */
public interface FilterConformance extends ConformanceBase {

  private DataFrame people() {
    return frame(
        schema(
            field("id", INT32),
            field("name", STRING),
            field("age", INT32),
            field("active", BOOLEAN)),
        row(1, "ann", 30, true),
        row(2, "bob", null, false),
        row(3, "cy", 25, null),
        row(4, null, 40, true));
  }

  private DataFrame truthTable() {
    return frame(
        schema(field("a", BOOLEAN), field("b", BOOLEAN)),
        row(true, true),
        row(true, false),
        row(true, null),
        row(false, true),
        row(false, false),
        row(false, null),
        row(null, true),
        row(null, false),
        row(null, null));
  }

  @Test
  default void filterKeepsRowsWhosePredicateIsTrue() {
    assertRows(people().filter(col("age").gt(26)), row(1, "ann", 30, true), row(4, null, 40, true));
  }

  @Test
  default void filterDropsRowsWhosePredicateIsNull() {
    assertRows(people().filter(col("active")), row(1, "ann", 30, true), row(4, null, 40, true));
    assertRows(people().filter(not(col("active"))), row(2, "bob", null, false));
  }

  @Test
  default void filterOnNotEqualDropsNullOperands() {
    assertRows(people().filter(col("age").ne(30)), row(3, "cy", 25, null), row(4, null, 40, true));
  }

  @Test
  default void chainedFiltersAreAConjunction() {
    assertRows(
        people().filter(col("age").gt(20)).filter(col("id").lt(4)),
        row(1, "ann", 30, true),
        row(3, "cy", 25, null));
  }

  @Test
  default void threeValuedLogic() {
    DataFrame logic =
        truthTable()
            .select(
                col("a"),
                col("b"),
                col("a").and(col("b")).as("and"),
                col("a").or(col("b")).as("or"),
                not(col("a")).as("not_a"));
    assertRows(
        logic,
        row(true, true, true, true, false),
        row(true, false, false, true, false),
        row(true, null, null, true, false),
        row(false, true, false, true, true),
        row(false, false, false, false, true),
        row(false, null, false, null, true),
        row(null, true, null, true, null),
        row(null, false, false, null, null),
        row(null, null, null, null, null));
  }

  @Test
  default void filterOnAndOrKeepsOnlyTrueRows() {
    assertRows(truthTable().filter(col("a").and(col("b"))), row(true, true));
    assertRows(
        truthTable().filter(col("a").or(col("b"))),
        row(true, true),
        row(true, false),
        row(true, null),
        row(false, true),
        row(null, true));
  }

  @Test
  default void comparisonWithNullIsNull() {
    DataFrame compared =
        people()
            .select(
                col("id"),
                col("age").eq(30).as("eq"),
                col("age").ne(30).as("ne"),
                col("age").lt(lit(null)).as("lt_null"));
    assertRows(
        compared,
        row(1, true, false, null),
        row(2, null, null, null),
        row(3, false, true, null),
        row(4, false, true, null));
    assertRows(people().filter(col("age").eq(lit(null))));
  }

  @Test
  default void isNullAndIsNotNullAreNeverNull() {
    assertRows(
        people()
            .select(
                col("id"), col("age").isNull().as("no_age"), col("name").isNotNull().as("named")),
        row(1, false, true),
        row(2, true, true),
        row(3, false, true),
        row(4, false, false));
    assertRows(people().filter(col("age").isNull()), row(2, "bob", null, false));
  }

  @Test
  default void inIsTrueFalseOrNullAsSql() {
    DataFrame in =
        column("x", INT32, 1, 2, null)
            .select(
                col("x"),
                col("x").isIn(1, 3).as("in_1_3"),
                col("x").isIn(1, null).as("in_1_null"),
                not(col("x").isIn(1, null)).as("not_in_1_null"));
    assertRows(
        in, row(1, true, true, false), row(2, false, null, null), row(null, null, null, null));
  }

  @Test
  default void notInWithANullItemKeepsNoRow() {
    DataFrame xs = column("x", INT32, 1, 2, null);
    assertRows(xs.filter(not(col("x").isIn(1, null))));
    assertRows(xs.filter(not(col("x").isIn(1, 3))), row(2));
    assertRows(xs.filter(col("x").isIn(2, 3)), row(2));
  }

  @Test
  default void inComparesInTheCommonType() {
    assertRows(
        column("x", INT32, 1, 2, null).select(col("x"), col("x").isIn(1L, 2.5).as("hit")),
        row(1, true),
        row(2, false),
        row(null, null));
  }

  @Test
  default void betweenIncludesBothEnds() {
    assertRows(
        people().filter(col("age").between(25, 30)),
        row(1, "ann", 30, true),
        row(3, "cy", 25, null));
  }

  @Test
  default void stringsCompareByCodePoint() {
    // U+FF5A sorts below U+1D11E by code point, above it by UTF-16 unit (0xFF5A > 0xD834)
    DataFrame s = column("s", STRING, "b", "é", "𝄞", "ｚ", "Z");
    assertRows(s.filter(col("s").gt("ｚ")), row("𝄞"));
    assertRows(s.filter(col("s").lt("a")), row("Z"));
    assertRows(s.filter(col("s").ge("é")), row("é"), row("𝄞"), row("ｚ"));
  }

  @Test
  default void filterOfAnEmptyFrameIsEmpty() {
    DataFrame empty = frame(schema(field("id", INT32), field("name", STRING)));
    DataFrame filtered = empty.filter(col("id").gt(0));
    assertSchema(filtered, field("id", INT32), field("name", STRING));
    assertRows(filtered);
    assertRows(people().filter(lit(false)));
  }

  // The string form parses into the same tree as the DSL (Expr.parse).

  @Test
  default void filterStringWithAndOnABooleanColumn() {
    assertRows(
        people().filter("age > 26 AND active"), row(1, "ann", 30, true), row(4, null, 40, true));
  }

  @Test
  default void filterStringWithIsNullAndOr() {
    assertRows(
        people().filter("name IS NULL OR age < 26"),
        row(3, "cy", 25, null),
        row(4, null, 40, true));
    assertRows(people().filter("age IS NOT NULL AND NOT (name = 'ann')"), row(3, "cy", 25, null));
  }

  @Test
  default void filterStringWithEqualityAndStringLiteral() {
    assertRows(people().filter("name = 'ann'"), row(1, "ann", 30, true));
    assertRows(people().filter("age <> 30"), row(3, "cy", 25, null), row(4, null, 40, true));
  }

  @Test
  default void filterStringWithInLikeAndBetween() {
    assertRows(people().filter("age IN (25, 40)"), row(3, "cy", 25, null), row(4, null, 40, true));
    assertRows(people().filter("name LIKE 'b%'"), row(2, "bob", null, false));
    assertRows(
        people().filter("age BETWEEN 25 AND 30"), row(1, "ann", 30, true), row(3, "cy", 25, null));
  }

  @Test
  default void filterStringWithArithmetic() {
    assertRows(people().filter("age + 1 > 30"), row(1, "ann", 30, true), row(4, null, 40, true));
    assertRows(people().filter("id % 2 = 0"), row(2, "bob", null, false), row(4, null, 40, true));
  }
}
