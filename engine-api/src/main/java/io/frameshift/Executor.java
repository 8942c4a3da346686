package io.frameshift;

import io.frameshift.io.Sink;
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
import io.frameshift.select.Estimator;
import io.frameshift.select.Placement;
import io.frameshift.select.Selector;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: places every node on an engine, then calls the engines node by node, moving a frame
 * to the next node's engine where the placement changes.
 */
final class Executor {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

  private Executor() {}

  /** The frame a plan produced and the engine holding it. */
  record Result(Engine engine, EngineFrame frame) {}

  /** A node with its placement and its placed children. */
  record Placed(LogicalPlan node, Placement placement, List<Placed> children) {}

  static Result run(Frameshift fs, LogicalPlan plan) {
    return execute(fs, place(fs, plan));
  }

  static void write(Frameshift fs, LogicalPlan plan, Sink sink) {
    Result r = run(fs, plan);
    LOG.info("Writing {} {} on {}", sink.format().label(), sink.path(), r.engine().name());
    r.engine().save(r.frame(), sink);
  }

  static String explain(Frameshift fs, LogicalPlan plan) {
    Placed root = place(fs, plan);
    StringBuilder sb =
        new StringBuilder("== Frameshift plan (session mode: ").append(fs.mode()).append(") ==\n");
    render(root, "", "", sb);
    return sb.toString();
  }

  private static void render(Placed p, String first, String rest, StringBuilder sb) {
    Placement pl = p.placement();
    sb.append(first)
        .append(p.node().describe())
        .append("  [")
        .append(pl.engine())
        .append("] ")
        .append(pl.estimate())
        .append(" | ")
        .append(pl.reason());
    List<String> moves = new ArrayList<>();
    for (Placed c : p.children()) {
      if (!c.placement().engine().equals(pl.engine())) {
        moves.add(c.placement().engine() + " -> " + pl.engine());
      }
    }
    if (!moves.isEmpty()) {
      sb.append(" | transfer ").append(String.join(", ", moves));
    }
    sb.append('\n');
    for (int i = 0; i < p.children().size(); i++) {
      boolean last = i == p.children().size() - 1;
      render(p.children().get(i), rest + (last ? "+- " : ":- "), rest + (last ? "   " : ":  "), sb);
    }
  }

  static Placed place(Frameshift fs, LogicalPlan plan) {
    Selector selector = new Selector(fs.selectorConfig(), fs.mode(), fs.availableEngines());
    Estimator estimator = new Estimator(frame -> fs.engine(frame.engine()).stats(frame));
    return place(plan, null, selector, estimator);
  }

  private static Placed place(
      LogicalPlan node, String pinned, Selector selector, Estimator estimator) {
    String pin = node instanceof Pin p ? p.engine() : pinned;
    List<Placed> children = new ArrayList<>();
    for (LogicalPlan c : node.children()) {
      children.add(place(c, pin, selector, estimator));
    }
    List<Placement> inputs = children.stream().map(Placed::placement).toList();
    Placement placement = selector.place(node, pin, estimator.estimate(node), inputs);
    return new Placed(node, placement, children);
  }

  private static Result execute(Frameshift fs, Placed placed) {
    Engine engine = fs.engine(placed.placement().engine());
    List<EngineFrame> inputs = new ArrayList<>();
    for (Placed c : placed.children()) {
      inputs.add(moveTo(fs, execute(fs, c), engine));
    }
    EngineFrame out = placed.node().accept(new NodeRunner(engine, inputs));
    return new Result(engine, out);
  }

  /** Hands a frame to another engine through Arrow batches, released as they are consumed. */
  private static EngineFrame moveTo(Frameshift fs, Result from, Engine to) {
    if (from.engine() == to) {
      return from.frame();
    }
    long start = System.nanoTime();
    EngineFrame moved = to.importArrow(from.engine().exportArrow(from.frame()));
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Transferred a frame from {} to {} in {} ms",
          from.engine().name(),
          to.name(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return moved;
  }

  /** Calls the engine operation of one node on already-computed inputs. */
  private record NodeRunner(Engine engine, List<EngineFrame> in)
      implements PlanVisitor<EngineFrame> {
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
      return engine.filter(in.get(0), filter.condition());
    }

    @Override
    public EngineFrame visitProject(Project project) {
      return engine.project(in.get(0), project.columns());
    }

    @Override
    public EngineFrame visitGroupBy(GroupBy groupBy) {
      return engine.groupBy(in.get(0), groupBy.keys(), groupBy.aggregates());
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
      return engine.union(in.get(0), in.get(1));
    }

    @Override
    public EngineFrame visitWindowed(Windowed windowed) {
      return engine.window(in.get(0), windowed.columns());
    }

    @Override
    public EngineFrame visitSample(Sample sample) {
      return engine.sample(in.get(0), sample.fraction(), sample.seed());
    }

    @Override
    public EngineFrame visitPin(Pin pin) {
      return in.get(0);
    }
  }
}
