package io.frameshift.spark;

import io.frameshift.Row;
import io.frameshift.plan.Distinct;
import io.frameshift.plan.Existing;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.plan.PlanVisitor;
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import java.util.List;

/**
 * Runs an analysed plan on one engine node by node, as the session's executor does: tests build
 * plans with {@link io.frameshift.plan.Analyzer}, so the engine sees exactly the resolved input it
 * gets in production (casts inserted, outputs named).
 */
final class PlanRunner implements PlanVisitor<EngineFrame> {
  private final Engine engine;

  PlanRunner(Engine engine) {
    this.engine = engine;
  }

  static EngineFrame frame(Engine engine, LogicalPlan plan) {
    EngineFrame f = plan.accept(new PlanRunner(engine));
    if (!f.schema().equals(plan.schema())) {
      throw new AssertionError(
          "engine schema " + f.schema() + " differs from analysed " + plan.schema());
    }
    if (f instanceof SparkFrame sf) {
      // The Dataset itself must carry exactly the analysed names and types, not just the label.
      var actual = sf.dataset().schema();
      var expected = SparkTypes.toSpark(plan.schema());
      for (int i = 0; i < expected.size(); i++) {
        if (!actual.fields()[i].name().equals(expected.fields()[i].name())
            || !actual.fields()[i].dataType().equals(expected.fields()[i].dataType())) {
          throw new AssertionError("Spark schema " + actual + " differs from " + expected);
        }
      }
      if (actual.size() != expected.size()) {
        throw new AssertionError("Spark schema " + actual + " differs from " + expected);
      }
    }
    return f;
  }

  static List<Row> collect(Engine engine, LogicalPlan plan) {
    return engine.collect(frame(engine, plan));
  }

  private EngineFrame run(LogicalPlan p) {
    return p.accept(this);
  }

  @Override
  public EngineFrame visitScan(Scan scan) {
    return engine.load(scan.source());
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
    return engine.filter(run(filter.child()), filter.condition());
  }

  @Override
  public EngineFrame visitProject(Project project) {
    return engine.project(run(project.child()), project.columns());
  }

  @Override
  public EngineFrame visitGroupBy(GroupBy groupBy) {
    return engine.groupBy(run(groupBy.child()), groupBy.keys(), groupBy.aggregates());
  }

  @Override
  public EngineFrame visitJoin(Join join) {
    return engine.join(run(join.left()), run(join.right()), join.spec());
  }

  @Override
  public EngineFrame visitSort(Sort sort) {
    return engine.sort(run(sort.child()), sort.keys());
  }

  @Override
  public EngineFrame visitDistinct(Distinct distinct) {
    return engine.distinct(run(distinct.child()), distinct.columns());
  }

  @Override
  public EngineFrame visitLimit(Limit limit) {
    return engine.limit(run(limit.child()), limit.n());
  }

  @Override
  public EngineFrame visitUnion(Union union) {
    return engine.union(run(union.left()), run(union.right()));
  }

  @Override
  public EngineFrame visitWindowed(Windowed windowed) {
    return engine.window(run(windowed.child()), windowed.columns());
  }

  @Override
  public EngineFrame visitSample(Sample sample) {
    return engine.sample(run(sample.child()), sample.fraction(), sample.seed());
  }

  @Override
  public EngineFrame visitPin(Pin pin) {
    return run(pin.child());
  }
}
