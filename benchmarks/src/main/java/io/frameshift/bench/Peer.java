package io.frameshift.bench;

/**
 * One system under test. {@link #load} copies the generated tables into the system's own form (not
 * timed); {@link #run} answers a question and materialises the whole result, as db-benchmark does
 * (timed); {@link Result#answer} reduces it for the cross-system check (not timed).
 */
interface Peer extends AutoCloseable {
  /** The system's name in the tables, e.g. "Frameshift local". */
  String name();

  void load(Inputs inputs);

  Result run(Question q);

  /** A materialised result. */
  interface Result {
    Answer answer();

    /** Frees what the result holds (a persisted Dataset, a DuckDB table). */
    default void release() {}
  }

  @Override
  void close();

  /** The tables of one run; either may be null when no question of its task was chosen. */
  record Inputs(Data groupBy, Generators.JoinTables join) {}
}
