package io.frameshift.local;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.StorageLevel;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.BatchFunction;
import io.frameshift.error.EngineException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.SortKey;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.format.Formats;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.EnrichCall;
import io.frameshift.spi.ExprTypes;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.JoinSpec;
import io.frameshift.spi.Progress;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The in-process engine: frames are computed eagerly, node by node, into Tablesaw-backed columns
 * with null masks of their own ({@link LocalFrame}), by kernels that work a column at a time over
 * primitive values. Follows docs/semantics.md exactly.
 */
public final class LocalEngine implements Engine {
  static final String NAME = LocalFrame.ENGINE;

  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(
          EnumSet.of(
              Capability.READ_CSV,
              Capability.WRITE_CSV,
              Capability.READ_ARROW,
              Capability.WRITE_ARROW,
              Capability.READ_JSON,
              Capability.WRITE_JSON,
              Capability.READ_PARQUET,
              Capability.WRITE_PARQUET,
              Capability.READ_ICEBERG,
              Capability.WRITE_ICEBERG));

  /**
   * The formats the engine reads and writes: tables too, their data files read and written by the
   * engine's own Parquet reader and writer, the table's provider planning and committing them.
   */
  private static final Set<Format> FORMATS =
      Set.of(Format.CSV, Format.ARROW, Format.JSON, Format.PARQUET, Format.ICEBERG);

  /**
   * In this JVM, its frames in the heap (so the memory guard applies), nothing to start, eager:
   * where small work and schema inference go.
   */
  static final EngineTraits TRAITS =
      new EngineTraits(
          EngineTraits.Reach.IN_PROCESS, EngineTraits.Memory.HEAP, 0, true, FORMATS, FORMATS, true);

  private final Formats formats;
  private final Parallelism parallelism;
  private volatile boolean closed;

  /** An engine with a pool of one thread per core. */
  public LocalEngine() {
    this(Map.of());
  }

  /** An engine configured by {@code settings} ({@code frameshift.local.threads}). */
  public LocalEngine(Map<String, String> settings) {
    this(Parallelism.threads(settings), staged -> {});
  }

  /** With a hook that runs on each write's staged output just before it is committed. */
  LocalEngine(Consumer<Path> beforeCommit) {
    this(Parallelism.threads(Map.of()), beforeCommit);
  }

  private LocalEngine(int threads, Consumer<Path> beforeCommit) {
    this.formats = new Formats(beforeCommit);
    this.parallelism = new Parallelism(threads);
  }

  /** The engine's own threads, for tests. */
  Parallelism parallelism() {
    return parallelism;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** Each node is computed when it is called, so a count runs a whole job; nothing to start. */
  @Override
  public CostProfile.EngineCosts calibrate(Calibration.Run run) {
    return run.measure(DataFrame::count, 0);
  }

  // ---- input and output -------------------------------------------------------------------------

  @Override
  public Schema inferSchema(Source source) {
    open();
    requireFormat(source.format(), "read");
    return formats.inferSchema(source);
  }

  @Override
  public EngineFrame load(Source source) {
    return load(source, Progress.NONE);
  }

  @Override
  public EngineFrame load(Source source, Progress read) {
    return parallelism.run(
        () -> {
          open();
          requireFormat(source.format(), "read");
          if (source.schema() == null) {
            throw new IllegalArgumentException("load needs a source with a schema: " + source);
          }
          return formats.read(source, read);
        });
  }

  @Override
  public void save(EngineFrame frame, Sink sink) {
    save(frame, sink, Progress.NONE);
  }

  @Override
  public void save(EngineFrame frame, Sink sink, Progress written) {
    LocalFrame f = local(frame);
    requireFormat(sink.format(), "write");
    // as the Spark engine: hive folders for the formats whose readers take partition columns
    if (!sink.partitionBy().isEmpty()
        && sink.format() != Format.JSON
        && sink.format() != Format.PARQUET) {
      throw new UnsupportedCapabilityException(
          "The local engine writes partitioned (partitionBy) parquet and json only, not "
              + sink.format().label());
    }
    // on the pool: a writer splits large frames into part files written in parallel
    parallelism.run(
        () -> {
          formats.write(f, sink, written);
          return null;
        });
  }

  /** Parquet footers give exact row counts; other formats give nothing without reading. */
  @Override
  public FrameStats sourceStats(Source source) {
    open();
    return source.format() == Format.PARQUET
        ? parallelism.run(() -> formats.stats(source))
        : FrameStats.UNKNOWN;
  }

  /** Refuses {@code format} unless the engine reads and writes it. */
  private static void requireFormat(Format format, String verb) {
    if (!FORMATS.contains(format)) {
      throw new UnsupportedCapabilityException(
          "The local engine cannot "
              + verb
              + " "
              + format.label()
              + "; it reads and writes only csv, json, arrow, parquet and tables (capabilities "
              + CAPABILITIES.stream().map(Enum::name).sorted().collect(Collectors.joining(", "))
              + ")");
    }
  }

  @Override
  public EngineFrame create(Schema schema, List<Row> rows) {
    return parallelism.run(
        () -> {
          open();
          List<Vec> columns = new ArrayList<>(schema.size());
          for (int c = 0; c < schema.size(); c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) {
              values[r] = rows.get(r).get(c);
            }
            columns.add(Vec.ofObjects(schema.field(c).type(), values, schema.field(c).name()));
          }
          return new LocalFrame(schema, columns, rows.size());
        });
  }

