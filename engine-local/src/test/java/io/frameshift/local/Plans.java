package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Row;
import io.frameshift.expr.Expr;
import io.frameshift.plan.Analyzer;
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
import io.frameshift.spi.EngineFrame;
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
    EngineFrame out = plan.accept(new Runner(engine));
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

  private record Runner(LocalEngine engine) implements PlanVisitor<EngineFrame> {
    private EngineFrame child(LogicalPlan p) {
      return run(engine, p);
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
    public EngineFrame visitFilter(Filter f) {
      return engine.filter(child(f.child()), f.condition());
    }

    @Override
    public EngineFrame visitProject(Project p) {
      return engine.project(child(p.child()), p.columns());
    }

    @Override
    public EngineFrame visitGroupBy(GroupBy g) {
      return engine.groupBy(child(g.child()), g.keys(), g.aggregates());
    }

    @Override
    public EngineFrame visitJoin(Join j) {
      return engine.join(child(j.left()), child(j.right()), j.spec());
    }

    @Override
    public EngineFrame visitSort(Sort s) {
      return engine.sort(child(s.child()), s.keys());
    }

    @Override
    public EngineFrame visitDistinct(Distinct d) {
      return engine.distinct(child(d.child()), d.columns());
    }

    @Override
    public EngineFrame visitLimit(Limit l) {
      return engine.limit(child(l.child()), l.n());
    }

    @Override
    public EngineFrame visitUnion(Union u) {
      return engine.union(child(u.left()), child(u.right()));
    }

    @Override
    public EngineFrame visitWindowed(Windowed w) {
      return engine.window(child(w.child()), w.columns());
    }

    @Override
    public EngineFrame visitSample(Sample s) {
      return engine.sample(child(s.child()), s.fraction(), s.seed());
    }

    @Override
    public EngineFrame visitPin(Pin p) {
      return child(p.child());
    }
  }
}
