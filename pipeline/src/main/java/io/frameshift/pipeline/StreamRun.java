package io.frameshift.pipeline;

import io.frameshift.DataFrame;
import io.frameshift.DataFrameWriter;
import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.TableNotFoundException;
import io.frameshift.io.Format;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.pipeline.BatchSource.Batch;
import io.frameshift.pipeline.BatchSource.Rows;
import io.frameshift.pipeline.PipelineSpec.SinkSpec;
import io.frameshift.pipeline.PipelineSpec.SourceSpec;
import io.frameshift.pipeline.StreamReport.BatchReport;
import io.frameshift.pipeline.StreamReport.DeadLetter;
import io.frameshift.pipeline.StreamReport.Outcome;
import io.frameshift.pipeline.Streams.Mark;
import io.frameshift.table.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A micro-batch run: the batches of a {@link BatchSource} through a pipeline's steps into its
 * sinks, one batch at a time, each placed by the selector for its own size.
 *
 * <p>Exactly once into tables: each table commit records the stream, the batch id and the source's
 * position in the snapshot summary (the write's tag). A run first reads those marks from the
 * tables' current snapshot and its ancestors, resumes the source after the last batch every sink
 * committed, and skips any batch every sink holds; a sink that lacks a batch gets it. File sinks
 * write each batch to its own folder {@code path/batch-<id>}, replaced when written again.
 *
 * <p>A batch that fails is tried again under {@code batchRetry}; one that fails every try goes to
 * the dead-letter folder and the run goes on. A source whose {@code next()} fails every try under
 * {@code sourceRetry} ends the run, recorded the same way.
 *
 * @param pipeline the pipeline whose steps and sinks each batch goes through
 * @param input the source the batches stand in for (the steps start from it)
 * @param batchRetry tries of one batch's computation and writes
 * @param sourceRetry tries of the source's {@code next()}
 * @param deadLetters the dead-letter folder, or null: failed batches are only reported
 * @param maxBatches stop after this many batches taken from the source (skipped ones included); 0:
 *     until the source ends
 */
public record StreamRun(
    Pipeline pipeline,
    String input,
    RetryPolicy batchRetry,
    RetryPolicy sourceRetry,
    Path deadLetters,
    long maxBatches) {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);

  /** A stream run of the pipeline's first input with the spec's settings (see {@link #of}). */
  public static StreamRun of(Pipeline pipeline) {
    return of(pipeline, pipeline.spec().inputs().get(0));
  }

  /**
   * A stream run of {@code input} with the spec's settings: the pipeline's {@code retry} and {@code
   * deadLetters}, the source's {@code retry} and {@code stream.maxBatches}.
   */
  public static StreamRun of(Pipeline pipeline, String input) {
    PipelineSpec spec = pipeline.spec();
    SourceSpec s = spec.sources().get(input);
    if (s == null) {
      throw new InvalidOptionException(
          "no source '" + input + "'; sources: " + spec.sources().keySet());
    }
    return new StreamRun(
        pipeline,
        input,
        spec.retry(),
        s.retry(),
        spec.deadLetters() == null ? null : Path.of(spec.deadLetters()),
        s.stream() == null ? 0 : s.stream().maxBatches());
  }

  public StreamRun withBatchRetry(RetryPolicy p) {
    return new StreamRun(pipeline, input, p, sourceRetry, deadLetters, maxBatches);
  }

  public StreamRun withSourceRetry(RetryPolicy p) {
    return new StreamRun(pipeline, input, batchRetry, p, deadLetters, maxBatches);
  }

  public StreamRun withDeadLetters(Path folder) {
    return new StreamRun(pipeline, input, batchRetry, sourceRetry, folder, maxBatches);
  }

  public StreamRun withMaxBatches(long n) {
    return new StreamRun(pipeline, input, batchRetry, sourceRetry, deadLetters, n);
  }

  /** The stream's id in commits and dead letters: {@code pipeline/input}. */
  public String stream() {
    return pipeline.spec().name() + "/" + input;
  }

  /**
   * The batch source a spec's stream source describes (a folder, a dead-letter folder, or a kind
   * another module provides, such as a Kafka topic).
   */
  static BatchSource source(SourceSpec s) {
    if (s.connector() != null) {
      return Connectors.open(s.connector());
    }
    PipelineSpec.StreamSpec st = s.stream();
    if (st.deadLetters()) {
      return BatchSources.deadLetters(Path.of(s.path()));
    }
    return BatchSources.folder(Path.of(s.path()), s.format(), s.options(), st.poll(), st.idle());
  }

  /**
   * Runs every batch of {@code source} (closing it at the end) and reports each.
   *
   * @throws InvalidPipelineException if a sink cannot take a stream (checked before anything runs)
   */
  public StreamReport run(Frameshift fs, BatchSource source) {
    long t0 = System.nanoTime();
    String stream = stream();
    List<SinkSpec> sinks = pipeline.spec().sinks();
    DeadLetters dead = deadLetters == null ? null : new DeadLetters(deadLetters, stream);
    String sourceName = source.describe();
    List<BatchReport> batches = new ArrayList<>();
    List<DeadLetter> letters = new ArrayList<>();
    Tallies tallies = new Tallies();
    String sourceError = null;
    String resumedAfter = null;
    try (source) {
      Map<Integer, Set<String>> committed = committed(fs, stream);
      Optional<Mark> last = lastCommittedEverywhere(fs, stream, committed);
      if (last.isPresent()) {
        resumedAfter = last.get().batch();
        String position = last.get().position();
        LOG.info("Stream {} resumes after batch {} (position {})", stream, resumedAfter, position);
        try {
          sourceRetry.run(
              "resume " + source.describe(),
              () -> {
                source.resume(position);
                return null;
              });
        } catch (RetryPolicy.Exhausted f) {
          sourceError = f.getMessage();
        }
      }
      Set<String> previousEngines = null;
      String lastPosition = resumedAfter == null ? null : last.get().position();
      for (long taken = 0;
          sourceError == null && (maxBatches <= 0 || taken < maxBatches);
          taken++) {
        Optional<Batch> next;
        try {
          next = sourceRetry.run("read " + source.describe(), source::next);
        } catch (RetryPolicy.Exhausted f) {
          sourceError = f.getMessage();
          LOG.error("Stream {}: the source failed {} times: {}", stream, f.attempts(), sourceError);
          if (dead != null) {
            Path at =
                dead.source(
                    pipeline.spec().name(),
                    stream,
                    source.describe(),
                    lastPosition,
                    f.attempts(),
                    sourceError);
            letters.add(new DeadLetter(null, at, sourceError));
          }
          break;
        }
        if (next.isEmpty()) {
          break;
        }
        Batch b = next.get();
        lastPosition = b.position();
        List<SinkSpec> pending = pending(b, committed);
        if (pending.isEmpty()) {
          Streams.release(b.rows());
          LOG.info("Stream {}: batch {} is in every sink already, skipped", stream, b.id());
          batches.add(
              new BatchReport(
                  b.id(),
                  b.reference(),
                  -1,
                  -1,
                  Map.of(),
                  false,
                  Duration.ZERO,
                  0,
                  Outcome.SKIPPED,
                  List.of(),
                  List.of(),
                  null));
          continue;
        }
        BatchReport r =
            runBatch(
                fs,
                b,
                pending,
                committed,
                stream,
                previousEngines,
                tallies,
                dead,
                sourceName,
                letters);
        batches.add(r);
        if (r.outcome() == Outcome.COMMITTED) {
          previousEngines = r.engines();
        }
      }
    }
    StreamReport report =
        new StreamReport(
            stream,
            source.describe(),
            resumedAfter,
            batches,
            letters,
            sourceError,
            List.copyOf(tallies.engines.values()),
            sinkReports(tallies),
            Duration.ofNanos(System.nanoTime() - t0));
    LOG.info(
        "Stream {} ended: {} batches committed, {} skipped, {} dead letters in {} ms",
        stream,
        report.count(Outcome.COMMITTED),
        report.count(Outcome.SKIPPED),
        report.count(Outcome.DEAD_LETTER),
        report.elapsed().toMillis());
    return report;
  }

  // ==== one batch ============================================================================

  private BatchReport runBatch(
      Frameshift fs,
      Batch b,
      List<SinkSpec> pending,
      Map<Integer, Set<String>> committed,
      String stream,
      Set<String> previousEngines,
      Tallies tallies,
      DeadLetters dead,
      String sourceName,
      List<DeadLetter> letters) {
    long t0 = System.nanoTime();
    DataFrame in = null;
    String error = null;
    Tracer last = null;
    int tries = 0;
    while (tries < batchRetry.attempts()) {
      if (tries > 0) {
        // a commit whose outcome was unknown may have landed: never write a batch twice
        pending = pending(b, refresh(fs, stream, committed));
        if (pending.isEmpty()) {
          LOG.info("Stream {}: batch {} turned out to be in every sink", stream, b.id());
          error = null;
          break;
        }
      }
      tries++;
      Tracer rec = new Tracer();
      last = rec;
      fs.addListener(rec);
      boolean failed = true;
      try {
        if (in == null) {
          in = frame(fs, b.rows());
        }
        long rowsIn = in.count();
        DataFrame out = pipeline.compileOn(fs, input, in);
        out.cache();
        try {
          long rowsOut = out.count();
          Mark mark = new Mark(stream, b.id(), b.position());
          List<String> written = new ArrayList<>();
          for (SinkSpec sink : pending) {
            long w0 = System.nanoTime();
            write(fs, out, sink, mark);
            tallies.sinkNanos.merge(sink.index(), System.nanoTime() - w0, Long::sum);
            committed.get(sink.index()).add(b.id());
            written.add(sink.label());
          }
          failed = false;
          Map<String, Integer> nodes = nodesByEngine(rec.nodes());
          boolean switched = previousEngines != null && !previousEngines.equals(nodes.keySet());
          if (switched) {
            LOG.info(
                "Stream {}: batch {} ({} rows) ran on {}, the batch before on {}",
                stream,
                b.id(),
                rowsIn,
                nodes.keySet(),
                previousEngines);
          }
          LOG.info(
              "Stream {}: batch {} committed: {} rows in, {} out, engines {}, try {}",
              stream,
              b.id(),
              rowsIn,
              rowsOut,
              nodes.keySet(),
              tries);
          return new BatchReport(
              b.id(),
              b.reference(),
              rowsIn,
              rowsOut,
              nodes,
              switched,
              Duration.ofNanos(System.nanoTime() - t0),
              tries,
              Outcome.COMMITTED,
              written,
              rec.fallbacks(),
              null);
        } finally {
          out.unpersist();
        }
      } catch (InvalidPipelineException e) {
        // a step that does not resolve on this batch's columns fails every try alike
        error = e.getMessage();
        break;
      } catch (RuntimeException e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("Stream {}: batch {} failed (try {}): {}", stream, b.id(), tries, error);
        if (tries < batchRetry.attempts()) {
          batchRetry.pauseAfter(tries);
        }
      } finally {
        fs.removeListener(rec);
        tallies.add(rec, failed);
      }
    }
    if (in == null) {
      // rows never imported stay with the batch (Arrow buffers): release them
      Streams.release(b.rows());
    }
    if (error == null) {
      return new BatchReport(
          b.id(),
          b.reference(),
          -1,
          -1,
          Map.of(),
          false,
          Duration.ofNanos(System.nanoTime() - t0),
          tries,
          Outcome.COMMITTED,
          List.of(),
          List.of(),
          null);
    }
    if (dead != null) {
      Path at = dead.batch(pipeline.spec().name(), stream, sourceName, b, in, tries, error);
      letters.add(new DeadLetter(b.id(), at, error));
    }
    return new BatchReport(
        b.id(),
        b.reference(),
        -1,
        -1,
        last == null ? Map.of() : nodesByEngine(last.nodes()),
        false,
        Duration.ofNanos(System.nanoTime() - t0),
        tries,
        Outcome.DEAD_LETTER,
        List.of(),
        last == null ? List.of() : last.fallbacks(),
        error);
  }

  private static DataFrame frame(Frameshift fs, Rows rows) {
    if (rows instanceof Rows.Frame f) {
      return f.frame();
    }
    if (rows instanceof Rows.Arrow a) {
      return fs.fromArrow(a.batches());
    }
    if (rows instanceof Rows.Values v) {
      return fs.createDataFrame(v.schema(), v.rows());
    }
    Rows.Files f = (Rows.Files) rows;
    return fs.read()
        .options(f.options())
        .format(
            Format.valueOf(f.format().toUpperCase(Locale.ROOT)), f.paths().toArray(String[]::new));
  }

  /** Each sink with the time of all its batch writes together. */
  private List<RunReport.SinkReport> sinkReports(Tallies tallies) {
    List<RunReport.SinkReport> out = new ArrayList<>();
    for (SinkSpec sink : pipeline.spec().sinks()) {
      out.add(
          new RunReport.SinkReport(
              sink.label(),
              sink.table() != null
                  ? sink.target(input)
                  : Path.of(sink.target(input)).resolve("batch-<id>").toString(),
              sink.table() != null ? sink.mode() : "overwrite",
              Duration.ofNanos(tallies.sinkNanos.getOrDefault(sink.index(), 0L))));
    }
    return out;
  }

  // ==== sinks and their marks ================================================================

  /** Writes one batch's result to one sink; a table's commit carries the batch's mark. */
  private void write(Frameshift fs, DataFrame out, SinkSpec sink, Mark mark) {
    String target = sink.target(input);
    if (sink.table() == null) {
      DataFrameWriter w = Pipeline.writer(out, sink, WriteMode.OVERWRITE);
      w.save(
          Format.valueOf(sink.format().toUpperCase(Locale.ROOT)),
          batchFolder(target, mark.batch()));
      return;
    }
    if ("upsert".equals(sink.mode())) {
      try {
        fs.table(target)
            .merge(out)
            .onKeys(sink.keys().toArray(String[]::new))
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll()
            .option("tag", mark.toTag())
            .execute();
        return;
      } catch (TableNotFoundException missing) {
        // the first batch creates the table: an upsert into nothing is an insert
      }
    }
    WriteMode mode = "overwrite".equals(sink.mode()) ? WriteMode.OVERWRITE : WriteMode.APPEND;
    Pipeline.writer(out, sink, mode).option("tag", mark.toTag()).table(target);
  }

  /** Where a file sink keeps one batch: {@code path/batch-<id>}. */
  static String batchFolder(String path, String batchId) {
    return Path.of(path).resolve("batch-" + Streams.fileName(batchId)).toString();
  }

  /**
   * The batch ids each table sink holds (by sink index), from the marks of this stream in the
   * table's current snapshot and its ancestors; file sinks start empty and are checked on disk.
   */
  private Map<Integer, Set<String>> committed(Frameshift fs, String stream) {
    Map<Integer, Set<String>> out = new HashMap<>();
    for (SinkSpec sink : pipeline.spec().sinks()) {
      Set<String> ids = new HashSet<>();
      if (sink.table() != null) {
        marks(fs, sink.target(input), stream).forEach(m -> ids.add(m.batch()));
      }
      out.put(sink.index(), ids);
    }
    return out;
  }

  private Map<Integer, Set<String>> refresh(
      Frameshift fs, String stream, Map<Integer, Set<String>> committed) {
    committed.putAll(committed(fs, stream));
    return committed;
  }

  /** This stream's marks in a table, newest first, along the current snapshot's ancestry. */
  private static List<Mark> marks(Frameshift fs, String table, String stream) {
    List<Snapshot> all;
    Optional<Snapshot> current;
    try {
      Table t = fs.table(table);
      all = t.snapshots();
      current = t.currentSnapshot();
    } catch (TableNotFoundException e) {
      return List.of();
    }
    Map<Long, Snapshot> byId = new HashMap<>();
    all.forEach(s -> byId.put(s.id(), s));
    List<Mark> out = new ArrayList<>();
    // snapshots of a rolled-back branch are not in the table's rows: only ancestors count
    for (Snapshot s = current.orElse(null);
        s != null;
        s = s.parentId() == null ? null : byId.get(s.parentId())) {
      Mark.parse(s.summary().get(Snapshot.TAG))
          .filter(m -> m.stream().equals(stream))
          .ifPresent(out::add);
    }
    return out;
  }

  /**
   * The newest mark of the first table sink whose batch every sink holds: where the source resumes.
   * Empty without table sinks or commits (the run then skips batch by batch).
   */
  private Optional<Mark> lastCommittedEverywhere(
      Frameshift fs, String stream, Map<Integer, Set<String>> committed) {
    for (SinkSpec sink : pipeline.spec().sinks()) {
      if (sink.table() != null) {
        for (Mark m : marks(fs, sink.target(input), stream)) {
          if (holdsEverywhere(m.batch(), committed)) {
            return Optional.of(m);
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private boolean holdsEverywhere(String batchId, Map<Integer, Set<String>> committed) {
    for (SinkSpec sink : pipeline.spec().sinks()) {
      if (!holds(sink, batchId, committed)) {
        return false;
      }
    }
    return true;
  }

  /** A table holds a batch when a commit carries its mark; a file sink when its folder exists. */
  private boolean holds(SinkSpec sink, String batchId, Map<Integer, Set<String>> committed) {
    if (sink.table() != null) {
      return committed.get(sink.index()).contains(batchId);
    }
    // the folder appears by an atomic rename only when the whole batch was written
    return Files.isDirectory(Path.of(batchFolder(sink.target(input), batchId)));
  }

  private List<SinkSpec> pending(Batch b, Map<Integer, Set<String>> committed) {
    List<SinkSpec> out = new ArrayList<>();
    for (SinkSpec sink : pipeline.spec().sinks()) {
      if (!holds(sink, b.id(), committed)) {
        out.add(sink);
      }
    }
    return out;
  }

  // ==== retries and statistics ===============================================================

  private static Map<String, Integer> nodesByEngine(List<NodeEvent> nodes) {
    Map<String, Integer> out = new TreeMap<>();
    nodes.forEach(n -> out.merge(n.engine(), 1, Integer::sum));
    return out;
  }

  /** Each engine's share of every try, and each sink's write time. */
  private static final class Tallies {
    final Map<String, EngineUse> engines = new TreeMap<>();
    final Map<Integer, Long> sinkNanos = new HashMap<>();

    /** Counts one try of a batch. */
    void add(Tracer rec, boolean failed) {
      EngineUse.of(rec.nodes(), rec.transfers(), rec.fallbacks(), failed)
          .forEach(e -> EngineUse.add(engines, e));
    }
  }

  // ==== as an input of a batch run ===========================================================

  /** Runs a spec's stream input and reports it as one input of the pipeline's run. */
  static RunReport.InputReport runInput(Pipeline pipeline, Frameshift fs, String input) {
    SourceSpec s = pipeline.spec().sources().get(input);
    StreamRun run = of(pipeline, input);
    Tracer all = new Tracer();
    fs.addListener(all);
    StreamReport r;
    long t0 = System.nanoTime();
    try {
      r = run.run(fs, source(s));
    } catch (FrameshiftException e) {
      // the tables' marks could not be read (a catalog away): nothing ran, the next input may
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.warn("Pipeline {} stream input {} failed: {}", pipeline.spec().name(), input, error);
      return new RunReport.InputReport(
          input,
          s.describe(),
          -1,
          -1,
          Duration.ofNanos(System.nanoTime() - t0),
          List.of(),
          all.nodes(),
          all.transfers(),
          all.fallbacks(),
          error,
          null,
          all.trace(null, -1),
          1,
          null);
    } finally {
      fs.removeListener(all);
    }
    long rowsIn = r.batches().stream().mapToLong(b -> Math.max(0, b.rowsIn())).sum();
    long rowsOut = r.batches().stream().mapToLong(b -> Math.max(0, b.rowsOut())).sum();
    String error = null;
    if (!r.ok()) {
      error =
          (r.sourceError() == null ? "" : "the source failed: " + r.sourceError() + "; ")
              + r.count(Outcome.DEAD_LETTER)
              + " of "
              + r.batches().size()
              + " batches failed"
              + (run.deadLetters() == null ? "" : " (dead letters in " + run.deadLetters() + ")");
    }
    return new RunReport.InputReport(
        input,
        s.describe(),
        rowsIn,
        rowsOut,
        Duration.ofNanos(System.nanoTime() - t0),
        r.sinks(),
        all.nodes(),
        all.transfers(),
        all.fallbacks(),
        error,
        r,
        all.trace(null, rowsOut),
        1,
        null);
  }
}
