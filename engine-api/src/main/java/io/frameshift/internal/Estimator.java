package io.frameshift.internal;

import io.frameshift.Row;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InputException;
import io.frameshift.io.Datasets;
import io.frameshift.io.LocalPaths;
import io.frameshift.io.Source;
import io.frameshift.plan.Distinct;
import io.frameshift.plan.Enrich;
import io.frameshift.plan.Existing;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.MapBatches;
import io.frameshift.plan.Pin;
import io.frameshift.plan.PlanVisitor;
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Estimates each node's output size. Exact for rows in memory, for frames an engine holds with
 * known statistics, and for cached nodes already computed (their kept data, not the plan below, is
 * the input); for a scan, from what the engine that reads its metadata can tell of the data it
 * would read (Parquet footers: the rows of the row groups kept and the heap of the columns read),
 * else from the files' size on disk; through operators by fixed, documented selectivities (filter
 * keeps half, a grouping keeps a tenth, an inner join keeps the larger side), which measured counts
 * will correct.
 *
 * <p>{@link #bounding()} gives the same estimates with every filter, distinct and grouping keeping
 * all its input's rows: the most a node's output may hold as far as the plan tells (a join is still
 * taken to keep its larger side, since its true bound, the product, says nothing). The memory guard
 * sizes what moves into the heap by it, since a guess that is ten times too small there is an
 * out-of-memory error, not a slow plan.
 */
public final class Estimator implements PlanVisitor<Estimate> {
  /** Bytes of text per value in a CSV or JSON file, to turn a file size into rows. */
  private static final long TEXT_BYTES_PER_VALUE = 10;

  private final Function<EngineFrame, FrameStats> stats;
  private final Function<LogicalPlan, Long> observedRows;
  private final Function<LogicalPlan, EngineFrame> cached;
  private final Function<Source, FrameStats> sourceStats;
  private final boolean bounding;
  private final Map<LogicalPlan, Estimate> memo = new IdentityHashMap<>();
  // one answer per node for the whole placement, even if another thread computes a cache meanwhile
  private final Map<LogicalPlan, Optional<EngineFrame>> kept;

  /**
   * An estimator for plans with no cached node.
   *
   * @param stats what the owning engine knows of an existing frame
   * @param observedRows the actual output rows of a node that has run, or null
   */
  public Estimator(
      Function<EngineFrame, FrameStats> stats, Function<LogicalPlan, Long> observedRows) {
    this(stats, observedRows, node -> null);
  }

  /**
   * @param stats what the owning engine knows of an existing frame
   * @param observedRows the actual output rows of a node that has run, or null
   * @param cached the data kept for a cached node that has been computed, or null
   */
  public Estimator(
      Function<EngineFrame, FrameStats> stats,
      Function<LogicalPlan, Long> observedRows,
      Function<LogicalPlan, EngineFrame> cached) {
    this(stats, observedRows, cached, source -> FrameStats.UNKNOWN);
  }

  /**
   * @param stats what the owning engine knows of an existing frame
   * @param observedRows the actual output rows of a node that has run, or null
   * @param cached the data kept for a cached node that has been computed, or null
   * @param sourceStats what the engine reading a source's metadata tells of the data a scan of it
   *     reads (its projected columns, the parts its filter does not rule out), or {@link
   *     FrameStats#UNKNOWN}; the statistics the source was read with are used then
   */
  public Estimator(
      Function<EngineFrame, FrameStats> stats,
      Function<LogicalPlan, Long> observedRows,
      Function<LogicalPlan, EngineFrame> cached,
      Function<Source, FrameStats> sourceStats) {
    this(stats, observedRows, cached, sourceStats, false, new IdentityHashMap<>());
  }

  private Estimator(
      Function<EngineFrame, FrameStats> stats,
      Function<LogicalPlan, Long> observedRows,
      Function<LogicalPlan, EngineFrame> cached,
      Function<Source, FrameStats> sourceStats,
      boolean bounding,
      Map<LogicalPlan, Optional<EngineFrame>> kept) {
    this.stats = stats;
    this.observedRows = observedRows;
    this.cached = cached;
    this.sourceStats = sourceStats;
    this.bounding = bounding;
    this.kept = kept;
  }

  /**
   * This estimator's upper bounds: filters, distincts and groupings keep every input row (see the
   * class comment). It shares this estimator's view of the cache.
   */
  public Estimator bounding() {
    return new Estimator(stats, observedRows, cached, sourceStats, true, kept);
  }

  /**
   * The data kept for {@code node} when it is cached and computed, or null: such a node is a leaf
   * for placement, held by the engine that keeps the data.
   */
  EngineFrame cached(LogicalPlan node) {
    return kept.computeIfAbsent(node, n -> Optional.ofNullable(cached.apply(n))).orElse(null);
  }

  /** The estimate of {@code plan}; each node is estimated once per estimator. */
  public Estimate estimate(LogicalPlan plan) {
    Estimate e = memo.get(plan);
    if (e != null) {
      return e;
    }
    EngineFrame held = cached(plan);
    if (held != null) {
      e = held(held, plan);
    } else {
      e = plan.accept(this);
      Long actual = observedRows.apply(plan);
      if (actual != null) {
        // a measured count replaces the guess; bytes scale with it
        long width = e.rows() > 0 ? e.bytes() / e.rows() : Sizes.rowWidth(plan.schema());
        e = new Estimate(actual, width * actual, true);
      }
    }
    memo.put(plan, e);
    return e;
  }

  private static Estimate scaled(LogicalPlan node, long rows, boolean exact) {
    long r = Math.max(rows, 0);
    return new Estimate(r, r * Sizes.rowWidth(node.schema()), exact);
  }

  @Override
  public Estimate visitScan(Scan scan) {
    // what the data read comes to, known for the source as this plan narrowed it
    FrameStats read = sourceStats.apply(scan.source());
    if (read.rows() >= 0) {
      long bytes = read.bytes() >= 0 ? read.bytes() : read.rows() * Sizes.rowWidth(scan.schema());
      return new Estimate(read.rows(), bytes, read.exact());
    }
    FrameStats known = scan.source().stats();
    if (known.rows() >= 0) {
      // rows from metadata; bytes scale with the share of the columns read
      Schema all = scan.source().schema();
      long bytes =
          known.bytes() >= 0
              ? (long)
                  ((double) known.bytes()
                      * Sizes.rowWidth(scan.schema())
                      / Math.max(1, Sizes.rowWidth(all)))
              : known.rows() * Sizes.rowWidth(scan.schema());
      return new Estimate(known.rows(), bytes, known.exact());
    }
    long fileBytes = 0;
    for (String p : scan.source().paths()) {
      fileBytes += sizeOnDisk(p);
    }
    long rows = fileBytes / Math.max(1, TEXT_BYTES_PER_VALUE * scan.schema().size());
    return scaled(scan, rows, false);
  }

  private static long sizeOnDisk(String path) {
    Path p = LocalPaths.of(path).orElse(null);
    if (p == null) {
      return 0; // remote: no size known without asking its file system
    }
    if (Datasets.isGlob(path)) {
      try {
        return Datasets.list(List.of(path)).bytes();
      } catch (FrameshiftException e) {
        return 0; // the read reports it
      }
    }
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(p)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new InputException("Cannot measure the size of " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Estimate visitValues(Values values) {
    long bytes = 0;
    for (Row r : values.rows()) {
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        bytes += v instanceof String s ? s.length() + 4 : Sizes.width(r.schema().field(i).type());
      }
    }
    return new Estimate(values.rows().size(), bytes, true);
  }

  @Override
  public Estimate visitExisting(Existing existing) {
    return held(existing.frame(), existing);
  }

  /** The size of {@code frame}, which an engine holds for {@code node}, from its statistics. */
  private Estimate held(EngineFrame frame, LogicalPlan node) {
    FrameStats s = stats.apply(frame);
    if (s.rows() < 0) {
      return scaled(node, 0, false);
    }
    long bytes = s.bytes() >= 0 ? s.bytes() : s.rows() * Sizes.rowWidth(node.schema());
    return new Estimate(s.rows(), bytes, s.exact());
  }

  @Override
  public Estimate visitFilter(Filter filter) {
    Estimate in = estimate(filter.child());
    return bounding ? in : new Estimate(in.rows() / 2, in.bytes() / 2, false);
  }

  @Override
  public Estimate visitProject(Project project) {
    Estimate in = estimate(project.child());
    // the input's bytes, to the share of its width the columns kept take: a projection keeping
    // every column of a scan that read only those is the scan's size, whatever a string's guess
    long bytes =
        (long)
            ((double) in.bytes()
                * Sizes.rowWidth(project.schema())
                / Sizes.rowWidth(project.child().schema()));
    return new Estimate(in.rows(), bytes, in.exact());
  }

  @Override
  public Estimate visitGroupBy(GroupBy groupBy) {
    Estimate in = estimate(groupBy.child());
    long rows = groupBy.keys().isEmpty() ? 1 : bounding ? in.rows() : Math.max(1, in.rows() / 10);
    return scaled(groupBy, rows, groupBy.keys().isEmpty());
  }

  @Override
  public Estimate visitJoin(Join join) {
    Estimate l = estimate(join.left());
    Estimate r = estimate(join.right());
    long rows =
        switch (join.spec().type()) {
          case INNER -> Math.max(l.rows(), r.rows());
          case LEFT -> l.rows();
          case RIGHT -> r.rows();
          case FULL -> l.rows() + r.rows();
          case SEMI, ANTI -> l.rows() / 2;
        };
    return scaled(join, rows, false);
  }

  @Override
  public Estimate visitSort(Sort sort) {
    return estimate(sort.child());
  }

  @Override
  public Estimate visitDistinct(Distinct distinct) {
    Estimate in = estimate(distinct.child());
    return bounding ? in : new Estimate(in.rows() / 2, in.bytes() / 2, false);
  }

  @Override
  public Estimate visitLimit(Limit limit) {
    Estimate in = estimate(limit.child());
    long rows = Math.min(in.rows(), limit.n());
    return new Estimate(
        rows, in.rows() == 0 ? 0 : in.bytes() / Math.max(1, in.rows()) * rows, in.exact());
  }

  @Override
  public Estimate visitUnion(Union union) {
    Estimate l = estimate(union.left());
    Estimate r = estimate(union.right());
    return new Estimate(l.rows() + r.rows(), l.bytes() + r.bytes(), l.exact() && r.exact());
  }

  @Override
  public Estimate visitWindowed(Windowed windowed) {
    Estimate in = estimate(windowed.child());
    // a rank limit keeps an unknown share of the rows: the input's count bounds it
    return scaled(windowed, in.rows(), in.exact() && windowed.limit() == null);
  }

  @Override
  public Estimate visitSample(Sample sample) {
    Estimate in = estimate(sample.child());
    if (bounding) {
      return in; // a sample's size is random: its input bounds it
    }
    return new Estimate(
        (long) (in.rows() * sample.fraction()), (long) (in.bytes() * sample.fraction()), false);
  }

  @Override
  public Estimate visitPin(Pin pin) {
    return estimate(pin.child());
  }

  @Override
  public Estimate visitMapBatches(MapBatches m) {
    Estimate in = estimate(m.child());
    // a batch function may keep, drop or add rows: the input's count is the guess
    return scaled(m, in.rows(), false);
  }

  @Override
  public Estimate visitEnrich(Enrich e) {
    Estimate in = estimate(e.child());
    // a row in, a row out (under FAIL the job fails rather than drop one)
    return scaled(e, in.rows(), in.exact());
  }
}
