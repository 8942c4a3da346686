package io.frameshift.mirror;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.StorageLevel;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.EngineException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.LocalEngine;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.Schema;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A third engine, found by {@link java.util.ServiceLoader} like any engine from outside Frameshift:
 * its own name and traits, its work done by the local engine's kernels through the public SPI only.
 * It describes itself as a distributed engine with memory of its own and a start-up cost, so core
 * treats it as it would a cluster, though it never names it.
 *
 * <p>With the setting {@code mirror.unreachable=true} every operation fails as an unreachable
 * cluster does ({@link EngineException}), for fallback tests.
 */
public final class MirrorEngine implements Engine {
  static final String NAME = "mirror";

  static final EngineTraits TRAITS =
      new EngineTraits(
          EngineTraits.Reach.DISTRIBUTED,
          EngineTraits.Memory.OWN,
          250,
          true,
          Set.of(Format.CSV, Format.ARROW, Format.JSON, Format.PARQUET, Format.ICEBERG),
          Set.of(Format.CSV, Format.ARROW, Format.JSON, Format.PARQUET, Format.ICEBERG),
          false);

  private final LocalEngine kernels = new LocalEngine();
  private final boolean unreachable;

  MirrorEngine(Map<String, String> config) {
    this.unreachable = Boolean.parseBoolean(config.getOrDefault("mirror.unreachable", "false"));
  }

  /** A frame of the local kernels, owned by the mirror. */
  private record MirrorFrame(EngineFrame inner) implements EngineFrame {
    @Override
    public Schema schema() {
      return inner.schema();
    }

    @Override
    public String engine() {
      return NAME;
    }
  }

  private EngineFrame in(EngineFrame frame) {
    if (unreachable) {
      throw new EngineException("the mirror cluster is unreachable");
    }
    if (!(frame instanceof MirrorFrame m)) {
      throw new EngineException(
          "The mirror engine was handed a frame of engine '" + frame.engine() + "'");
    }
    return m.inner();
  }

  private EngineFrame out(EngineFrame inner) {
    return new MirrorFrame(inner);
  }

  private LocalEngine kernels() {
    if (unreachable) {
      throw new EngineException("the mirror cluster is unreachable");
    }
    return kernels;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The local engine's, and distributed, as its traits say. */
  @Override
  public Set<Capability> capabilities() {
    Set<Capability> all = EnumSet.of(Capability.DISTRIBUTED);
    all.addAll(kernels.capabilities());
    return Set.copyOf(all);
  }

  @Override
  public CostProfile.EngineCosts calibrate(Calibration.Run run) {
    return run.measure(DataFrame::count, TRAITS.startupMillis());
  }

  @Override
  public Schema inferSchema(Source source) {
    return kernels().inferSchema(source);
  }

  @Override
  public EngineFrame load(Source source) {
    return out(kernels().load(source));
  }

  @Override
  public EngineFrame create(Schema schema, List<Row> rows) {
    return out(kernels().create(schema, rows));
  }

  @Override
  public void save(EngineFrame frame, Sink sink) {
    kernels.save(in(frame), sink);
  }

  @Override
  public EngineFrame filter(EngineFrame frame, Expr predicate) {
    return out(kernels.filter(in(frame), predicate));
  }

  @Override
  public EngineFrame project(EngineFrame frame, List<Expr> columns, Schema schema) {
    return out(kernels.project(in(frame), columns, schema));
  }

  @Override
  public EngineFrame groupBy(
      EngineFrame frame, List<Expr> keys, List<Expr> aggregates, Schema schema) {
    return out(kernels.groupBy(in(frame), keys, aggregates, schema));
  }

  @Override
  public EngineFrame join(EngineFrame left, EngineFrame right, JoinSpec spec) {
    return out(kernels.join(in(left), in(right), spec));
  }

  @Override
  public EngineFrame sort(EngineFrame frame, List<SortKey> keys) {
    return out(kernels.sort(in(frame), keys));
  }

  @Override
  public EngineFrame distinct(EngineFrame frame, List<String> columns) {
    return out(kernels.distinct(in(frame), columns));
  }

  @Override
  public EngineFrame limit(EngineFrame frame, long n) {
    return out(kernels.limit(in(frame), n));
  }

  @Override
  public EngineFrame union(EngineFrame left, EngineFrame right, Schema schema) {
    return out(kernels.union(in(left), in(right), schema));
  }

  @Override
  public EngineFrame window(EngineFrame frame, List<Expr> columns, Schema schema) {
    return out(kernels.window(in(frame), columns, schema));
  }

  @Override
  public EngineFrame mapBatches(
      EngineFrame frame, io.frameshift.arrow.BatchFunction fn, Schema schema) {
    return out(kernels.mapBatches(in(frame), fn, schema));
  }

  @Override
  public EngineFrame enrich(EngineFrame frame, io.frameshift.spi.EnrichCall call) {
    return out(kernels.enrich(in(frame), call));
  }

  @Override
  public EngineFrame sample(EngineFrame frame, double fraction, long seed) {
    return out(kernels.sample(in(frame), fraction, seed));
  }

  @Override
  public EngineFrame persist(EngineFrame frame, StorageLevel level) {
    return out(kernels.persist(in(frame), level));
  }

  @Override
  public void unpersist(EngineFrame frame) {
    kernels.unpersist(in(frame));
  }

  @Override
  public List<Row> collect(EngineFrame frame) {
    return kernels.collect(in(frame));
  }

  @Override
  public long count(EngineFrame frame) {
    return kernels.count(in(frame));
  }

  @Override
  public ArrowBatches exportArrow(EngineFrame frame) {
    return kernels.exportArrow(in(frame));
  }

  @Override
  public EngineFrame importArrow(ArrowBatches batches) {
    return out(kernels().importArrow(batches));
  }

  @Override
  public FrameStats stats(EngineFrame frame) {
    return frame instanceof MirrorFrame m ? kernels.stats(m.inner()) : FrameStats.UNKNOWN;
  }

  @Override
  public void close() {
    kernels.close();
  }
}
