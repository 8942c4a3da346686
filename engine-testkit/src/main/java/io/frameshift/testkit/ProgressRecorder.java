package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the progress events a session sends (from whichever thread), for tests of an engine's
 * progress reports; register it with {@code Frameshift.builder().listener(..)}.
 */
public final class ProgressRecorder implements ExecutionListener {
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onProgress(ProgressEvent event) {
    events.add(event);
  }

  /** Every event so far. */
  public List<ProgressEvent> events() {
    return List.copyOf(events);
  }

  /** Forgets the events so far. */
  public void clear() {
    events.clear();
  }

  /**
   * The last event of the reads (or writes) recorded, after checking that there is one, that all
   * came from {@code engine}, that their bytes never decrease and that only the last is finished.
   */
  public ProgressEvent last(ProgressEvent.Direction direction, String engine) {
    List<ProgressEvent> mine = events.stream().filter(e -> e.direction() == direction).toList();
    assertThat(mine).as(direction + " progress events").isNotEmpty();
    assertThat(mine).allSatisfy(e -> assertThat(e.engine()).isEqualTo(engine));
    assertThat(mine.stream().map(ProgressEvent::bytes).toList()).isSorted();
    assertThat(mine.subList(0, mine.size() - 1)).noneMatch(ProgressEvent::finished);
    ProgressEvent last = mine.get(mine.size() - 1);
    assertThat(last.finished()).isTrue();
    return last;
  }

  /** How many events of the reads (or writes) were recorded. */
  public long count(ProgressEvent.Direction direction) {
    return events.stream().filter(e -> e.direction() == direction).count();
  }
}
