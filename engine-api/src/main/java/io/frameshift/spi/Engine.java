package io.frameshift.spi;

import io.frameshift.Row;
import io.frameshift.StorageLevel;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.BatchFunction;
import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An execution engine. The executor hands it analysed plan nodes one at a time: every expression is
 * resolved (names exist, operand types already coerced to a common type by explicit casts, untyped
 * nulls typed) and every output column named, so an engine translates and never re-derives types;
 * {@link ExprTypes#typeOf} gives the type of any expression. Each method returns a frame whose
 * schema is exactly the one analysis computed for the node.
 *
 * <p>An engine throws {@link io.frameshift.error.EvaluationException} for ANSI evaluation errors,
 * {@link io.frameshift.error.InputException} for bad input, {@link
 * io.frameshift.error.UnsupportedCapabilityException} for a missing {@link Capability}, and {@link
 * io.frameshift.error.EngineException} for failures of its own.
 */
public interface Engine extends AutoCloseable {
  /** The engine's name, the same as its {@link EngineProvider#name() provider's}. */
  String name();

  Set<Capability> capabilities();

  /**
   * Measures what this engine costs on this machine, for the selector's cost profile: {@code run}
   * offers the measurements every engine makes alike, and the engine says how a job runs to its end
   * on it and what starting it costs. Called by {@link io.frameshift.select.Calibration}.
   */
  CostProfile.EngineCosts calibrate(Calibration.Run run);

  /** The schema of a source whose schema is not given: inferred from the data. */
  Schema inferSchema(Source source);

  /**
   * Reads {@code source}, whose {@link Source#schema()} is set, giving exactly its {@link
   * Source#projectedSchema()}: the schema's columns restricted to {@link Source#columns()}. The
   * source's {@link Source#filter()} is a hint the engine may use to skip data (and may ignore).
   */
  EngineFrame load(Source source);

  /**
   * {@link #load(Source)}, reporting to {@code read} the bytes (and rows) it reads from the
   * source's files as it goes, when the engine reads them in this call (an eager engine); an engine
   * that reads when an action runs reports in {@link #withProgress} instead. This default reports
   * nothing.
   */
  default EngineFrame load(Source source, Progress read) {
    return load(source);
  }

  /**
   * What the engine can tell of {@code source}'s size from metadata alone, without reading data
   * (e.g. the row counts of Parquet footers); {@link FrameStats#UNKNOWN} when nothing. The session
   * asks the engine that resolves a source's schema when the source is read, and again whenever a
   * plan scanning it is placed, with the source as the plan narrowed it: the rows are those a scan
   * would return (after skipping what {@link Source#filter()} lets it skip; exact only if the scan
   * returns exactly those), the bytes what the data of {@link Source#projectedSchema()} takes in
   * memory once read. The selector sizes the scan by them, and its memory guard keeps a scan too
   * big for the heap off engines whose memory is the heap.
   */
  default FrameStats sourceStats(Source source) {
    return FrameStats.UNKNOWN;
  }

  /** A frame of the given rows. */
  EngineFrame create(Schema schema, List<Row> rows);

  /** Writes a frame atomically: a failure leaves what was at the target intact. */
  void save(EngineFrame frame, Sink sink);

  /**
   * {@link #save(EngineFrame, Sink)}, reporting to {@code written} the rows and bytes it writes as
   * it goes (per part file, say), unless the engine reports its writes in {@link #withProgress},
   * which the executor wraps around every save. This default reports nothing.
   */
  default void save(EngineFrame frame, Sink sink, Progress written) {
    save(frame, sink);
  }

  /**
   * Runs {@code work}, which calls this engine's actions ({@link #collect}, {@link #count}, {@link
   * #exportArrow} with the consumption of its batches, {@link #persist}, {@link #save}), reporting
   * what the jobs it starts read from sources to {@code read} and write to sinks to {@code
   * written}: how an engine that reads lazily, when an action runs, tells how far it has got. The
   * executor calls it around every action and save on an engine that is not {@link
   * EngineTraits#eager() eager}, with the progress of the sources the computed frame reads, and
   * around every save. An engine reports each byte once: here or in {@link #load(Source, Progress)}
   * and {@link #save(EngineFrame, Sink, Progress)}, not in both. This default runs {@code work}
   * reporting nothing.
   */
  default <T> T withProgress(Progress read, Progress written, Supplier<T> work) {
    return work.get();
  }

  /** Keeps the rows for which {@code predicate} is TRUE (not false, not null). */
  EngineFrame filter(EngineFrame in, Expr predicate);

  /**
   * Computes {@code columns}, each an {@link io.frameshift.expr.Alias} or a column reference;
   * {@code schema} is the output schema analysis computed.
   */
  EngineFrame project(EngineFrame in, List<Expr> columns, Schema schema);

  /**
   * Groups by {@code keys} (each named) and computes {@code aggregates} (each an alias of an {@link
   * io.frameshift.expr.Aggregate}); output is keys then aggregates. With no keys the output is
   * exactly one row, even for an empty input. {@code schema} is the output schema analysis
   * computed.
   */
  EngineFrame groupBy(EngineFrame in, List<Expr> keys, List<Expr> aggregates, Schema schema);

  /** Joins two frames; {@link JoinSpec#outputs} fixes the output columns. */
  EngineFrame join(EngineFrame left, EngineFrame right, JoinSpec spec);

  EngineFrame sort(EngineFrame in, List<SortKey> keys);

  /**
   * Keeps one row per distinct value of {@code columns}; with no columns, per distinct row. Which
   * row of a duplicate set survives is undefined.
   */
  EngineFrame distinct(EngineFrame in, List<String> columns);

  EngineFrame limit(EngineFrame in, long n);

  /**
   * All rows of both frames (UNION ALL); analysis has aligned {@code right} to left's columns and
   * types, and {@code schema} is the output schema it computed.
   */
  EngineFrame union(EngineFrame left, EngineFrame right, Schema schema);

  /**
   * Appends window columns, each an alias of an {@link io.frameshift.expr.Over}; rows keep their
   * columns and may come out in any order. {@code schema} is the output schema analysis computed
   * (the input's columns, then the window columns).
   */
  EngineFrame window(EngineFrame in, List<Expr> columns, Schema schema);

  /**
   * {@link #window(EngineFrame, List, Schema)} keeping only the rows {@code limit} keeps: those
   * whose ranking column is at most {@link RankLimit#max()}, ties included (every row of rank or
   * dense rank up to the limit). The window columns hold the values the unlimited window gives
   * those rows. This default computes the whole window and filters; an engine that can keep the top
   * rows of each partition without ordering all of them overrides it.
   */
  default EngineFrame window(EngineFrame in, List<Expr> columns, Schema schema, RankLimit limit) {
    return filter(window(in, columns, schema), limit.condition());
  }

  /**
   * Runs {@code fn} over the frame's data as Arrow batches (the engine's chunks or partitions),
   * each output batch checked against {@code schema} with {@link BatchFunction#applyChecked}; the
   * result is the frame of the output batches. A distributed engine runs it where the data is,
   * without bringing the frame to the driver. Every batch is closed, inputs and outputs.
   */
  EngineFrame mapBatches(EngineFrame in, BatchFunction fn, Schema schema);

  /**
   * Calls an HTTP service for each row (or batch of rows) of {@code in} and adds its answer as the
   * columns of {@code call.output()}: runs {@link EnrichCall#function(int)} as {@link #mapBatches}
   * does, telling it over how many JVMs the calls are spread so that the rate limit, which holds
   * per JVM, adds up to the spec's. An in-process engine passes 1; a distributed one the number of
   * its executors.
   */
  EngineFrame enrich(EngineFrame in, EnrichCall call);

  /** Keeps each row independently with probability {@code fraction}, reproducibly for a seed. */
  EngineFrame sample(EngineFrame in, double fraction, long seed);

  /** Computes the frame and returns its rows. */
  List<Row> collect(EngineFrame frame);

  long count(EngineFrame frame);

  /**
   * Computes the frame and streams it as Arrow batches (types per {@link
   * io.frameshift.arrow.ArrowTypes}); the caller owns the stream and each batch it takes. This is
   * how the executor hands frames from one engine to another.
   */
  ArrowBatches exportArrow(EngineFrame frame);

  /**
   * A frame holding the data of {@code batches}, which this method consumes and closes; its schema
   * is {@code batches.schema()}.
   */
  EngineFrame importArrow(ArrowBatches batches);

  /** What the engine knows of the frame's size without computing it. */
  FrameStats stats(EngineFrame frame);

  /**
   * Computes {@code frame} now and keeps its data at {@code level} (or wherever the engine keeps
   * its data, when it has one place only), so that operations on the returned frame read the kept
   * data instead of recomputing what {@code frame} was built from (re-reading its source). The
   * returned frame has the same schema and exact {@link #stats}; it stays valid until {@link
   * #unpersist} is called on it. The executor calls this once for each node a user cached ({@code
   * DataFrame.cache()}), on the engine the node was placed on.
   */
  EngineFrame persist(EngineFrame frame, StorageLevel level);

  /**
   * Releases what {@link #persist} kept for {@code frame} (a frame it returned); does nothing for
   * any other frame. Operations on {@code frame} afterwards may recompute it.
   */
  void unpersist(EngineFrame frame);

  /** Releases the engine's resources; the engine is unusable afterwards. */
  @Override
  void close();
}
