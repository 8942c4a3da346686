package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Appends from several threads to one table of the embedded catalog (SQLite): every commit lands,
 * once, through Iceberg's retries and the library's own on a locked database.
 */
class ConcurrentAppendTest {
  static final int THREADS = 4;
  static final int APPENDS = 8;

  @Test
  void everyConcurrentAppendLandsOnce() throws Exception {
    try (Frameshift fs = Lake.session("local");
        TableCatalog lake = new IcebergTableProvider().open("lake", fs.config())) {
      String table = Lake.namespace("concurrent") + ".t";
      lake.create(table, Lake.PRODUCTS, io.frameshift.table.PartitionSpec.UNPARTITIONED, Map.of());
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  // each write loads the table itself, so threads never share its state
                  TableHandle h = lake.load(table);
                  for (int a = 0; a < APPENDS; a++) {
                    long first = (thread * APPENDS + a) * 10L;
                    TableWrite w = h.newWrite(WriteMode.APPEND, Map.of("tag", "t" + thread));
                    List<Object[]> rows =
                        LongStream.range(first, first + 10)
                            .mapToObj(i -> Lake.product(i, "c", i))
                            .toList();
                    w.commit(
                        List.of(
                            DataFiles.write(
                                w, ((IcebergWrite) w).icebergSchema(), List.of(), rows)),
                        "test");
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      TableHandle t = lake.load(table);
      List<Snapshot> snapshots = t.snapshots();
      assertThat(snapshots).hasSize(THREADS * APPENDS);
      TableScan scan = t.scan(Map.of());
      List<Row> rows = new ArrayList<>();
      for (TableScan.DataFileTask task : scan.plan(List.of("id"), null)) {
        rows.addAll(ArrowRows.toRows(scan.readWithDeletes(task, List.of("id"))));
      }
      assertThat(Lake.ids(rows))
          .containsExactlyElementsOf(LongStream.range(0, THREADS * APPENDS * 10L).boxed().toList());
      System.out.println(
          "concurrent appends: " + snapshots.size() + " commits, " + rows.size() + " rows");
    }
  }
}
