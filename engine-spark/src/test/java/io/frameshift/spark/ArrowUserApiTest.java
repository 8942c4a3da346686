package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-facing Arrow API: toArrow, fromArrow, read().arrow and write().arrow on both engines.
 */
class ArrowUserApiTest {
  private static final Frameshift FS =
      Frameshift.builder()
          .config("spark.master", "local[2]")
          .config("spark.sql.shuffle.partitions", "2")
          .build();
  private static final Schema SCHEMA =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("name", DataType.STRING)
          .column("at", DataType.TIMESTAMP)
          .column("price", DataType.decimal(12, 3))
          .build();
  private static final Object[][] ROWS = {
    {1L, "α", Instant.parse("1969-07-20T20:17:40.000001Z"), new BigDecimal("-1.500")},
    {2L, null, null, null},
    {Long.MIN_VALUE, "", Instant.parse("2101-01-01T00:00:00Z"), new BigDecimal("999999999.999")}
  };

  @AfterAll
  static void close() {
    FS.close();
  }

  private static List<Row> expected() {
    return FS.createDataFrame(SCHEMA, ROWS).collect();
  }

  @Test
  void toArrowAndFromArrowRoundTripOnEitherEngine() {
    long before = ArrowMemory.allocatedBytes();
    for (String engine : List.of("local", "spark")) {
      DataFrame df = FS.createDataFrame(SCHEMA, ROWS).on(engine);
      try (ArrowBatches batches = df.toArrow()) {
        assertThat(batches.schema()).isEqualTo(SCHEMA);
        DataFrame back = FS.fromArrow(batches);
        assertThat(back.filter(col("id").ne(0L)).collect())
            .containsExactlyInAnyOrderElementsOf(expected());
      }
    }
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void eachEngineReadsTheArrowFilesTheOtherWrote(@TempDir Path dir) {
    String bySpark = dir.resolve("by-spark").toString();
    String byLocal = dir.resolve("by-local").toString();
    FS.createDataFrame(SCHEMA, ROWS).on("spark").write().arrow(bySpark);
    FS.createDataFrame(SCHEMA, ROWS).on("local").write().arrow(byLocal);
    assertThat(FS.read().arrow(bySpark).on("local").collect())
        .containsExactlyInAnyOrderElementsOf(expected());
    assertThat(FS.read().arrow(byLocal).on("spark").collect())
        .containsExactlyInAnyOrderElementsOf(expected());
    assertThat(FS.read().arrow(bySpark).schema()).isEqualTo(SCHEMA);
  }
}
