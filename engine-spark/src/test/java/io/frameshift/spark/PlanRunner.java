package io.frameshift.spark;

import io.frameshift.Row;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import java.util.List;

/**
 * Runs an analysed plan on one engine node by node, as the session's executor does: tests build
 * plans with {@link io.frameshift.internal.Analyzer}, so the engine sees exactly the resolved input
 * it gets in production (casts inserted, outputs named).
 */
final class PlanRunner {
  static EngineFrame frame(Engine engine, LogicalPlan plan) {
    List<EngineFrame> inputs = new java.util.ArrayList<>();
    for (LogicalPlan c : plan.children()) {
      inputs.add(frame(engine, c));
    }
    EngineFrame f = io.frameshift.spi.PlanRunner.apply(engine, plan, inputs);
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
}
