package io.frameshift.internal;

import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.spi.Progress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an engine's {@link Progress} calls for one read or write into {@link ProgressEvent}s: none
 * while the work is younger than {@link Settings#afterNanos()}, then at most one per {@link
 * Settings#everyNanos()}, and a last one when {@link #finish()} is called if any was sent or the
 * work outlived the silence with something done. Each event goes to the listeners and, as {@link
 * ProgressEvent#describe()}, to the log ({@code io.frameshift.progress}, INFO).
 *
 * <p>Thread-safe without locks: engines call {@link #advance} from several threads at once; the
 * counts are adders, and one thread at a time sends, the others leaving what they added to the next
 * event, so the listeners see events one at a time with bytes that never decrease. The total (the
 * sizes of the files read) is asked for only when the first event is made: short work never lists
 * files for it.
 */
final class ProgressReporter implements Progress {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.progress");

  /**
   * When progress is reported, from the settings {@code frameshift.progress.after} (milliseconds of
   * silence before the first event, 2000) and {@code frameshift.progress.every} (milliseconds
   * between events, 1000).
   *
   * @param afterNanos work shorter than this reports nothing
   * @param everyNanos the least time between two events
   */
  record Settings(long afterNanos, long everyNanos) {
    static final String AFTER = "frameshift.progress.after";
    static final String EVERY = "frameshift.progress.every";

    /** The settings of a session. */
    static Settings from(Map<String, String> config) {
      return new Settings(millis(config, AFTER, 2000), millis(config, EVERY, 1000));
    }

    private static long millis(Map<String, String> config, String key, long dflt) {
      return SelectorConfig.wholeNumber(config, key, dflt, "milliseconds") * 1_000_000;
    }
  }

  private final ProgressEvent.Direction direction;
  private final String target;
  private final String engine;
  private final LongSupplier total;
  private final ExecutionListener listener;
  private final Settings settings;
  private final LongSupplier clock;
  private final long start;

  private final LongAdder rows = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private volatile boolean rowsCounted;

  /** The clock reading from which the next event may be sent. */
  private final AtomicLong due;

  /** Held by the one thread sending an event. */
  private final AtomicBoolean sending = new AtomicBoolean();

  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean sent;
  private long lastBytes = -1;
  private long totalBytes = Long.MIN_VALUE;

  /**
   * @param direction read or write
   * @param target what is read or written, e.g. {@code csv data/x.csv}
   * @param engine the engine doing it
   * @param total the bytes the work comes to, -1 when unknown; asked once, when the first event is
   *     made
   * @param listener receives the events
   * @param settings when to send them
   * @param clock nanoseconds, as {@link System#nanoTime()}
   */
  ProgressReporter(
      ProgressEvent.Direction direction,
      String target,
      String engine,
      LongSupplier total,
      ExecutionListener listener,
      Settings settings,
      LongSupplier clock) {
    this.direction = direction;
    this.target = target;
    this.engine = engine;
    this.total = total;
    this.listener = listener;
    this.settings = settings;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.due = new AtomicLong(start + settings.afterNanos());
  }

  @Override
  public void advance(long rows, long bytes) {
    if (finished.get()) {
      return; // a straggler (e.g. a Spark task event delivered late): the last event is out
    }
    if (rows >= 0) {
      this.rows.add(rows);
      if (!rowsCounted) {
        rowsCounted = true;
      }
    }
    this.bytes.add(bytes);
    long now = clock.getAsLong();
    long at = due.get();
    if (now - at >= 0 && sending.compareAndSet(false, true)) {
      try {
        if (!finished.get() && due.compareAndSet(at, now + settings.everyNanos())) {
          send(now, false);
        }
      } finally {
        sending.set(false);
      }
    }
  }

  /** Ends the work: sends the last event if any was sent or the work ran past the silence. */
  void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    while (!sending.compareAndSet(false, true)) {
      Thread.onSpinWait(); // another thread is sending an event made before the end
    }
    try {
      long now = clock.getAsLong();
      boolean done = bytes.sum() > 0 || rowsCounted;
      if (sent || (done && now - start >= settings.afterNanos())) {
        send(now, true);
      }
    } finally {
      sending.set(false);
    }
  }

  /** Makes and sends one event; called only by the thread holding {@link #sending}. */
  private void send(long now, boolean last) {
    long b = bytes.sum();
    if (!last && b == lastBytes) {
      return; // nothing new to say
    }
    lastBytes = b;
    if (totalBytes == Long.MIN_VALUE) {
      totalBytes = total.getAsLong();
    }
    ProgressEvent e =
        new ProgressEvent(
            direction,
            target,
            engine,
            rowsCounted ? rows.sum() : -1,
            b,
            totalBytes,
            Duration.ofNanos(now - start),
            last);
    sent = true;
    LOG.info(e.describe());
    listener.onProgress(e);
  }
}
