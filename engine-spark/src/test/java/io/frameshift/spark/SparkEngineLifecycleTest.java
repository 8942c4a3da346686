package io.frameshift.spark;

import static io.frameshift.spark.SparkTestSupport.row;
import static io.frameshift.spark.SparkTestSupport.run;
import static io.frameshift.spark.SparkTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.EngineException;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineProvider;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkEngineLifecycleTest {
  private static final Schema X = Schema.builder().column("x", DataType.INT32).build();

  @Test
  void theProviderIsFoundAndCreatesEnginesWithoutStartingSpark() {
    EngineProvider provider =
        ServiceLoader.load(EngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("spark"))
            .findFirst()
            .orElseThrow();
    try (Engine engine = provider.create(Map.of("spark.master", "spark://unreachable:7077"))) {
      assertThat(engine.name()).isEqualTo("spark");
      assertThat(engine.capabilities())
          .containsExactlyInAnyOrder(
              Capability.READ_CSV,
              Capability.WRITE_CSV,
              Capability.READ_JSON,
              Capability.WRITE_JSON,
              Capability.READ_PARQUET,
              Capability.WRITE_PARQUET,
              Capability.READ_ARROW,
              Capability.WRITE_ARROW,
              Capability.READ_ICEBERG,
              Capability.WRITE_ICEBERG,
              Capability.DISTRIBUTED);
      assertThat(((SparkEngine) engine).started()).isFalse();
    }
  }

  /**
   * A table catalog configured after the JVM's session started (another Frameshift session's
   * catalogs) is set on it, since Spark loads a catalog on first use; one set already is kept.
   */
  @Test
  void catalogSettingsReachARunningSession() {
    org.apache.spark.sql.SparkSession session = SharedSpark.ENGINE.session();
    SparkSessions.applyCatalogSettings(
        session,
        Map.of(
            "spark.sql.catalog.later", "org.example.Catalog",
            "spark.sql.catalog.later.uri", "jdbc:sqlite:/tmp/x.db",
            "spark.sql.shuffle.partitions", "7"));
    assertThat(session.conf().get("spark.sql.catalog.later")).isEqualTo("org.example.Catalog");
    assertThat(session.conf().get("spark.sql.catalog.later.uri"))
        .isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(session.conf().get("spark.sql.shuffle.partitions")).isNotEqualTo("7");
    SparkSessions.applyCatalogSettings(
        session, Map.of("spark.sql.catalog.later", "org.example.Other"));
    assertThat(session.conf().get("spark.sql.catalog.later")).isEqualTo("org.example.Catalog");
  }

  @Test
  void settingsHaveLocalDefaultsAndPassSparkKeysThrough() {
    Map<String, String> local = SparkSessions.settings(Map.of("frameshift.engine", "spark"));
    assertThat(local)
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.sql.shuffle.partitions", "4")
        .containsEntry("spark.driver.host", "127.0.0.1")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.sql.caseSensitive", "true")
        .containsEntry("spark.sql.ansi.enabled", "true")
        .containsEntry("spark.sql.session.timeZone", "UTC")
        .containsEntry("spark.sql.datetime.java8API.enabled", "true")
        .doesNotContainKey("frameshift.engine");
    Map<String, String> cluster =
        SparkSessions.settings(
            Map.of(
                "spark.master", "spark://10.0.0.1:7077",
                "spark.executor.memory", "2g",
                "spark.sql.shuffle.partitions", "64"));
    assertThat(cluster)
        .containsEntry("spark.master", "spark://10.0.0.1:7077")
        .containsEntry("spark.executor.memory", "2g")
        .containsEntry("spark.sql.shuffle.partitions", "64")
        .doesNotContainKey("spark.driver.host");
    assertThat(SparkSessions.settings(Map.of("spark.sql.shuffle.partitions", "16")))
        .containsEntry("spark.sql.shuffle.partitions", "16");
  }

  @Test
  void enginesShareTheJvmsSessionAndTheLastOneOwningItStopsIt() {
    SparkSession shared = SharedSpark.ENGINE.session();
    SparkEngine second = new SparkEngine(Map.of("spark.master", "local[1]"));
    LogicalPlan t = table(X, row(1));
    assertThat(second.collect(PlanRunner.frame(second, t))).hasSize(1);
    assertThat(second.session()).isSameAs(shared);
    second.close();
    assertThat(shared.sparkContext().isStopped()).isFalse();
    assertThat(run(t)).hasSize(1);
    assertThatThrownBy(() -> second.create(X, List.of()))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aHandedInSessionGetsTheContractSettingsAndIsNotStopped() {
    SparkSession session = SharedSpark.ENGINE.session();
    session.conf().set("spark.sql.ansi.enabled", "false");
    try {
      SparkEngine engine = SparkEngine.of(session);
      assertThat(engine.started()).isTrue();
      assertThat(session.conf().get("spark.sql.ansi.enabled")).isEqualTo("true");
      engine.close();
      assertThat(session.sparkContext().isStopped()).isFalse();
    } finally {
      session.conf().set("spark.sql.ansi.enabled", "true");
    }
  }
}
