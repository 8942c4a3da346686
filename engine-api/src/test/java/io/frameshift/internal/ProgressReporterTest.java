package io.frameshift.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MB = 1 << 20;

  private final AtomicLong now = new AtomicLong(1000);
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final ExecutionListener listener =
      new ExecutionListener() {
        @Override
        public void onProgress(ProgressEvent event) {
          events.add(event);
        }
      };

  private ProgressReporter reporter(long total, ProgressReporter.Settings settings) {
    return new ProgressReporter(
        ProgressEvent.Direction.READ,
        "csv data/x.csv",
        "local",
        () -> total,
        listener,
        settings,
        now::get);
  }

  private ProgressReporter reporter(long total) {
    return reporter(total, ProgressReporter.Settings.from(Map.of()));
  }

  private void tick(long nanos) {
    now.addAndGet(nanos);
  }

  @Test
  void silentForTwoSecondsThenAboutOnceASecond() {
    ProgressReporter r = reporter(100 * MB);
    for (int i = 0; i < 19; i++) { // 0.1 s steps up to 1.9 s
      tick(SECOND / 10);
      r.advance(-1, MB);
    }
    assertThat(events).isEmpty();
    tick(SECOND / 10);
    r.advance(-1, MB); // 2.0 s: the first event
    assertThat(events).hasSize(1);
    for (int i = 0; i < 9; i++) {
      tick(SECOND / 10);
      r.advance(-1, MB);
    }
    assertThat(events).hasSize(1); // 2.9 s: under a second since
    tick(SECOND / 10);
    r.advance(-1, MB);
    assertThat(events).hasSize(2); // 3.0 s

    ProgressEvent e = events.get(1);
    assertThat(e.bytes()).isEqualTo(30 * MB);
    assertThat(e.totalBytes()).isEqualTo(100 * MB);
    assertThat(e.rows()).isEqualTo(-1);
    assertThat(e.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(e.bytesPerSecond()).isEqualTo(10.0 * MB);
    assertThat(e.fraction()).isEqualTo(0.3);
    assertThat(e.eta()).contains(Duration.ofSeconds(7));
    assertThat(e.finished()).isFalse();
    assertThat(e.describe())
        .isEqualTo(
            "Reading csv data/x.csv on local: 30.0 MB of 100.0 MB (30%), 10.0 MB/s, ETA 7.0 s");

    tick(SECOND / 2);
    r.advance(1000, 0);
    r.finish();
    ProgressEvent last = events.get(events.size() - 1);
    assertThat(last.finished()).isTrue();
    assertThat(last.bytes()).isEqualTo(30 * MB);
    assertThat(last.rows()).isEqualTo(1000);
    assertThat(last.eta()).contains(Duration.ZERO);
    assertThat(last.describe())
        .isEqualTo("Read csv data/x.csv on local: 30.0 MB, 1000 rows in 3.5 s (8.6 MB/s)");

    r.advance(5, MB); // a straggler after the end says nothing more
    r.finish();
    assertThat(events).last().isSameAs(last);
  }

  @Test
  void shortWorkSaysNothingAtAll() {
    ProgressReporter r = reporter(10);
    tick(SECOND);
    r.advance(10, 10);
    r.finish();
    assertThat(events).isEmpty();
  }

  @Test
  void longWorkThatAdvancedOnlyAtTheEndStillEndsWithAnEvent() {
    ProgressReporter r = reporter(-1);
    tick(5 * SECOND);
    r.finish(); // nothing done: nothing to say
    assertThat(events).isEmpty();

    ProgressReporter w = reporter(-1);
    tick(5 * SECOND);
    w.advance(7, 0);
    assertThat(events).hasSize(1);
    w.finish();
    assertThat(events).hasSize(2);
    assertThat(events.get(1).totalBytes()).isEqualTo(-1);
    assertThat(events.get(1).fraction()).isEqualTo(-1);
    assertThat(events.get(1).eta()).contains(Duration.ZERO);
    assertThat(events.get(0).eta()).isEmpty(); // no total, no bytes
  }

  @Test
  void theTotalIsAskedOnceAndOnlyWhenAnEventIsMade() {
    AtomicInteger asked = new AtomicInteger();
    ProgressReporter r =
        new ProgressReporter(
            ProgressEvent.Direction.WRITE,
            "json out",
            "spark",
            () -> {
              asked.incrementAndGet();
              return -1;
            },
            listener,
            new ProgressReporter.Settings(0, 0),
            now::get);
    assertThat(asked).hasValue(0);
    r.advance(1, 10);
    tick(1);
    r.advance(1, 10);
    tick(1);
    r.finish();
    assertThat(asked).hasValue(1);
    assertThat(events).extracting(ProgressEvent::bytes).containsExactly(10L, 20L, 20L);
    assertThat(events.get(2).describe()).startsWith("Wrote json out on spark: 20 B, 2 rows in");
  }

  @Test
  void manyThreadsSendEventsOneAtATimeWithBytesThatNeverDecrease() {
    ProgressReporter r =
        new ProgressReporter(
            ProgressEvent.Direction.READ,
            "json big",
            "local",
            () -> -1,
            listener,
            new ProgressReporter.Settings(0, 0),
            System::nanoTime);
    IntStream.range(0, 8)
        .parallel()
        .forEach(
            t -> {
              for (int i = 0; i < 2000; i++) {
                r.advance(1, 3);
              }
            });
    r.finish();
    List<Long> bytes = new ArrayList<>();
    events.forEach(e -> bytes.add(e.bytes()));
    assertThat(bytes).isSorted();
    ProgressEvent last = events.get(events.size() - 1);
    assertThat(last.finished()).isTrue();
    assertThat(last.bytes()).isEqualTo(8 * 2000 * 3);
    assertThat(last.rows()).isEqualTo(8 * 2000);
  }

  @Test
  void settingsAreMilliseconds() {
    ProgressReporter.Settings s =
        ProgressReporter.Settings.from(
            Map.of("frameshift.progress.after", "0", "frameshift.progress.every", "250"));
    assertThat(s.afterNanos()).isZero();
    assertThat(s.everyNanos()).isEqualTo(250_000_000L);
    assertThatThrownBy(
            () -> ProgressReporter.Settings.from(Map.of("frameshift.progress.after", "soon")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("frameshift.progress.after");
  }
}
