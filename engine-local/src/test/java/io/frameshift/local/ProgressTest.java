package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.testkit.ProgressRecorder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads and writes on the local engine report their progress: with the silence before the first
 * event set to 0 (and no throttling), even these small files give several events, with bytes that
 * never decrease and a last one that accounts for every byte and row.
 */
class ProgressTest {
  private static final int ROWS = 200_000;

  @TempDir Path dir;

  private final ProgressRecorder events = new ProgressRecorder();

  private Frameshift session(String after) {
    return Frameshift.builder()
        .engine("local")
        .config("frameshift.progress.after", after)
        .config("frameshift.progress.every", "0")
        .listener(events)
        .build();
  }

  private Path text(String name, boolean json) throws IOException {
    Path file = dir.resolve(name);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      if (!json) {
        w.write("id,name,score\n");
      }
      for (int i = 0; i < ROWS; i++) {
        w.write(
            json
                ? "{\"id\":" + i + ",\"name\":\"row number " + i + "\",\"score\":" + i * 0.5 + "}\n"
                : i + ",row number " + i + "," + i * 0.5 + "\n");
      }
    }
    return file;
  }

  private static long bytesOf(Path dataset) throws IOException {
    try (Stream<Path> files = Files.walk(dataset)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** The last event of one read or write, which went on over several events. */
  private ProgressEvent checkedLast(ProgressEvent.Direction direction, String target) {
    ProgressEvent last = events.last(direction, "local");
    assertThat(events.count(direction)).isGreaterThan(1);
    assertThat(last.target()).contains(target);
    return last;
  }

  @Test
  void aCsvReadReportsItsBytesAsItConsumesThemAndEndsWithTheFileSize() throws IOException {
    Path csv = text("data.csv", false);
    try (Frameshift fs = session("0")) {
      DataFrame df = fs.read().option("inferSchema", "true").csv(csv.toString());
      events.clear(); // inference reads some of the file, and reports nothing
      assertThat(df.count()).isEqualTo(ROWS);
    }
    ProgressEvent last = checkedLast(ProgressEvent.Direction.READ, "data.csv");
    assertThat(last.bytes()).isEqualTo(Files.size(csv));
    assertThat(last.totalBytes()).isEqualTo(Files.size(csv));
    assertThat(last.rows()).isEqualTo(ROWS);
    assertThat(last.describe()).startsWith("Read csv " + csv + " on local: ");
    ProgressEvent first = events.events().get(0);
    assertThat(first.fraction()).isBetween(0.0, 1.0);
    assertThat(first.rows()).as("rows are counted when a file is parsed").isEqualTo(-1);
  }

  @Test
  void aJsonReadInParallelRangesEndsWithEveryByteAndRow() throws IOException {
    Path json = text("data.json", true);
    assertThat(Files.size(json)).as("more than one range").isGreaterThan(8L << 20);
    try (Frameshift fs = session("0")) {
      DataFrame df = fs.read().json(json.toString());
      events.clear();
      assertThat(df.count()).isEqualTo(ROWS);
    }
    ProgressEvent last = checkedLast(ProgressEvent.Direction.READ, "data.json");
    assertThat(last.bytes()).isEqualTo(Files.size(json));
    assertThat(last.rows()).isEqualTo(ROWS);
  }

  @Test
  void writesReportEachPartFileAndArrowReadsEachBatch() throws IOException {
    Path csv = text("data.csv", false);
    Path out = dir.resolve("out.arrow");
    try (Frameshift fs = session("0")) {
      fs.read().option("inferSchema", "true").csv(csv.toString()).write().arrow(out.toString());
      ProgressEvent written = checkedLast(ProgressEvent.Direction.WRITE, "out.arrow");
      assertThat(written.rows()).isEqualTo(ROWS);
      assertThat(written.bytes()).isEqualTo(bytesOf(out));
      assertThat(written.totalBytes()).isEqualTo(-1);

      events.clear();
      assertThat(fs.read().arrow(out.toString()).count()).isEqualTo(ROWS);
      ProgressEvent read = checkedLast(ProgressEvent.Direction.READ, "out.arrow");
      assertThat(read.bytes()).isEqualTo(bytesOf(out));
      assertThat(read.rows()).isEqualTo(ROWS);
    }
  }

  @Test
  void parquetWritesEachPartAndReadsEachRowGroupToTheFilesSize() throws IOException {
    Path csv = text("data.csv", false);
    Path out = dir.resolve("out.parquet");
    try (Frameshift fs = session("0")) {
      fs.read()
          .option("inferSchema", "true")
          .csv(csv.toString())
          .write()
          .option("rowGroupSize", "64k")
          .parquet(out.toString());
      ProgressEvent written = checkedLast(ProgressEvent.Direction.WRITE, "out.parquet");
      assertThat(written.rows()).isEqualTo(ROWS);
      assertThat(written.bytes()).isEqualTo(bytesOf(out));

      events.clear();
      // one column read: its chunks per row group, then the rest of the file (footer, others)
      assertThat(fs.read().parquet(out.toString()).filter("score >= 0").count()).isEqualTo(ROWS);
      ProgressEvent read = checkedLast(ProgressEvent.Direction.READ, "out.parquet");
      assertThat(read.bytes()).isEqualTo(bytesOf(out));
      assertThat(read.totalBytes()).isEqualTo(bytesOf(out));
      assertThat(read.rows()).isEqualTo(ROWS);
    }
  }

  @Test
  void shortWorkSaysNothingByDefault() throws IOException {
    Path csv = Files.writeString(dir.resolve("small.csv"), "id,name\n1,a\n2,b\n");
    try (Frameshift fs = session("2000")) {
      assertThat(fs.read().csv(csv.toString()).count()).isEqualTo(2);
    }
    assertThat(events.events()).isEmpty();
  }
}
