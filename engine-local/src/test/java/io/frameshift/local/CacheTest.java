package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the session does with a cached frame on the local engine: the source is read once while
 * cached, the estimator takes the kept frame as an exact input, and explain shows the cache before
 * and after it is computed. (What every engine must answer: CacheConformance.)
 */
class CacheTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A CSV file of {@code n} rows: k = i % 10, v = i. */
  private Path orders(int n) throws IOException {
    StringBuilder sb = new StringBuilder("k,v\n");
    for (int i = 0; i < n; i++) {
      sb.append(i % 10).append(',').append(i).append('\n');
    }
    return Files.writeString(dir.resolve("orders.csv"), sb);
  }

  private static Frameshift.Builder local() {
    return Frameshift.builder()
        .engine("local")
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false");
  }

  /** The nodes run, by their description. */
  private static final class Nodes implements ExecutionListener {
    final List<String> run = new ArrayList<>();

    @Override
    public void onNode(NodeEvent e) {
      run.add(e.node());
    }

    @Override
    public void onTransfer(TransferEvent e) {}

    @Override
    public void onFallback(FallbackEvent e) {}

    long scans() {
      return run.stream().filter(n -> n.startsWith("Scan")).count();
    }
  }

  @Test
  void theSourceIsReadOnceWhileCachedAndAgainAfterUnpersist() throws IOException {
    Path file = orders(1000);
    Nodes nodes = new Nodes();
    try (Frameshift fs = local().listener(nodes).build()) {
      DataFrame orders = fs.read().csv(file.toString()).cache();
      assertThat(orders.count()).isEqualTo(1000);
      assertThat(orders.filter(col("v").lt(10L)).count()).isEqualTo(10);
      assertThat(orders.groupBy("k").agg(sum("v").as("s")).collect()).hasSize(10);
      assertThat(nodes.scans()).as("scans of %s", nodes.run).isEqualTo(1);

      orders.unpersist();
      assertThat(orders.count()).isEqualTo(1000);
      assertThat(orders.filter(col("v").lt(10L)).count()).isEqualTo(10);
      assertThat(nodes.scans()).as("scans of %s", nodes.run).isEqualTo(3);
    }
  }

  @Test
  void explainShowsTheCacheBeforeAndAfterItIsComputed() throws IOException {
    Path file = orders(3000);
    try (Frameshift fs = local().build()) {
      DataFrame orders = fs.read().csv(file.toString()).cache();
      DataFrame big = orders.filter(col("v").ge(1000L));

      String before = big.explain();
      assertThat(before)
          .containsPattern(
              "\\+- Scan csv .* est ~\\d+ rows.*\\| cache MEMORY_AND_DISK \\(not yet computed\\)")
          .doesNotContain("cached on");

      assertThat(big.count()).isEqualTo(2000);
      String after = big.explain();
      // the scan's estimate is the kept frame's exact size (no ~)
      assertThat(after)
          .containsPattern(
              "\\+- Scan csv .* \\[local\\] est 3000 rows, .*\\| cached on local, 3,000 rows \\(exact\\)")
          .doesNotContain("not yet computed");

      JsonNode scan = JSON.readTree(big.explainJson()).get("plan").get("children").get(0);
      assertThat(scan.get("node").asText()).startsWith("Scan csv");
      assertThat(scan.get("estimatedRows").asLong()).isEqualTo(3000);
      assertThat(scan.get("estimateExact").asBoolean()).isTrue();
      assertThat(scan.get("estimatedBytes").asLong()).isPositive();
      assertThat(scan.get("cache").get("level").asText()).isEqualTo("MEMORY_AND_DISK");
      assertThat(scan.get("cache").get("computed").asBoolean()).isTrue();
      assertThat(scan.get("cache").get("engine").asText()).isEqualTo("local");
      assertThat(JSON.readTree(big.explainJson()).get("plan").get("cache").isNull()).isTrue();

      orders.unpersist();
      String released = big.explain();
      // placed again like any scan (its estimate now the count measured when it ran)
      assertThat(released)
          .containsPattern("\\+- Scan csv .*\\| session engine is local")
          .doesNotContain("cache");
    }
  }

  @Test
  void aComputedCacheStandsForThePlanBelowIt() throws IOException {
    Path file = orders(3000);
    try (Frameshift fs = local().build()) {
      DataFrame recent = fs.read().csv(file.toString()).filter(col("v").ge(2990L)).persist();
      DataFrame perKey = recent.groupBy("k").agg(sum("v").as("s"));
      assertThat(perKey.explain()).contains("Scan csv");
      assertThat(perKey.count()).isEqualTo(10);
      String after = perKey.explain();
      // the scan and filter no longer run: the kept frame is a leaf of exactly 10 rows
      assertThat(after)
          .doesNotContain("Scan csv")
          .contains("cached on local, 10 rows (exact)")
          .containsPattern("GroupBy .* est 10 rows");
    }
  }

  @Test
  void closingTheSessionReleasesEveryCache() throws IOException {
    Path file = orders(100);
    DataFrame orders;
    try (Frameshift fs = local().build()) {
      orders = fs.read().csv(file.toString()).persist("DISK_ONLY");
      assertThat(orders.count()).isEqualTo(100);
      assertThat(orders.storageLevel()).isPresent();
    }
    assertThat(orders.storageLevel()).isEmpty();
  }
}
