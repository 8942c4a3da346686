package io.frameshift.pipeline;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A source of micro-batches for a stream run: a folder that files arrive in, a Java iterator or
 * {@link java.util.concurrent.Flow.Publisher}, a message topic.
 *
 * <p>Each batch carries a stable id and the source's position after it. A run records both in every
 * sink's commit (for tables, in the snapshot summary); a run restarted after a crash reads the last
 * batch that every sink committed and calls {@link #resume} with its position before the first
 * {@link #next}. A source must then yield the batches after that position with the same ids as
 * before, so the run can skip a batch some sink committed already: no batch is lost and none is
 * written twice.
 *
 * <p>A source is used by one thread. {@link #next} may throw on a transient failure (a broker away,
 * a folder unreadable): the run retries it under the source's retry policy.
 */
public interface BatchSource extends AutoCloseable {

  /** What it reads, for logs, reports and dead letters: {@code folder in/ (json)}. */
  String describe();

  /**
   * Positions the source after the batch at {@code position}, the {@link Batch#position()} of the
   * last batch every sink committed; called once, before the first {@link #next}, and only when a
   * previous run committed something.
   */
  void resume(String position);

  /**
   * The next batch, waiting for one as the source's own settings say; empty when the stream has
   * ended (a bounded source is exhausted, a folder stayed idle long enough).
   */
  Optional<Batch> next();

  /** Releases what the source holds (connections, watches); batches already handed out stay. */
  @Override
  void close();

  /**
   * One batch of a stream.
   *
   * @param id unique and stable within the stream: the same input gets the same id in every run (a
   *     file name, a sequence number, a topic's partition and offset range); it names the batch's
   *     output files and dead letters, so keep it short
   * @param position the source's position after this batch, which {@link #resume} takes back
   * @param reference where the rows come from, for reports and dead letters (a file, an offset
   *     range)
   * @param rows the batch's rows
   */
  record Batch(String id, String position, String reference, Rows rows) {
    public Batch {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(rows, "rows");
      if (id.isBlank()) {
        throw new InvalidOptionException(
            "A batch id must not be blank (position " + position + ", " + reference + ")");
      }
    }
  }

  /** A batch's rows, in whichever form the source has them. */
  sealed interface Rows {
    /** Rows as a frame of the session the stream runs in. */
    record Frame(DataFrame frame) implements Rows {}

    /** Arrow record batches; the run takes ownership and closes them. */
    record Arrow(ArrowBatches batches) implements Rows {}

    /** Rows in memory with their schema (a topic's decoded messages). */
    record Values(Schema schema, List<Row> rows) implements Rows {}

    /**
     * Files to read: {@code format} is {@code csv}, {@code json}, {@code parquet} or {@code arrow};
     * {@code options} are reader options by Spark's names.
     */
    record Files(String format, List<String> paths, Map<String, String> options) implements Rows {}
  }
}
