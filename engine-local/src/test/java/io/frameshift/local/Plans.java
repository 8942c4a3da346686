package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Row;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.PlanRunner;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs plans built by {@link Analyzer} on a {@link LocalEngine} through the SPI, node by node, and
 * checks that every node's frame has exactly the schema analysis computed.
 */
final class Plans {
  static final LocalEngine ENGINE = new LocalEngine();

  private Plans() {}

  static LogicalPlan values(Schema schema, Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Row.of(schema, r));
    }
    return Analyzer.values(schema, out);
  }

  static Object[] row(Object... values) {
    return values == null ? new Object[] {null} : values; // row(null) passes a null array
  }

  static EngineFrame run(LogicalPlan plan) {
    return run(ENGINE, plan);
  }

  static EngineFrame run(LocalEngine engine, LogicalPlan plan) {
    List<EngineFrame> inputs = new ArrayList<>();
    for (LogicalPlan c : plan.children()) {
      inputs.add(run(engine, c));
    }
    EngineFrame out = PlanRunner.apply(engine, plan, inputs);
    assertThat(out.schema()).as("schema of %s", plan.describe()).isEqualTo(plan.schema());
    return out;
  }

  /** The collected rows as lists of values. */
  static List<List<Object>> rows(LogicalPlan plan) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : ENGINE.collect(run(plan))) {
      out.add(r.values());
    }
    return out;
  }

  static List<Object> column(LogicalPlan plan, String name) {
    List<Object> out = new ArrayList<>();
    for (Row r : ENGINE.collect(run(plan))) {
      out.add(r.get(name));
    }
    return out;
  }

  /** The single value of a one-row, one-column plan. */
  static Object single(LogicalPlan plan) {
    List<List<Object>> rows = rows(plan);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0)).hasSize(1);
    return rows.get(0).get(0);
  }

  /** Evaluates {@code e} over one row of the given values and returns the result. */
  static Object eval(Expr e, Schema schema, Object... rowValues) {
    return single(Analyzer.select(values(schema, rowValues), List.of(e.as("out"))));
  }

  static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }
}
