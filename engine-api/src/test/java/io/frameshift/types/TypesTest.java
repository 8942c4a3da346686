package io.frameshift.types;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lag;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.JoinType;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.expr.Window;
import io.frameshift.io.CsvOptions;
import io.frameshift.spi.JoinSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypesTest {
  @Test
  void parsesTypeNames() {
    assertThat(DataType.parse("BIGINT")).isEqualTo(DataType.INT64);
    assertThat(DataType.parse("decimal(38, 6)")).isEqualTo(DataType.decimal(38, 6));
    assertThat(DataType.parse("timestamp_ntz")).isEqualTo(DataType.TIMESTAMP_NTZ);
    assertThatThrownBy(() -> DataType.parse("uuid"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageStartingWith("Unknown type 'uuid': expected one of boolean, int32");
  }

  @Test
  void decimalBoundsAreChecked() {
    assertThatThrownBy(() -> DataType.decimal(39, 0)).hasMessageContaining("precision <= 38");
  }

  @Test
  void duplicateColumnNamesAreRejected() {
    assertThatThrownBy(
            () -> Schema.of(Field.of("a", DataType.INT32), Field.of("a", DataType.STRING)))
        .hasMessageStartingWith("Duplicate column name 'a'");
  }

  @Test
  void textFormsFollowTheStringCast() {
    assertThat(Values.toText(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 120_000_000)))
        .isEqualTo("2024-01-02 03:04:05.12");
    assertThat(Values.toText(Instant.parse("1969-12-31T23:59:59.000001Z")))
        .isEqualTo("1969-12-31 23:59:59.000001");
    assertThat(Values.toText(new java.math.BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(Values.toText(1.0e10)).isEqualTo("1.0E10");
  }

  @Test
  void dslPrintsItself() {
    assertThat(col("a").gt(1).and(col("s").like("x%")).toString())
        .isEqualTo("col(\"a\").gt(lit(1)).and(col(\"s\").like(\"x%\"))");
    assertThat(sum("v").as("total").toString()).isEqualTo("sum(col(\"v\")).as(\"total\")");
    assertThat(when(col("a").isNull()).then(lit(0)).otherwise(col("a")).toString())
        .isEqualTo("when(col(\"a\").isNull()).then(lit(0)).otherwise(col(\"a\"))");
    assertThat(lag("v", 1).over(Window.partitionBy("k").orderBy(desc("t"))).toString())
        .isEqualTo(
            "lag(col(\"v\"), 1, lit(null)).over(Window.partitionBy(col(\"k\")).orderBy(desc(col(\"t\"))))");
  }

  @Test
  void sqlFormNamesColumns() {
    assertThat(count().toSql()).isEqualTo("count(*)");
    assertThat(col("a").plus(1).toSql()).isEqualTo("(a + 1)");
    assertThat(col("s").isIn("x", "y").toSql()).isEqualTo("(s IN ('x', 'y'))");
  }

  @Test
  void csvOptionsRejectUnknownKeysListingTheAccepted() {
    assertThatThrownBy(() -> CsvOptions.from(Map.of("headr", "true")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessage(
            "Unknown CSV option 'headr'; accepted options: [header, delimiter, quote, escape, nullValue, inferSchema]");
    assertThatThrownBy(() -> CsvOptions.from(Map.of("header", "yes please")))
        .hasMessage("CSV option 'header' is 'yes please'; expected true or false");
    assertThat(CsvOptions.from(Map.of("delimiter", "\\t")).delimiter()).isEqualTo('\t');
  }

  @Test
  void joinOutputsFollowUsingSemantics() {
    Schema l = Schema.builder().column("k", DataType.INT32).column("v", DataType.STRING).build();
    Schema r =
        Schema.builder()
            .column("v", DataType.STRING)
            .column("k", DataType.INT32)
            .column("w", DataType.INT32)
            .build();
    JoinSpec full = new JoinSpec(JoinType.FULL, List.of("k"), null, "_right");
    assertThat(full.outputs(l, r))
        .containsExactly(
            new JoinSpec.Output(JoinSpec.Side.KEY, "k", "k"),
            new JoinSpec.Output(JoinSpec.Side.LEFT, "v", "v"),
            new JoinSpec.Output(JoinSpec.Side.RIGHT, "v", "v_right"),
            new JoinSpec.Output(JoinSpec.Side.RIGHT, "w", "w"));
    assertThat(new JoinSpec(JoinType.SEMI, List.of("k"), null, "_right").outputSchema(l, r).names())
        .containsExactly("k", "v");
  }
}
