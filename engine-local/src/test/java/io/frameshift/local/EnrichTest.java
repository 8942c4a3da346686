package io.frameshift.local;

import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.enrich.EnrichResult;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.testkit.EnrichService;
import io.frameshift.types.Schema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the local engine's session reports of an enrichment: progress of the rows done while the
 * calls run, one event per action with the calls it made, and nothing for an action that reads a
 * cached enrichment (no call is made again).
 */
class EnrichTest {

  private static DataFrame ids(Frameshift fs, int n) {
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new Object[] {i + 1};
    }
    return fs.createDataFrame(Schema.builder().column("id", INT32).build(), rows);
  }

  @Test
  void progressAndEventsReportTheCallsOfEachAction() {
    List<ProgressEvent> progress = new CopyOnWriteArrayList<>();
    List<EnrichEvent> events = new CopyOnWriteArrayList<>();
    ExecutionListener listener =
        new ExecutionListener() {
          @Override
          public void onProgress(ProgressEvent e) {
            if (e.direction() == ProgressEvent.Direction.CALL) {
              progress.add(e);
            }
          }

          @Override
          public void onEnrich(EnrichEvent e) {
            events.add(e);
          }
        };
    try (EnrichService svc = EnrichService.start(r -> EnrichService.healthy(r).after(1));
        Frameshift fs =
            Frameshift.builder()
                .engine("local")
                .config("frameshift.progress.after", "0")
                .config("frameshift.progress.every", "0")
                .listener(listener)
                .build()) {
      int n = 60;
      EnrichSpec spec =
          EnrichSpec.get(svc.url() + "/score/{id}")
              .named("scores")
              .output("score", "/score", FLOAT64)
              .ratePerSecond(300)
              .concurrency(4);
      try (EnrichResult r = ids(fs, n).enrichWithDeadLetters(spec)) {
        assertThat(r.enriched().count()).isEqualTo(n);
        assertThat(r.deadLetters().count()).isZero();
      }
      assertThat(svc.requests())
          .as("calls: once per row, the second action read the cache")
          .isEqualTo(n);
      assertThat(events).hasSize(1);
      EnrichEvent e = events.get(0);
      assertThat(e.name()).isEqualTo("scores");
      assertThat(e.calls()).isEqualTo(n);
      assertThat(e.enriched()).isEqualTo(n);
      assertThat(e.breakerState()).isEqualTo("CLOSED");
      assertThat(e.callsPerSecond()).isLessThanOrEqualTo(300 * 1.1);
      assertThat(e.describe())
          .startsWith("Enrichment scores: 60 rows (60 enriched, 0 failed), 60 calls");
      assertThat(fs.metrics().enrichments()).containsKey("scores");
      assertThat(progress).isNotEmpty();
      ProgressEvent last = progress.get(progress.size() - 1);
      assertThat(last.finished()).isTrue();
      assertThat(last.rows()).isEqualTo(n);
      assertThat(last.target()).isEqualTo("scores");
      assertThat(last.describe()).startsWith("Called scores on local: 60 rows in ");
      assertThat(progress.stream().mapToLong(ProgressEvent::rows)).isSorted();
      assertThat(last.elapsed()).isGreaterThan(Duration.ZERO);
    }
  }
}
