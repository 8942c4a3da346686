package io.frameshift.spi;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the {@link Engine} operation of each plan node: the one mapping from plan nodes to SPI
 * calls, used by the session's executor node by node, and by engine authors to run a whole analysed
 * plan on one engine (for instance in an engine's own tests).
 */
public final class PlanRunner {
  private PlanRunner() {}

  /** Runs {@code node} on {@code engine} over inputs already computed on that engine. */
  public static EngineFrame apply(Engine engine, LogicalPlan node, List<EngineFrame> inputs) {
    return apply(engine, node, inputs, Progress.NONE);
  }

  /**
   * Runs {@code node} on {@code engine} over inputs already computed on that engine; a scan reports
   * what it reads to {@code read} ({@link Engine#load(io.frameshift.io.Source, Progress)}).
   */
  public static EngineFrame apply(
      Engine engine, LogicalPlan node, List<EngineFrame> inputs, Progress read) {
    return node.accept(new NodeRunner(engine, inputs, read));
  }

  /** Runs a whole plan on one engine, children first. */
  public static EngineFrame run(Engine engine, LogicalPlan plan) {
    List<EngineFrame> inputs = new ArrayList<>();
    for (LogicalPlan c : plan.children()) {
      inputs.add(run(engine, c));
    }
    return apply(engine, plan, inputs);
  }

  /** Calls the engine operation of one node on already-computed inputs. */
  private record NodeRunner(Engine engine, List<EngineFrame> in, Progress read)
      implements PlanVisitor<EngineFrame> {
    @Override
    public EngineFrame visitScan(Scan scan) {
      return engine.load(scan.source(), read);
    }

    @Override
    public EngineFrame visitValues(Values values) {
      return engine.create(values.schema(), values.rows());
    }

    @Override
    public EngineFrame visitExisting(Existing existing) {
      return existing.frame();
    }

    @Override
    public EngineFrame visitFilter(Filter filter) {
      return engine.filter(in.get(0), filter.condition());
    }

    @Override
    public EngineFrame visitProject(Project project) {
      return engine.project(in.get(0), project.columns(), project.schema());
    }

    @Override
    public EngineFrame visitGroupBy(GroupBy groupBy) {
      return engine.groupBy(in.get(0), groupBy.keys(), groupBy.aggregates(), groupBy.schema());
    }

    @Override
    public EngineFrame visitJoin(Join join) {
      return engine.join(in.get(0), in.get(1), join.spec());
    }

    @Override
    public EngineFrame visitSort(Sort sort) {
      return engine.sort(in.get(0), sort.keys());
    }

    @Override
    public EngineFrame visitDistinct(Distinct distinct) {
      return engine.distinct(in.get(0), distinct.columns());
    }

    @Override
    public EngineFrame visitLimit(Limit limit) {
      return engine.limit(in.get(0), limit.n());
    }

    @Override
    public EngineFrame visitUnion(Union union) {
      return engine.union(in.get(0), in.get(1), union.schema());
    }

    @Override
    public EngineFrame visitWindowed(Windowed windowed) {
      return windowed.limit() == null
          ? engine.window(in.get(0), windowed.columns(), windowed.schema())
          : engine.window(in.get(0), windowed.columns(), windowed.schema(), windowed.limit());
    }

    @Override
    public EngineFrame visitSample(Sample sample) {
      return engine.sample(in.get(0), sample.fraction(), sample.seed());
    }

    @Override
    public EngineFrame visitPin(Pin pin) {
      return in.get(0);
    }

    @Override
    public EngineFrame visitMapBatches(MapBatches m) {
      return engine.mapBatches(in.get(0), m.function(), m.schema());
    }

    @Override
    public EngineFrame visitEnrich(Enrich e) {
      return engine.enrich(in.get(0), e.call());
    }
  }
}
