package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowComparisonTest {

  private static List<List<Object>> rows(Object[]... rows) {
    return Arrays.stream(rows).map(r -> Arrays.asList(r)).toList();
  }

  private static Object[] r(Object... values) {
    return values;
  }

  @Test
  void nanEqualsNanAndOrderIsIgnored() {
    assertThat(
            RowComparison.difference(
                rows(r(1, Double.NaN), r(2, null)),
                rows(r(2, null), r(1, Double.NaN)),
                false,
                "expected",
                "actual"))
        .isEmpty();
  }

  @Test
  void valuesMustHaveTheSameTypeAndScale() {
    assertThat(RowComparison.difference(rows(r(1L)), rows(r(1)), false, "e", "a")).isPresent();
    assertThat(RowComparison.difference(rows(r(0.0)), rows(r(-0.0)), false, "e", "a")).isPresent();
    assertThat(
            RowComparison.difference(
                rows(r(new BigDecimal("1.5"))), rows(r(new BigDecimal("1.50"))), false, "e", "a"))
        .isPresent();
    assertThat(RowComparison.difference(rows(r(1.0f)), rows(r(1.0)), false, "e", "a")).isPresent();
  }

  @Test
  void duplicatesCount() {
    assertThat(RowComparison.difference(rows(r("a"), r("a")), rows(r("a")), false, "e", "a"))
        .hasValueSatisfying(d -> assertThat(d).contains("in a only (1 rows)"));
  }

  @Test
  void orderedComparisonNamesTheFirstDifference() {
    assertThat(RowComparison.difference(rows(r(1), r(2)), rows(r(1), r(2)), true, "e", "a"))
        .isEmpty();
    assertThat(RowComparison.difference(rows(r(2), r(1)), rows(r(1), r(2)), true, "e", "a"))
        .hasValueSatisfying(d -> assertThat(d).contains("first difference at row 0"));
  }

  @Test
  void failureMessageShowsTypes() {
    assertThatThrownBy(
            () ->
                RowComparison.assertSameRows(
                    "Frame",
                    rows(r(1L, "x", new BigDecimal("1.50"))),
                    rows(r(1, "x", null)),
                    false))
        .hasMessageContaining("[1L, \"x\", 1.50BD]")
        .hasMessageContaining("[1, \"x\", null]");
  }

  @Test
  void engineOutputMustMatchTheAnalysedSchema() {
    Schema s =
        Schema.of(
            Field.of("p", DataType.decimal(5, 2)),
            Field.of("t", DataType.TIMESTAMP),
            Field.of("i", DataType.INT32));
    Instant t = Instant.parse("2020-01-01T00:00:00.000001Z");
    RowComparison.assertConforms(
        s, List.of(Row.of(s, new BigDecimal("1.50"), t, 1), Row.of(s, null, null, null)));
    assertThatThrownBy(
            () -> RowComparison.assertConforms(s, List.of(Row.of(s, new BigDecimal("1.5"), t, 1))))
        .hasMessageContaining("'p'")
        .hasMessageContaining("decimal(5,2)");
    assertThatThrownBy(
            () ->
                RowComparison.assertConforms(
                    s,
                    List.of(Row.of(s, null, Instant.parse("2020-01-01T00:00:00.000000001Z"), 1))))
        .hasMessageContaining("microsecond");
    assertThatThrownBy(
            () ->
                RowComparison.assertConforms(
                    s, List.of(Row.trusted(s, new Object[] {null, null, 1L}))))
        .hasMessageContaining("java.lang.Long");
    Schema other = Schema.of(Field.of("q", DataType.decimal(5, 2)), s.field(1), s.field(2));
    assertThatThrownBy(
            () -> RowComparison.assertConforms(s, List.of(Row.of(other, null, null, null))))
        .hasMessageContaining("analysis computed");
  }
}
