package io.frameshift.spark;

import io.frameshift.spi.Progress;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.executor.InputMetrics;
import org.apache.spark.executor.OutputMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the Spark engine reports the progress of an action ({@code Engine.withProgress}): Spark reads
 * a source when an action runs, so the bytes and records come from the metrics of the tasks the
 * action's jobs run. The calling thread's jobs carry a local property, {@value #TAG}, with an id of
 * this action (local properties pass to the jobs a thread starts, also those Spark starts for it on
 * other threads, such as broadcasts), which tells them apart from the jobs other sessions and
 * threads run on the same SparkContext; a listener, added for the action and removed after it,
 * takes the stages those jobs submit and adds up their successful tasks' input metrics ({@code
 * bytesRead}, {@code recordsRead}) and output metrics ({@code bytesWritten}, {@code
 * recordsWritten}).
 *
 * <p>Spark delivers listener events on its own thread, after the fact: when the action returns, the
 * last tasks' events may still be queued. A marker event posted to the listener bus then comes
 * after them, so the action waits (a few seconds at most) until the listener has seen it, and the
 * executor's last event counts every task.
 */
final class SparkProgress extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(SparkProgress.class);

  /** The local property naming the action whose progress a job counts towards. */
  static final String TAG = "frameshift.progress";

  private static final long DRAIN_MILLIS = 5000;

  private final String id = UUID.randomUUID().toString();
  private final Progress read;
  private final Progress written;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final Marker marker = new Marker();
  private final CountDownLatch drained = new CountDownLatch(1);

  private SparkProgress(Progress read, Progress written) {
    this.read = read;
    this.written = written;
  }

  /** Runs {@code work} on {@code session}, reporting what its jobs read and write. */
  static <T> T run(SparkSession session, Progress read, Progress written, Supplier<T> work) {
    if (read == Progress.NONE && written == Progress.NONE) {
      return work.get();
    }
    SparkContext sc;
    try {
      sc = session.sparkContext();
    } catch (RuntimeException | LinkageError e) {
      return work.get(); // no SparkContext in this JVM (a Spark Connect session): no metrics
    }
    SparkProgress listener = new SparkProgress(read, written);
    String outer = sc.getLocalProperty(TAG);
    sc.setLocalProperty(TAG, listener.id);
    sc.addSparkListener(listener);
    try {
      T out = work.get();
      listener.drain(sc);
      return out;
    } finally {
      sc.setLocalProperty(TAG, outer);
      sc.removeSparkListener(listener);
    }
  }

  /** Waits until the listener has seen every event posted before now. */
  private void drain(SparkContext sc) {
    try {
      sc.listenerBus().post(marker);
      if (!drained.await(DRAIN_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.debug("Spark's listener bus is behind: the progress of an action may miss tasks");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
    Properties p = submitted.properties();
    if (p != null && id.equals(p.getProperty(TAG))) {
      stages.add(submitted.stageInfo().stageId());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    // a failed attempt's work is done again by the next one: only successes count
    if (m == null || !stages.contains(end.stageId()) || end.reason() != Success$.MODULE$) {
      return;
    }
    InputMetrics in = m.inputMetrics();
    if (in.bytesRead() > 0 || in.recordsRead() > 0) {
      read.advance(in.recordsRead(), in.bytesRead());
    }
    OutputMetrics out = m.outputMetrics();
    if (out.bytesWritten() > 0 || out.recordsWritten() > 0) {
      written.advance(out.recordsWritten(), out.bytesWritten());
    }
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event == marker) {
      drained.countDown();
    }
  }

  /** Posted after an action: once the listener sees it, it has seen the action's tasks. */
  private static final class Marker implements SparkListenerEvent {
    @Override
    public boolean logEvent() {
      return false; // not for the event log, and not serializable to it
    }
  }
}