  @Override
  public List<Row> collect(EngineFrame frame) {
    LocalFrame f = local(frame);
    Schema schema = f.schema();
    Object[][] columns = new Object[schema.size()][];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = f.column(c).objects();
    }
    List<Row> rows = new ArrayList<>(f.rows());
    for (int r = 0; r < f.rows(); r++) {
      Object[] values = new Object[columns.length];
      for (int c = 0; c < values.length; c++) {
        values[c] = columns[c][r];
      }
      rows.add(Row.trusted(schema, values));
    }
    return rows;
  }

  @Override
  public long count(EngineFrame frame) {
    return local(frame).rows();
  }

  @Override
  public FrameStats stats(EngineFrame frame) {
    LocalFrame f = local(frame);
    // a computed frame: the row count is known; bytes are estimated as for in-memory Values
    return new FrameStats(f.rows(), f.estimatedBytes(), true);
  }

  /**
   * The frame itself, whatever the level: local frames are computed when made and held in the heap,
   * so there is nothing to compute or move; keeping the frame referenced is what keeps the data.
   */
  @Override
  public EngineFrame persist(EngineFrame frame, StorageLevel level) {
    return local(frame);
  }

  /** Nothing to release: the data goes with the last reference to the frame. */
  @Override
  public void unpersist(EngineFrame frame) {
    local(frame);
  }

  // ---- relational operations --------------------------------------------------------------------

  @Override
  public EngineFrame filter(EngineFrame in, Expr predicate) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          int n = f.rows();
          int[] keep = new int[n];
          int m = 0;
          if (predicate instanceof Call c
              && (c.function() == Function.IS_NOT_NULL || c.function() == Function.IS_NULL)
              && c.arg(0) instanceof Column column) {
            // a column's null test reads its null mask: no boolean column is built and read back (a
            // cost per row that a cold JVM pays in full, e.g. db-benchmark's q8 "v3 IS NOT NULL")
            long[] nulls = f.column(column.name()).nulls();
            boolean wantNull = c.function() == Function.IS_NULL;
            if (nulls == null) {
              return wantNull ? f.take(new int[0]) : f;
            }
            for (int i = 0; i < n; i++) {
              if (Bits.get(nulls, i) == wantNull) {
                keep[m++] = i;
              }
            }
            return m == n ? f : f.take(Arrays.copyOf(keep, m));
          }
          Vec test = Evaluator.eval(predicate, f);
          for (int i = 0; i < n; i++) {
            if (!test.isNull(i) && test.bool(i)) {
              keep[m++] = i;
            }
          }
          return m == n ? f : f.take(Arrays.copyOf(keep, m));
        });
  }

  @Override
  public EngineFrame project(EngineFrame in, List<Expr> columns, Schema schema) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          List<Vec> vecs = new ArrayList<>();
          for (Expr e : columns) {
            vecs.add(
                e instanceof Column c
                    ? f.column(c.name())
                    : Evaluator.eval(((Alias) e).input(), f));
          }
          return new LocalFrame(schema, vecs, f.rows());
        });
  }

  @Override
  public EngineFrame groupBy(
      EngineFrame in, List<Expr> keys, List<Expr> aggregates, Schema schema) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          int n = f.rows();
          List<Vec> keyVecs = new ArrayList<>();
          for (Expr k : keys) {
            keyVecs.add(Evaluator.eval(k, f));
          }
          Grouping g = Grouping.of(keyVecs, n);
          int[] groupOf = g.groupOf();
          int keyCount = keyVecs.size();
          GroupSizes sizes = new GroupSizes(groupOf, g.groups());
          Vec[] results = new Vec[keyCount + aggregates.size()];
          // key columns and aggregates are independent: with enough rows each takes a core
          Parallelism.forEach(
              results.length,
              n,
              c -> {
                if (c < keyCount) {
                  results[c] = Keys.canonical(keyVecs.get(c).take(g.firstRow()));
                  return;
                }
                int i = c - keyCount;
                Aggregate agg = (Aggregate) ((Alias) aggregates.get(i)).input();
                Accumulator acc = Accumulator.of(agg, f, ExprTypes.typeOf(agg, f.schema()));
                acc.init(g.groups(), g.groups());
                if (n > 0) {
                  // every group then has a row (only the one group of no keys over no rows has
                  // none)
                  acc.countsFrom(sizes);
                }
                acc.addAll(groupOf, g.groups());
                for (int gi = 0; gi < g.groups(); gi++) {
                  acc.emit(gi, gi);
                }
                results[c] = acc.finish();
              });
          return new LocalFrame(schema, List.of(results), g.groups());
        });
  }

  @Override
  public EngineFrame join(EngineFrame left, EngineFrame right, JoinSpec spec) {
    return parallelism.run(
        () -> {
          return Joins.join(local(left), local(right), spec);
        });
  }

  @Override
  public EngineFrame sort(EngineFrame in, List<SortKey> keys) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          List<Order.Key> ks = new ArrayList<>();
          for (SortKey k : keys) {
            ks.add(new Order.Key(Evaluator.eval(k.expr(), f), k.ascending(), k.nullsFirstOrder()));
          }
          int[] idx = new int[f.rows()];
          for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
          }
          IntComparator cmp = Order.rows(ks);
          if (idx.length >= Parallelism.PARALLEL_ROWS) {
            // ties keep no guaranteed order (docs/semantics.md), so an unstable sort may use both
            // cores
            IntArrays.parallelQuickSort(idx, cmp);
          } else {
            IntArrays.mergeSort(idx, cmp);
          }
          return f.take(idx);
        });
  }

  @Override
  public EngineFrame distinct(EngineFrame in, List<String> columns) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          if (f.rows() == 0) {
            return f;
          }
          List<String> names = columns.isEmpty() ? f.schema().names() : columns;
          List<Vec> keys = new ArrayList<>();
          for (String c : names) {
            keys.add(f.column(c));
          }
          // one row of each duplicate set survives as it is (a -0.0 stays -0.0)
          return f.take(Grouping.of(keys, f.rows()).firstRow());
        });
  }

  @Override
  public EngineFrame limit(EngineFrame in, long n) {
    LocalFrame f = local(in);
    if (n >= f.rows()) {
      return f;
    }
    int[] idx = new int[(int) Math.max(0, n)];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    return f.take(idx);
  }

  @Override
  public EngineFrame union(EngineFrame left, EngineFrame right, Schema schema) {
    return parallelism.run(
        () -> {
          return LocalFrame.concat(schema, List.of(local(left), local(right)));
        });
  }

  @Override
  public EngineFrame window(EngineFrame in, List<Expr> columns, Schema schema) {
    return Windows.apply(local(in), columns, schema);
  }

  @Override
  public EngineFrame window(EngineFrame in, List<Expr> columns, Schema schema, RankLimit limit) {
    return parallelism.run(
        () -> {
          return Windows.apply(local(in), columns, schema, limit);
        });
  }

  /** Per exported chunk ({@link ArrowExport#BATCH_ROWS} rows), each output imported at once. */
  @Override
  public EngineFrame mapBatches(EngineFrame in, BatchFunction fn, Schema schema) {
    return parallelism.run(
        () -> {
          open();
          return ArrowImport.importBatches(
              BatchFunction.map(ArrowExport.export(local(in)), fn, schema, "batch"));
        });
  }

  /** Per chunk as {@link #mapBatches}; the whole rate is this JVM's. */
  @Override
  public EngineFrame enrich(EngineFrame in, EnrichCall call) {
    return mapBatches(in, call.function(1), call.output());
  }

  @Override
  public EngineFrame sample(EngineFrame in, double fraction, long seed) {
    return parallelism.run(
        () -> {
          LocalFrame f = local(in);
          SplittableRandom random = new SplittableRandom(seed);
          int[] keep = new int[f.rows()];
          int m = 0;
          for (int i = 0; i < f.rows(); i++) {
            if (random.nextDouble() < fraction) {
              keep[m++] = i;
            }
          }
          return f.take(Arrays.copyOf(keep, m));
        });
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  @Override
  public void close() {
    closed = true;
    parallelism.close();
  }

  private void open() {
    if (closed) {
      throw new EngineException("The local engine is closed");
    }
  }

  private LocalFrame local(EngineFrame frame) {
    open();
    if (frame instanceof LocalFrame f) {
      return f;
    }
    throw new EngineException(
        "The local engine cannot operate on a frame of engine '"
            + frame.engine()
            + "'; move it to the local engine first");
  }

  @Override
  public String toString() {
    return "LocalEngine";
  }

  @Override
  public ArrowBatches exportArrow(EngineFrame frame) {
    return ArrowExport.export(local(frame));
  }

  @Override
  public EngineFrame importArrow(ArrowBatches batches) {
    if (closed) {
      batches.close(); // the stream was handed over: release it before refusing
    }
    open();
    return ArrowImport.importBatches(batches);
  }
}
