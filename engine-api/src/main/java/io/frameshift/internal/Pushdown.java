package io.frameshift.internal;

import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.UserCall;
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
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Scan pushdown, applied to a plan as it is prepared for execution: a chain of filters and
 * projections directly above a scan tells the scan which columns the plan needs ({@link
 * Source#columns()}) and which conditions its rows must meet ({@link Source#filter()}, a hint the
 * engine may use to skip data). The filters and projections stay in the plan, so results do not
 * change; a scan reading fewer columns changes only the schemas of the filters between it and the
 * first projection above it.
 *
 * <p>Nothing is pushed into a node the user cached from above it: its data stands for the whole
 * subtree, whatever reads it. Below it, its own chain is narrowed as any other (a cached {@code
 * read().select(a, b)} reads two columns), which never changes the cached node's output; the
 * rewritten node is reported to the caller, who keys the cache by the node the user cached. A plan
 * with nothing to push is returned as the same object.
 */
final class Pushdown {
  private Pushdown() {}

  /** {@code plan} with every scan under a filter/projection chain narrowed. */
  static LogicalPlan apply(LogicalPlan plan, Predicate<LogicalPlan> cached) {
    return apply(plan, cached, (rewritten, original) -> {});
  }

  /**
   * As {@link #apply(LogicalPlan, Predicate)}, telling {@code rewrote} of each cached node
   * rewritten inside (the new node, then the cached one).
   */
  static LogicalPlan apply(
      LogicalPlan plan,
      Predicate<LogicalPlan> cached,
      BiConsumer<LogicalPlan, LogicalPlan> rewrote) {
    boolean isCached = cached.test(plan);
    LogicalPlan out = narrowed(plan, cached, rewrote, isCached);
    if (isCached && out != plan) {
      rewrote.accept(out, plan);
    }
    return out;
  }

  /** {@code plan} narrowed; {@code top} lets a cached {@code plan} head its own chain. */
  private static LogicalPlan narrowed(
      LogicalPlan plan,
      Predicate<LogicalPlan> cached,
      BiConsumer<LogicalPlan, LogicalPlan> rewrote,
      boolean top) {
    if (plan instanceof Filter || plan instanceof Project) {
      LogicalPlan pushed = chain(plan, cached, top);
      if (pushed != null) {
        return pushed;
      }
    }
    List<LogicalPlan> kids = plan.children();
    List<LogicalPlan> rewritten = new ArrayList<>(kids.size());
    boolean changed = false;
    for (LogicalPlan k : kids) {
      LogicalPlan r = apply(k, cached, rewrote);
      changed |= r != k;
      rewritten.add(r);
    }
    return changed ? withChildren(plan, rewritten) : plan;
  }

  /**
   * The chain of filters and projections starting at {@code top} rebuilt over a narrowed scan; null
   * when it does not end at a scan (the caller then looks further down) or nothing narrows.
   */
  private static LogicalPlan chain(
      LogicalPlan top, Predicate<LogicalPlan> cached, boolean cachedTop) {
    List<LogicalPlan> nodes = new ArrayList<>();
    LogicalPlan n = top;
    while ((n instanceof Filter || n instanceof Project)
        && (!cached.test(n) || (cachedTop && n == top))) {
      nodes.add(n);
      n = n.children().get(0);
    }
    if (!(n instanceof Scan scan) || cached.test(scan) || nodes.isEmpty()) {
      return null;
    }
    // top down: the names each level needs, ending with those the scan must give
    Set<String> needed = new HashSet<>(top.schema().names());
    boolean projected = false;
    for (LogicalPlan node : nodes) {
      if (node instanceof Filter f) {
        needed.addAll(references(f.condition()));
      } else {
        projected = true;
        needed = new HashSet<>();
        for (Expr e : ((Project) node).columns()) {
          needed.addAll(references(e));
        }
      }
    }
    // bottom up: which names of each level are scan columns passed through, for the filters
    Map<String, String> fromScan = identity(scan.schema().names());
    List<Expr> conditions = new ArrayList<>();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i) instanceof Filter f) {
        for (Expr c : RankLimits.conjuncts(f.condition())) {
          if (c.anyMatch(x -> x instanceof UserCall)) {
            // no engine skips data by a user function, and a scan that applied the hint would
            // call the function twice per row (and a nondeterministic one with other results)
            continue;
          }
          Expr mapped = rename(c, fromScan);
          if (mapped != null) {
            conditions.add(mapped);
          }
        }
      } else {
        Map<String, String> above = new HashMap<>();
        for (Expr e : ((Project) nodes.get(i)).columns()) {
          Expr value = e instanceof Alias a ? a.input() : e;
          if (value instanceof Column c && fromScan.containsKey(c.name())) {
            above.put(e.outputName(), fromScan.get(c.name()));
          }
        }
        fromScan = above;
      }
    }
    Source source = scan.source();
    List<String> columns = null;
    if (projected) {
      List<String> kept = new ArrayList<>();
      for (String name : source.projectedSchema().names()) {
        if (needed.contains(name)) {
          kept.add(name);
        }
      }
      if (kept.size() < source.projectedSchema().size()) {
        columns = kept;
      }
    }
    Expr filter = and(source.filter(), conditions);
    if (columns == null && filter == source.filter()) {
      return null;
    }
    Source narrowed = source;
    if (columns != null) {
      narrowed = narrowed.withColumns(columns);
    }
    LogicalPlan rebuilt = new Scan(narrowed.withFilter(filter));
    for (int i = nodes.size() - 1; i >= 0; i--) {
      rebuilt = withChildren(nodes.get(i), List.of(rebuilt));
    }
    return rebuilt;
  }

  private static Map<String, String> identity(List<String> names) {
    Map<String, String> m = new HashMap<>();
    for (String n : names) {
      m.put(n, n);
    }
    return m;
  }

  /**
   * {@code e} over the scan's names, if every column it reads reaches the scan unchanged through
   * the projections between; else null (the condition is not pushed).
   */
  private static Expr rename(Expr e, Map<String, String> fromScan) {
    for (String r : references(e)) {
      if (!fromScan.containsKey(r)) {
        return null;
      }
    }
    return e.transformUp(x -> x instanceof Column c ? new Column(fromScan.get(c.name())) : x);
  }

  private static Set<String> references(Expr e) {
    Set<String> out = new HashSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, Set<String> out) {
    if (e instanceof Column c) {
      out.add(c.name());
    }
    for (Expr k : e.children()) {
      collect(k, out);
    }
  }

  private static Expr and(Expr already, List<Expr> more) {
    Expr out = already;
    for (Expr c : more) {
      if (out == null) {
        out = c;
      } else if (!RankLimits.conjuncts(out).contains(c)) {
        out = new Call(Function.AND, List.of(out, c));
      }
    }
    return out;
  }

  /** {@code node} over new children (same count and order as {@link LogicalPlan#children()}). */
  static LogicalPlan withChildren(LogicalPlan node, List<LogicalPlan> c) {
    if (node instanceof Filter f) {
      return new Filter(c.get(0), f.condition());
    } else if (node instanceof Project p) {
      return new Project(c.get(0), p.columns(), p.schema());
    } else if (node instanceof GroupBy g) {
      return new GroupBy(c.get(0), g.keys(), g.aggregates(), g.schema());
    } else if (node instanceof Join j) {
      return new Join(c.get(0), c.get(1), j.spec(), j.schema());
    } else if (node instanceof Sort s) {
      return new Sort(c.get(0), s.keys());
    } else if (node instanceof Distinct d) {
      return new Distinct(c.get(0), d.columns());
    } else if (node instanceof Limit l) {
      return new Limit(c.get(0), l.n());
    } else if (node instanceof Union u) {
      return new Union(c.get(0), c.get(1), u.schema());
    } else if (node instanceof Windowed w) {
      return new Windowed(c.get(0), w.columns(), w.schema(), w.limit());
    } else if (node instanceof Sample s) {
      return new Sample(c.get(0), s.fraction(), s.seed());
    } else if (node instanceof Pin p) {
      return new Pin(c.get(0), p.engine());
    } else if (node instanceof MapBatches m) {
      return new MapBatches(c.get(0), m.function(), m.schema());
    } else if (node instanceof Enrich e) {
      return new Enrich(c.get(0), e.call());
    } else if (node instanceof Scan || node instanceof Values || node instanceof Existing) {
      return node;
    }
    throw new IllegalStateException("Unknown plan node " + node.describe());
  }
}
