package io.frameshift.pipeline;

import io.frameshift.DataFrame;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.pipeline.BatchSource.Rows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Flow;

/**
 * The batch sources a Java program hands to {@link StreamRun}: iterators and publishers of frames
 * or Arrow batches, a folder that files arrive in, and a dead-letter folder to run again.
 *
 * <p>Iterators and publishers number their batches from 0 in the order they yield them; that number
 * is the batch's id and position. A restarted run skips the batches up to the last one committed,
 * so the iterator or publisher must yield the same batches in the same order again.
 */
public final class BatchSources {
  private BatchSources() {}

  /** The frames of {@code frames}, one batch each. */
  public static BatchSource frames(Iterator<DataFrame> frames) {
    return new IteratorSource<>("iterator of frames", frames, Rows.Frame::new);
  }

  /** The Arrow batches of {@code batches}, one batch each; each is closed once used. */
  public static BatchSource arrow(Iterator<ArrowBatches> batches) {
    return new IteratorSource<>("iterator of Arrow batches", batches, Rows.Arrow::new);
  }

  /**
   * The frames a publisher emits, one batch each, requested one at a time (back pressure: the
   * publisher is asked for the next frame when the run takes the previous one).
   */
  public static BatchSource frames(Flow.Publisher<DataFrame> publisher) {
    return new PublisherSource<>("publisher of frames", publisher, Rows.Frame::new);
  }

  /** The Arrow batches a publisher emits, one batch each, requested one at a time. */
  public static BatchSource arrow(Flow.Publisher<ArrowBatches> publisher) {
    return new PublisherSource<>("publisher of Arrow batches", publisher, Rows.Arrow::new);
  }

  /**
   * The files arriving in {@code folder}, one batch per file, in name order within each listing.
   * The batch id is the file's path below the folder. Files whose name starts with {@code .} or
   * {@code _} are left alone: write a file under such a name and rename it into place, so no batch
   * reads half a file.
   *
   * @param format {@code csv}, {@code json}, {@code parquet} or {@code arrow}
   * @param options reader options by Spark's names
   * @param poll the wait between listings when no new file is there
   * @param idle the stream ends after this long without a new file; null: it does not (a run's
   *     {@code maxBatches} can still end it)
   */
  public static BatchSource folder(
      Path folder, String format, Map<String, String> options, Duration poll, Duration idle) {
    return new FolderSource(folder, format, options, poll, idle);
  }

  /**
   * The dead letters a stream run wrote into {@code folder} (its {@code deadLetters} setting), one
   * batch per failed batch, with the failed batch's id: the input files it read, or the rows it
   * held. A record of a failed source carries no rows and is skipped with a warning.
   */
  public static BatchSource deadLetters(Path folder) {
    return new DeadLetterSource(folder);
  }
}
