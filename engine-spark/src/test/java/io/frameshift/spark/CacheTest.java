package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.StorageLevel;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caching on Spark: a cached frame is a Dataset persisted at the Spark level of the same name and
 * released by unpersist() and by closing the session; its exact size from Spark places the nodes
 * above it. (What every engine must answer: CacheConformance.)
 */
class CacheTest {
  private static final Schema KV =
      Schema.builder().column("k", DataType.INT64).column("v", DataType.INT64).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Object[][] rows(int n) {
    Object[][] out = new Object[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new Object[] {(long) (i % 10), (long) i};
    }
    return out;
  }

  /** A session on the JVM's shared Spark session, which closing this one leaves running. */
  private static Frameshift onSpark() {
    return Frameshift.builder()
        .engine("spark")
        .withEngine(SparkEngine.of(SharedSpark.ENGINE.session()))
        .config("frameshift.selector.profile", "none")
        .build();
  }

  private static org.apache.spark.storage.StorageLevel spark(StorageLevel level) {
    return org.apache.spark.storage.StorageLevel.fromString(level.name());
  }

  @Test
  void aCachedFrameIsADatasetPersistedAtTheLevelOfTheSameName() {
    try (Frameshift fs = onSpark()) {
      for (StorageLevel level : StorageLevel.values()) {
        DataFrame df = fs.createDataFrame(KV, rows(100)).filter(col("v").ge(50L)).persist(level);
        assertThat(df.count()).isEqualTo(50);
        Dataset<Row> kept = SparkFrames.toDataset(df);
        assertThat(kept.storageLevel()).as("Spark's level for %s", level).isEqualTo(spark(level));
        assertThat(
                ((org.apache.spark.sql.classic.Dataset<Row>) kept)
                    .queryExecution()
                    .withCachedData()
                    .toString())
            .as("the Dataset's plan reads the cache")
            .contains("InMemoryRelation");
        df.unpersist();
        assertThat(kept.storageLevel())
            .as("after unpersist() at %s", level)
            .isEqualTo(org.apache.spark.storage.StorageLevel.NONE());
      }
    }
  }

  @Test
  void explainShowsTheCachedDatasetWithItsExactSize() throws IOException {
    try (Frameshift fs = onSpark()) {
      DataFrame df = fs.createDataFrame(KV, rows(100)).filter(col("v").ge(50L)).cache();
      assertThat(df.explain()).contains("cache MEMORY_AND_DISK (not yet computed)");
      assertThat(df.count()).isEqualTo(50);
      assertThat(df.explain())
          .contains("[spark] est 50 rows")
          .contains("cached on spark, 50 rows (exact)");
      JsonNode node = JSON.readTree(df.explainJson()).get("plan");
      assertThat(node.get("estimateExact").asBoolean()).isTrue();
      // Spark's in-memory statistics of the filled cache
      assertThat(node.get("estimatedBytes").asLong()).isPositive();
      assertThat(node.get("cache").get("engine").asText()).isEqualTo("spark");
      assertThat(node.get("children")).isEmpty();
      df.unpersist();
    }
  }

  @Test
  void closingTheSessionUnpersistsItsDatasets() {
    Dataset<Row> kept;
    try (Frameshift fs = onSpark()) {
      DataFrame df = fs.createDataFrame(KV, rows(10)).persist("MEMORY_ONLY");
      assertThat(df.count()).isEqualTo(10);
      kept = SparkFrames.toDataset(df);
      assertThat(kept.storageLevel()).isEqualTo(spark(StorageLevel.MEMORY_ONLY));
    }
    assertThat(kept.storageLevel()).isEqualTo(org.apache.spark.storage.StorageLevel.NONE());
  }

  /**
   * Grouping costs a millisecond a row locally and a second on Spark: the selector sends a grouping
   * over an estimated 20,000 rows to Spark, and the same grouping over the cached 20 rows stays
   * local.
   */
  @Test
  void nodesAboveAComputedCacheArePlacedByItsExactSize() throws IOException {
    StringBuilder csv = new StringBuilder("k,v\n");
    for (int i = 0; i < 100_000; i++) {
      csv.append(i % 10).append(',').append(i).append('\n');
    }
    Path file = Files.writeString(dir.resolve("orders.csv"), csv);
    Map<OperationKind, Double> local = new EnumMap<>(OperationKind.class);
    Map<OperationKind, Double> spark = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      local.put(k, k == OperationKind.GROUP ? 1e6 : 10.0);
      spark.put(k, 10.0);
    }
    CostProfile profile =
        new CostProfile(
            Map.of(
                "local", new CostProfile.EngineCosts(0.1, local, 0),
                "spark", new CostProfile.EngineCosts(1000, spark, 0)),
            1,
            "hand-built",
            "2026-01-01T00:00:00Z");
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.learn", "false")
            .config("spark.master", "local[2]")
            .build()) {
      fs.useProfile(profile);
      DataFrame first = fs.read().csv(file.toString()).filter(col("v").lt(20L)).cache();
      DataFrame perKey = first.groupBy("k").agg(sum("v").as("s"));
      assertThat(perKey.explain()).containsPattern("GroupBy .*\\[spark\\]");
      assertThat(first.count()).isEqualTo(20);
      String after = perKey.explain();
      assertThat(after)
          .containsPattern("GroupBy .*\\[local\\]")
          .contains("cached on local, 20 rows (exact)")
          .doesNotContain("[spark]");
      assertThat(perKey.collect()).hasSize(10);
      first.unpersist();
    }
  }
}
