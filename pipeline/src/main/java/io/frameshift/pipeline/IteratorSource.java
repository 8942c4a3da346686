package io.frameshift.pipeline;

import io.frameshift.pipeline.BatchSource.Rows;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/** Batches from an iterator, numbered from 0: the number is the id and the position. */
final class IteratorSource<T> implements BatchSource {
  private final String description;
  private final Iterator<T> items;
  private final Function<T, Rows> rows;
  private long next;

  IteratorSource(String description, Iterator<T> items, Function<T, Rows> rows) {
    this.description = description;
    this.items = items;
    this.rows = rows;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void resume(String position) {
    long after = Streams.sequence(position, description);
    while (next <= after && items.hasNext()) {
      Streams.release(rows.apply(items.next()));
      next++;
    }
  }

  @Override
  public Optional<Batch> next() {
    if (!items.hasNext()) {
      return Optional.empty();
    }
    Rows r = rows.apply(items.next());
    String id = Long.toString(next++);
    return Optional.of(new Batch(id, id, description + " #" + id, r));
  }

  @Override
  public void close() {
    // nothing held: the iterator belongs to the caller
  }
}
