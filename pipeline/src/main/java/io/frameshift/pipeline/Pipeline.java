package io.frameshift.pipeline;

import io.frameshift.DataFrame;
import io.frameshift.DataFrameReader;
import io.frameshift.DataFrameWriter;
import io.frameshift.Frameshift;
import io.frameshift.JoinType;
import io.frameshift.WriteMode;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InputException;
import io.frameshift.error.TableNotFoundException;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.expr.SortKey;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.Window;
import io.frameshift.expr.WindowSpec;
import io.frameshift.io.Format;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import io.frameshift.pipeline.PipelineSpec.SinkSpec;
import io.frameshift.pipeline.PipelineSpec.SourceSpec;
import io.frameshift.pipeline.RunReport.InputReport;
import io.frameshift.pipeline.RunReport.SinkReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline: a validated {@link PipelineSpec} compiled into DataFrame calls. Load one with {@link
 * #load(Path)}, check it against the real source schemas with {@link #check(Frameshift)}, run it
 * with {@link #run(Frameshift)}.
 *
 * <pre>{@code
 * try (Frameshift fs = Frameshift.create()) {
 *   RunReport report = Pipeline.load(Path.of("orders.yaml")).run(fs);
 *   report.writeHtml(Path.of("report.html"));
 * }
 * }</pre>
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final PipelineSpec spec;
  private final RestApiSources restApis = new RestApiSources();

  private Pipeline(PipelineSpec spec) {
    this.spec = spec;
  }

  /**
   * Reads and validates a YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}) spec. Relative
   * source and sink paths in it are taken from the spec file's folder.
   *
   * @throws InvalidPipelineException listing every problem, each with file, line and field
   */
  public static Pipeline load(Path file) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      return new Pipeline(
          SpecReader.read(Files.readString(file, StandardCharsets.UTF_8), file.toString(), folder));
    } catch (IOException e) {
      throw new InvalidPipelineException(
          List.of(new Problem(file.toString(), 0, 0, "spec", "", "cannot read it: " + e)));
    }
  }

  /**
   * Parses and validates spec text; {@code file} names it in messages and picks YAML or JSON.
   * Relative paths stay relative to the working directory.
   */
  public static Pipeline parse(String text, String file) {
    return new Pipeline(SpecReader.read(text, file, null));
  }

  public PipelineSpec spec() {
    return spec;
  }

  /** The same pipeline on another engine ({@code auto}, {@code local}, {@code spark}). */
  public Pipeline withEngine(String engine) {
    return new Pipeline(
        new PipelineSpec(
            spec.file(),
            spec.name(),
            engine,
            spec.inputs(),
            spec.sources(),
            spec.steps(),
            spec.sinks(),
            spec.retry(),
            spec.deadLetters()));
  }

  /**
   * Resolves every step against the sources' real schemas without running anything: an unknown
   * column, a type mismatch or a source that cannot be read fails here.
   *
   * @throws InvalidPipelineException naming the step, its line and field
   */
  public void check(Frameshift fs) {
    check(fs, true);
  }

  /**
   * {@link #check(Frameshift)}; with {@code sourcesToo} false a source that cannot be read is no
   * problem here: a run tries it again under its retry policy, as any failure of an input.
   */
  private void check(Frameshift fs, boolean sourcesToo) {
    List<Problem> problems = new ArrayList<>();
    for (String input : spec.inputs()) {
      if (spec.sources().get(input).stream() != null) {
        continue; // its batches arrive while it runs; each is resolved then
      }
      try {
        frame(fs, input, new HashMap<>());
      } catch (StepFailure f) {
        if (sourcesToo || !f.source) {
          problems.add(f.problem);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems);
    }
  }

  /** The frame the steps make from {@code input}, placed as the spec says; nothing runs yet. */
  public DataFrame compile(Frameshift fs, String input) {
    try {
      return frame(fs, input, new HashMap<>());
    } catch (StepFailure f) {
      throw new InvalidPipelineException(List.of(f.problem));
    }
  }

  /**
   * Runs the pipeline over each input in turn into every sink. A batch input's read is tried as its
   * source's {@code retry} says, its steps and writes as the pipeline's {@code retry} says (a write
   * that succeeded is not repeated); an input that fails every try is recorded in the report (with
   * its error, and in the pipeline's {@code deadLetters} folder when it has one) and the run goes
   * on with the next; {@link RunReport#ok()} tells whether all succeeded.
   *
   * @throws InvalidPipelineException if a step does not resolve against the sources (nothing is
   *     written then)
   */
  public RunReport run(Frameshift fs) {
    return run(fs, RunProgress.NONE);
  }

  /** {@link #run(Frameshift)}, telling {@code progress} as each input starts and ends. */
  public RunReport run(Frameshift fs, RunProgress progress) {
    restApis.clear();
    check(fs, false);
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    List<InputReport> inputs = new ArrayList<>();
    int total = spec.inputs().size();
    for (String input : spec.inputs()) {
      progress.started(input, inputs.size() + 1, total);
      InputReport done =
          spec.sources().get(input).stream() != null
              ? StreamRun.runInput(this, fs, input)
              : runInput(fs, input);
      inputs.add(done);
      progress.finished(done, inputs.size(), total);
    }
    RunReport report =
        new RunReport(
            spec.name(),
            spec.file(),
            spec.engine(),
            started,
            Duration.ofNanos(System.nanoTime() - t0),
            inputs);
    LOG.info(
        "Pipeline {} finished in {} ms: {} of {} inputs ok",
        spec.name(),
        report.elapsed().toMillis(),
        inputs.stream().filter(InputReport::ok).count(),
        inputs.size());
    return report;
  }

  private InputReport runInput(Frameshift fs, String input) {
    SourceSpec source = spec.sources().get(input);
    Tracer rec = new Tracer();
    fs.addListener(rec);
    long t0 = System.nanoTime();
    List<SinkSpec> pending = new ArrayList<>(spec.sinks());
    List<SinkReport> sinks = new ArrayList<>();
    long[] rows = {-1, -1};
    int[] tries = {0, 0};
    String[] placed = {null};
    String error = null;
    String deadLetter = null;
    try {
      rows[0] =
          source
              .retry()
              .run(
                  "read " + source.describe(),
                  () -> {
                    tries[0]++;
                    return rec.phase("count " + input, false, () -> read(fs, source).count());
                  });
      spec.retry()
          .run(
              "run input " + input,
              () -> {
                tries[1]++;
                compute(fs, input, rec, pending, sinks, rows, placed);
                return null;
              });
    } catch (InvalidPipelineException e) {
      error = e.problems().get(0).toString();
    } catch (RetryPolicy.Exhausted e) {
      error = e.getMessage() + (e.attempts() > 1 ? " (" + e.attempts() + " tries)" : "");
      LOG.warn("Pipeline {} input {} failed: {}", spec.name(), input, error);
      deadLetter = deadLetter(fs, source, rows[0] >= 0, e.attempts(), e.getMessage());
    } finally {
      fs.removeListener(rec);
    }
    return new InputReport(
        input,
        source.describe(),
        rows[0],
        rows[1],
        Duration.ofNanos(System.nanoTime() - t0),
        sinks,
        rec.nodes(),
        rec.transfers(),
        rec.fallbacks(),
        error,
        null,
        rec.trace(placed[0], rows[1]),
        Math.max(1, Math.max(tries[0], tries[1])),
        deadLetter);
  }

  /**
   * One try of a batch input's steps and of the writes still {@code pending}; each sink written
   * leaves {@code pending}, so a later try does not write it again.
   */
  private void compute(
      Frameshift fs,
      String input,
      Tracer rec,
      List<SinkSpec> pending,
      List<SinkReport> sinks,
      long[] rows,
      String[] placed) {
    DataFrame out;
    try {
      out = frame(fs, input, new HashMap<>());
    } catch (StepFailure f) {
      if (f.source) {
        throw (RuntimeException) f.getCause();
      }
      throw new InvalidPipelineException(List.of(f.problem));
    }
    // counted once and kept, so the sinks write what was counted without recomputing it
    out.cache();
    try {
      // the placement the run is about to make, for the report's plan
      placed[0] = out.explainJson();
      rows[1] = rec.phase("compute", true, out::count);
      LOG.info("Pipeline {} input {}: {} rows in, {} out", spec.name(), input, rows[0], rows[1]);
      while (!pending.isEmpty()) {
        SinkSpec sink = pending.get(0);
        sinks.add(rec.phase("write " + sink.label(), false, () -> write(fs, out, sink, input)));
        pending.remove(0);
      }
    } finally {
      out.unpersist();
    }
  }

  /**
   * Records a batch input that failed every try in the pipeline's dead-letter folder, as a stream
   * batch is: a file source by its files, so a later run can take them again; another source by a
   * Parquet copy of its rows when they could be read ({@code readOk}), else by its error alone.
   * Returns the record's path, or null without a folder.
   */
  private String deadLetter(
      Frameshift fs, SourceSpec source, boolean readOk, int attempts, String error) {
    if (spec.deadLetters() == null) {
      return null;
    }
    String stream = spec.name() + "/" + source.name();
    DeadLetters dead = new DeadLetters(Path.of(spec.deadLetters()), stream);
    try {
      if (source.path() != null && source.format() != null) {
        BatchSource.Rows rows =
            new BatchSource.Rows.Files(source.format(), List.of(source.path()), source.options());
        BatchSource.Batch b = new BatchSource.Batch(source.name(), "", source.describe(), rows);
        return dead.batch(spec.name(), stream, source.describe(), b, null, attempts, error)
            .toString();
      }
      if (readOk) {
        DataFrame frame = read(fs, source);
        BatchSource.Batch b =
            new BatchSource.Batch(
                source.name(), "", source.describe(), new BatchSource.Rows.Frame(frame));
        return dead.batch(spec.name(), stream, source.describe(), b, frame, attempts, error)
            .toString();
      }
      return dead.source(spec.name(), stream, source.describe(), null, attempts, error).toString();
    } catch (FrameshiftException e) {
      LOG.error("Pipeline {}: cannot record the dead letter of {}: {}", spec.name(), stream, e);
      return null;
    }
  }

  private SinkReport write(Frameshift fs, DataFrame out, SinkSpec sink, String input) {
    long t0 = System.nanoTime();
    String target = sink.target(input);
    if (sink.table() != null && "upsert".equals(sink.mode())) {
      try {
        fs.table(target).upsert(out, sink.keys().toArray(String[]::new));
      } catch (TableNotFoundException missing) {
        // the first run creates the table; an upsert into nothing is an insert
        writer(out, sink, WriteMode.APPEND).table(target);
      }
    } else if (sink.table() != null) {
      writer(out, sink, mode(sink.mode())).table(target);
    } else {
      writer(out, sink, mode(sink.mode()))
          .save(Format.valueOf(sink.format().toUpperCase(Locale.ROOT)), target);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    LOG.info(
        "Pipeline {} wrote input {} to {} in {} ms", spec.name(), input, target, took.toMillis());
    return new SinkReport(sink.label(), target, sink.mode(), took);
  }

  static DataFrameWriter writer(DataFrame out, SinkSpec sink, WriteMode mode) {
    DataFrameWriter w = out.write().mode(mode);
    sink.options().forEach(w::option);
    if (!sink.partitionBy().isEmpty()) {
      w.partitionBy(sink.partitionBy().toArray(String[]::new));
    }
    return w;
  }

  private static WriteMode mode(String mode) {
    return switch (mode) {
      case "overwrite" -> WriteMode.OVERWRITE;
      case "append" -> WriteMode.APPEND;
      case "ignore" -> WriteMode.IGNORE;
      default -> WriteMode.ERROR_IF_EXISTS;
    };
  }

  /** The frame the steps make from {@code rows} standing in for {@code input} (a stream batch). */
  DataFrame compileOn(Frameshift fs, String input, DataFrame rows) {
    Map<String, DataFrame> read = new HashMap<>();
    read.put(input, rows);
    try {
      return frame(fs, input, read);
    } catch (StepFailure f) {
      throw new InvalidPipelineException(List.of(f.problem));
    }
  }

  // ==== compiling ============================================================================

  private DataFrame frame(Frameshift fs, String input, Map<String, DataFrame> read) {
    DataFrame df = source(fs, input, read);
    for (Step step : spec.steps()) {
      try {
        df = step.accept(new Compiler(fs, df, read));
        if (step.header().engine() != null && !"auto".equals(step.header().engine())) {
          // pins this step and those before it that have no engine of their own (Pin's subtree)
          df = df.on(step.header().engine());
        }
      } catch (FrameshiftException e) {
        throw new StepFailure(
            new Problem(
                spec.file(),
                step.header().line(),
                step.header().column(),
                step.header().label(),
                step.kind(),
                "on input '" + input + "': " + e.getMessage()));
      }
    }
    if (!"auto".equals(spec.engine())) {
      df = df.on(spec.engine());
    }
    return df;
  }

  private DataFrame source(Frameshift fs, String name, Map<String, DataFrame> read) {
    DataFrame df = read.get(name);
    if (df == null) {
      try {
        df = read(fs, spec.sources().get(name));
      } catch (FrameshiftException e) {
        throw new StepFailure(
            new Problem(
                spec.file(),
                spec.sources().get(name).line(),
                spec.sources().get(name).column(),
                "sources." + name,
                "",
                e.getMessage()),
            e);
      }
      read.put(name, df);
    }
    return df;
  }

  private DataFrame read(Frameshift fs, SourceSpec s) {
    if (s.restApi() != null) {
      return restApis.read(fs, s.name(), s.restApi());
    }
    if (s.connector() != null) {
      throw new InputException(
          "Source "
              + s.name()
              + " is a "
              + s.connector().kind()
              + " stream: its rows are read batch by batch while a run goes through it, not as"
              + " one frame");
    }
    if (s.stream() != null && s.stream().deadLetters()) {
      throw new InputException(
          "Source "
              + s.name()
              + " is a dead-letter folder: its rows are read batch by batch while a run goes"
              + " through it, not as one frame");
    }
    DataFrameReader r = fs.read().options(s.options());
    if (s.table() != null) {
      return r.table(s.table());
    }
    return r.format(Format.valueOf(s.format().toUpperCase(Locale.ROOT)), s.path());
  }

  /** A step that does not resolve; carries its problem out of the visitor. */
  private static final class StepFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    /** Whether a source could not be read (its cause the error), rather than a step resolve. */
    private final boolean source;

    StepFailure(Problem problem) {
      super(problem.toString(), null, false, false);
      this.problem = problem;
      this.source = false;
    }

    StepFailure(Problem problem, FrameshiftException cause) {
      super(problem.toString(), cause, false, false);
      this.problem = problem;
      this.source = true;
    }
  }

  /** Applies one step to the frame so far: one DataFrame call per step kind. */
  private final class Compiler implements Step.Visitor<DataFrame> {
    private final Frameshift fs;
    private final DataFrame df;
    private final Map<String, DataFrame> read;

    Compiler(Frameshift fs, DataFrame df, Map<String, DataFrame> read) {
      this.fs = fs;
      this.df = df;
      this.read = read;
    }

    @Override
    public DataFrame visitFilter(Step.Filter s) {
      return df.filter(s.condition());
    }

    @Override
    public DataFrame visitSelect(Step.Select s) {
      return df.select(s.columns().toArray(String[]::new));
    }

    @Override
    public DataFrame visitWithColumn(Step.WithColumn s) {
      return df.withColumn(s.name(), Expr.parse(s.expr()));
    }

    @Override
    public DataFrame visitRename(Step.Rename s) {
      DataFrame out = df;
      for (Map.Entry<String, String> e : s.mapping().entrySet()) {
        out = out.rename(e.getKey(), e.getValue());
      }
      return out;
    }

    @Override
    public DataFrame visitDropDuplicates(Step.DropDuplicates s) {
      return s.columns().isEmpty()
          ? df.distinct()
          : df.dropDuplicates(s.columns().toArray(String[]::new));
    }

    @Override
    public DataFrame visitGroupBy(Step.GroupBy s) {
      Expr[] aggs =
          s.aggregates().entrySet().stream()
              .map(e -> Expr.parse(e.getValue()).as(e.getKey()))
              .toArray(Expr[]::new);
      return df.groupBy(s.keys().toArray(String[]::new)).agg(aggs);
    }

    @Override
    public DataFrame visitJoin(Step.Join s) {
      return df.join(
          source(fs, s.with(), read),
          JoinType.valueOf(s.type().toUpperCase(Locale.ROOT)),
          s.on().toArray(String[]::new));
    }

    @Override
    public DataFrame visitSort(Step.Sort s) {
      return df.sort(sortKeys(s.keys()));
    }

    @Override
    public DataFrame visitWindow(Step.Window s) {
      WindowSpec w =
          Window.partitionBy(s.partitionBy().toArray(String[]::new)).orderBy(sortKeys(s.orderBy()));
      DataFrame out = df;
      for (Map.Entry<String, String> e : s.columns().entrySet()) {
        out =
            out.withColumn(
                e.getKey(), WindowFunctions.parse(e.getValue(), !s.orderBy().isEmpty()).over(w));
      }
      return out;
    }

    @Override
    public DataFrame visitUdf(Step.Udf s) {
      // bound by name when the frame is analysed: an unknown name fails listing the registered
      return df.withColumn(
          s.as(),
          new UserCall(s.name(), null, s.args().stream().<Expr>map(Functions::col).toList()));
    }

    @Override
    public DataFrame visitLimit(Step.Limit s) {
      return df.limit(s.n());
    }
  }

  private static SortKey[] sortKeys(List<Step.SortItem> items) {
    SortKey[] keys = new SortKey[items.size()];
    for (int i = 0; i < keys.length; i++) {
      Step.SortItem item = items.get(i);
      Column c = new Column(item.column());
      SortKey k = item.descending() ? SortKey.desc(c) : SortKey.asc(c);
      if ("first".equals(item.nulls())) {
        k = k.nullsFirst();
      } else if ("last".equals(item.nulls())) {
        k = k.nullsLast();
      }
      keys[i] = k;
    }
    return keys;
  }

  /** Writes {@code html} to {@code file}, creating its folder. */
  static void writeFile(Path file, String html) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
