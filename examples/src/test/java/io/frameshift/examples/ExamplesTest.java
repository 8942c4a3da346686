package io.frameshift.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.table.Snapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples run as the demo command runs them ({@code main} with its arguments), on
 * real files, a real embedded warehouse and a real Spark session, so that they cannot rot; each
 * example checks its own answers and these tests check what they left in the warehouse.
 */
class ExamplesTest {

  @Test
  void quickstartWritesItsResultIntoTheEmbeddedWarehouse(@TempDir Path dir) {
    Quickstart.main(new String[] {dir.toString(), "20000", "local"});

    try (Frameshift fs = session(dir.resolve("warehouse"))) {
      long parquetRows = fs.read().parquet(dir.resolve("top_categories").toString()).count();
      assertThat(parquetRows).isPositive();
      assertThat(fs.read().table("lake.shop.top_categories").count()).isEqualTo(parquetRows);
      List<Snapshot> snapshots = fs.table("lake.shop.top_categories").snapshots();
      assertThat(snapshots).hasSize(1);
      assertThat(snapshots.get(0).engine()).isEqualTo("local");
      assertThat(snapshots.get(0).summary()).containsEntry(Snapshot.TAG, "quickstart");
    }
  }

  @Test
  void multiEngineTablesLoadsUpsertsAndKeepsTheHistory(@TempDir Path dir) {
    MultiEngineTables.main(new String[] {dir.toString(), "300000"});

    try (Frameshift fs = session(dir.resolve("warehouse"))) {
      Table t = fs.table(MultiEngineTables.TABLE);
      List<Snapshot> history = t.history();
      assertThat(history).hasSize(5);
      assertThat(history.get(0).engine()).isEqualTo("local");
      assertThat(history.get(0).summary()).containsEntry(Snapshot.TAG, "batch_load");
      // the three micro-batches are small: AUTO keeps them in-process
      assertThat(history.subList(1, 4)).extracting(Snapshot::engine).containsOnly("local");
      // the backlog is past the demo's Spark threshold: AUTO sends its upsert to Spark
      assertThat(history.get(4).engine()).isEqualTo("spark");
      assertThat(history.subList(1, 5))
          .extracting(s -> s.summary().get("frameshift.operation"))
          .containsOnly("upsert");
      assertThat(fs.read().table(MultiEngineTables.TABLE).count()).isEqualTo(100);
    }
  }

  private static Frameshift session(Path warehouse) {
    return Frameshift.builder()
        .engine("local")
        .config("frameshift.warehouse", warehouse.toString())
        .build();
  }
}
