package io.frameshift.pipeline;

import io.frameshift.pipeline.BatchSource.Rows;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Function;

/** Batches from an iterator, numbered from 0: the number is the id and the position. */
final class IteratorSource<T> extends NumberedSource<T> {
  private final Iterator<T> items;

  IteratorSource(String description, Iterator<T> items, Function<T, Rows> rows) {
    super(description, rows);
    this.items = items;
  }

  @Override
  Optional<Rows> take() {
    return items.hasNext() ? Optional.of(rows.apply(items.next())) : Optional.empty();
  }

  @Override
  public void close() {
    // nothing held: the iterator belongs to the caller
  }
}
