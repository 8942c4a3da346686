package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reads its sources when an action runs: the progress of a read and of a write comes from the
 * metrics of the action's tasks, ending with an event that counts them all.
 */
class ProgressTest {
  private static final int ROWS = 100_000;

  @TempDir Path dir;

  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  private Frameshift onSpark() {
    return Frameshift.builder()
        .engine("spark")
        .withEngine(SparkEngine.of(SharedSpark.ENGINE.session()))
        .config("frameshift.selector.profile", "none")
        .config("frameshift.progress.after", "0")
        .config("frameshift.progress.every", "0")
        .listener(
            new ExecutionListener() {
              @Override
              public void onProgress(ProgressEvent event) {
                events.add(event);
              }
            })
        .build();
  }

  private Path csv() throws IOException {
    Path file = dir.resolve("data.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("id,name\n");
      for (int i = 0; i < ROWS; i++) {
        w.write(i + ",row number " + i + "\n");
      }
    }
    return file;
  }

  private List<ProgressEvent> of(ProgressEvent.Direction direction) {
    List<ProgressEvent> mine = events.stream().filter(e -> e.direction() == direction).toList();
    assertThat(mine).isNotEmpty();
    assertThat(mine).allSatisfy(e -> assertThat(e.engine()).isEqualTo("spark"));
    assertThat(mine.stream().map(ProgressEvent::bytes).toList()).isSorted();
    assertThat(mine.get(mine.size() - 1).finished()).isTrue();
    assertThat(mine.subList(0, mine.size() - 1)).noneMatch(ProgressEvent::finished);
    return mine;
  }

  @Test
  void anActionReportsTheBytesAndRecordsItsTasksRead() throws IOException {
    Path csv = csv();
    try (Frameshift fs = onSpark()) {
      DataFrame df = fs.read().option("inferSchema", "true").csv(csv.toString());
      events.clear(); // inference is not an action of the session
      assertThat(df.filter(io.frameshift.expr.Functions.col("id").ge(0)).count()).isEqualTo(ROWS);
    }
    List<ProgressEvent> read = of(ProgressEvent.Direction.READ);
    ProgressEvent last = read.get(read.size() - 1);
    assertThat(last.target()).isEqualTo("csv " + csv);
    assertThat(last.bytes()).isPositive();
    assertThat(last.rows()).isEqualTo(ROWS);
    assertThat(last.totalBytes()).isEqualTo(Files.size(csv));
  }

  @Test
  void aWriteReportsTheBytesAndRecordsItsTasksWrote() throws IOException {
    Path csv = csv();
    Path out = dir.resolve("out.parquet");
    try (Frameshift fs = onSpark()) {
      fs.read().option("inferSchema", "true").csv(csv.toString()).write().parquet(out.toString());
    }
    List<ProgressEvent> written = of(ProgressEvent.Direction.WRITE);
    ProgressEvent last = written.get(written.size() - 1);
    assertThat(last.target()).isEqualTo("parquet " + out);
    assertThat(last.rows()).isEqualTo(ROWS);
    assertThat(last.bytes()).isPositive();
    // the write read its source in the same jobs
    List<ProgressEvent> read = of(ProgressEvent.Direction.READ);
    assertThat(read.get(read.size() - 1).rows()).isEqualTo(ROWS);
  }
}
