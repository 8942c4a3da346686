package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.EngineException;
import io.frameshift.expr.Window;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkFramesTest {
  private static Frameshift session() {
    return Frameshift.builder().engine("spark").config("spark.master", "local[2]").build();
  }

  @Test
  void aDatasetBecomesADataFrameWithFrameshiftTypes() {
    SparkSession spark = SharedSpark.ENGINE.session();
    Dataset<org.apache.spark.sql.Row> ds =
        spark.sql(
            "SELECT CAST(id AS SMALLINT) AS id, id % 2 = 0 AS even, 'n' || id AS `a.name` FROM range(5)");
    try (Frameshift fs = session()) {
      DataFrame df = SparkFrames.of(fs, ds);
      assertThat(df.schema().fields())
          .containsExactly(
              new Field("id", DataType.INT32, false),
              new Field("even", DataType.BOOLEAN, true),
              new Field("a.name", DataType.STRING, false));
      List<Row> rows = df.filter(col("even")).groupBy().agg(sum("id").as("s")).collect();
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getLong("s")).isEqualTo(0L + 2 + 4);
    }
    assertThat(spark.sparkContext().isStopped()).isFalse();
  }

  @Test
  void aDataFrameBecomesALazyDataset() {
    Schema s = Schema.builder().column("k", DataType.STRING).column("v", DataType.INT64).build();
    try (Frameshift fs = session()) {
      DataFrame df =
          fs.createDataFrame(
                  s, new Object[] {"a", 1L}, new Object[] {"b", 2L}, new Object[] {"a", 3L})
              .filter(col("v").gt(1L));
      Dataset<org.apache.spark.sql.Row> ds = SparkFrames.toDataset(df);
      assertThat(ds.schema().fieldNames()).containsExactly("k", "v");
      assertThat(ds.orderBy("v").collectAsList().toString()).isEqualTo("[[b,2], [a,3]]");
    }
  }

  @Test
  void typesWithoutAFrameshiftCounterpartAreNamed() {
    Dataset<org.apache.spark.sql.Row> ds =
        SharedSpark.ENGINE.session().sql("SELECT array(1, 2) AS xs");
    try (Frameshift fs = session()) {
      assertThatThrownBy(() -> SparkFrames.of(fs, ds))
          .isInstanceOf(EngineException.class)
          .hasMessageContaining("'xs'")
          .hasMessageContaining("array<int>");
    }
  }

  @Test
  void anApplicationsOwnSparkSessionCanBeHandedIn() {
    org.apache.spark.sql.SparkSession spark = SharedSpark.ENGINE.session();
    try (Frameshift fs =
        Frameshift.builder().engine("spark").withEngine(SparkEngine.of(spark)).build()) {
      assertThat(fs.engine("spark").getClass()).isEqualTo(SparkEngine.class);
      assertThat(SparkFrames.of(fs, spark.range(5).toDF("id")).count()).isEqualTo(5);
    }
    // the session belongs to the application: closing Frameshift leaves it running
    assertThat(spark.sparkContext().isStopped()).isFalse();
  }

  /**
   * A filter on a row number above a window reaches Spark as a filter over the window (the SPI's
   * default for a rank-limited window), which Spark's optimizer turns into a WindowGroupLimit: each
   * partition's top rows are kept before the window is computed.
   */
  @Test
  void aRankLimitedWindowRunsAsSparksWindowGroupLimit() {
    Schema s = Schema.builder().column("k", DataType.STRING).column("v", DataType.INT64).build();
    try (Frameshift fs = session()) {
      DataFrame df =
          fs.createDataFrame(
                  s,
                  new Object[] {"a", 1L},
                  new Object[] {"b", 2L},
                  new Object[] {"a", 3L},
                  new Object[] {"a", 2L})
              .withColumn(
                  "rn",
                  rowNumber()
                      .over(
                          Window.partitionBy("k").orderBy(io.frameshift.expr.Functions.desc("v"))))
              .filter(col("rn").le(2));
      assertThat(df.explain()).contains("top rows per partition: rn <= 2");
      Dataset<org.apache.spark.sql.Row> ds = SparkFrames.toDataset(df);
      assertThat(ds.queryExecution().executedPlan().toString()).contains("WindowGroupLimit");
      assertThat(ds.orderBy("k", "rn").collectAsList().toString())
          .isEqualTo("[[a,3,1], [a,2,2], [b,2,1]]");
    }
  }
}
