package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.testkit.ProgressRecorder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark reads its sources when an action runs: the progress of a read and of a write comes from the
 * metrics of the action's tasks, ending with an event that counts them all.
 */
class ProgressTest {
  private static final int ROWS = 50_000;

  @TempDir Path dir;

  private final ProgressRecorder events = new ProgressRecorder();

  private Frameshift onSpark() {
    return Frameshift.builder()
        .engine("spark")
        .withEngine(SparkEngine.of(SharedSpark.ENGINE.session()))
        .config("frameshift.selector.profile", "none")
        .config("frameshift.progress.after", "0")
        .config("frameshift.progress.every", "0")
        .listener(events)
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

  @Test
  void anActionReportsTheBytesAndRecordsItsTasksRead() throws IOException {
    Path csv = csv();
    try (Frameshift fs = onSpark()) {
      DataFrame df = fs.read().option("header", "true").csv(csv.toString());
      events.clear(); // inference is not an action of the session
      assertThat(df.filter(col("id").isNotNull()).count()).isEqualTo(ROWS);
    }
    ProgressEvent last = events.last(ProgressEvent.Direction.READ, "spark");
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
      fs.read().option("header", "true").csv(csv.toString()).write().parquet(out.toString());
    }
    ProgressEvent last = events.last(ProgressEvent.Direction.WRITE, "spark");
    assertThat(last.target()).isEqualTo("parquet " + out);
    assertThat(last.rows()).isEqualTo(ROWS);
    assertThat(last.bytes()).isPositive();
    // the write read its source in the same jobs
    assertThat(events.last(ProgressEvent.Direction.READ, "spark").rows()).isEqualTo(ROWS);
  }
}
