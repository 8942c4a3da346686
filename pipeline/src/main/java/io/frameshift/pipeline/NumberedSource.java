package io.frameshift.pipeline;

import io.frameshift.pipeline.BatchSource.Rows;
import java.util.Optional;
import java.util.function.Function;

/**
 * Batches numbered from 0 in the order a source yields them: the number is the id and the position,
 * and a restart skips (and releases) the batches up to the last one committed. The iterator and
 * publisher sources differ only in how they take the next item.
 */
abstract class NumberedSource<T> implements BatchSource {
  final String description;
  final Function<T, Rows> rows;
  private long next;

  NumberedSource(String description, Function<T, Rows> rows) {
    this.description = description;
    this.rows = rows;
  }

  /** The rows of the next item, or empty when there is none. */
  abstract Optional<Rows> take();

  @Override
  public final String describe() {
    return description;
  }

  @Override
  public final void resume(String position) {
    long after = Streams.sequence(position, description);
    while (next <= after) {
      Optional<Rows> skipped = take();
      if (skipped.isEmpty()) {
        return;
      }
      Streams.release(skipped.get());
      next++;
    }
  }

  @Override
  public final Optional<Batch> next() {
    return take()
        .map(
            r -> {
              String id = Long.toString(next++);
              return new Batch(id, id, description + " #" + id, r);
            });
  }
}
