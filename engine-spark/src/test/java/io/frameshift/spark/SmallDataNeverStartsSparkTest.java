package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.expr.Window;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With Spark on the class path, a program over small data runs wholly on the local engine and never
 * starts a SparkContext. Tagged to run in a JVM of its own (see engine-spark's pom), where no other
 * test could have started one.
 */
@Tag("fresh-jvm")
class SmallDataNeverStartsSparkTest {
  @Test
  void smallPipelineRunsLocallyWithoutStartingSpark() {
    Schema s = Schema.builder().column("k", DataType.STRING).column("v", DataType.INT64).build();
    try (Frameshift fs = Frameshift.create()) {
      assertThat(fs.availableEngines()).containsExactly("local", "spark");
      DataFrame df =
          fs.createDataFrame(
                  s, new Object[] {"a", 1L}, new Object[] {"a", 2L}, new Object[] {"b", 5L})
              .filter(col("v").gt(0))
              .groupBy("k")
              .agg(sum("v").as("total"))
              .withColumn("r", rank().over(Window.orderBy(desc("total"))))
              .sort("k");
      List<Row> rows = df.collect();
      assertThat(rows)
          .extracting(r -> r.getString("k") + "=" + r.getLong("total") + "#" + r.getInt("r"))
          .containsExactly("a=3#2", "b=5#1");
      assertThat(df.explain()).contains("[local]").doesNotContain("[spark]");
      assertThat(fs.isStarted("spark")).isFalse();
    }
    // SparkEnv exists from the moment a SparkContext starts until it stops
    assertThat(SparkEnv.get()).isNull();
    assertThat(SparkSession.getActiveSession().isEmpty()).isTrue();
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }
}
