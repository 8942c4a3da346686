package io.frameshift.enrich;

import io.frameshift.DataFrame;

/**
 * {@code DataFrame.enrichWithDeadLetters}: the rows that got their answer and the dead letters,
 * both read from one cached frame so that every row is called once. {@code enriched().count() +
 * deadLetters().count()} is the input's row count. Closing releases the cache.
 *
 * @param all every row, with the added columns and the error column (null where enriched); cached
 * @param enriched the rows that got their answer, with the added columns, without the error column
 * @param deadLetters the rows whose call failed for good: the input's columns and the error column
 *     (write them anywhere, e.g. {@code deadLetters().write().json("out/dead")})
 */
public record EnrichResult(DataFrame all, DataFrame enriched, DataFrame deadLetters)
    implements AutoCloseable {

  /** Releases the cached frame the two frames read. */
  @Override
  public void close() {
    all.unpersist();
  }
}
