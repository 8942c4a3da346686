package io.frameshift.internal;

import io.frameshift.JoinType;
import io.frameshift.Row;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.AggregateFunction;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.RankingFunction;
import io.frameshift.expr.SortKey;
import io.frameshift.internal.Resolver.Scope;
import io.frameshift.io.Source;
import io.frameshift.plan.Distinct;
import io.frameshift.plan.Existing;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the plan nodes of the DataFrame operations and checks them before anything runs. Each
 * expression is resolved against its input, which also types it and makes every implicit conversion
 * explicit; here the resolved expressions get their output names and schemas, and an operation that
 * takes expressions apart (a window or an aggregate nested in a larger expression) becomes the
 * nodes that compute the parts first.
 */
public final class Analyzer {
  private Analyzer() {}

  // The two expression entry points are here only because other packages (the DataFrame, engines
  // through ExprTypes) cannot reach the package-private Resolver.

  /** The type of an already-resolved expression over {@code input}. */
  public static DataType typeOf(Expr resolved, Schema input) {
    return Resolver.typeOf(resolved, input);
  }

  /**
   * Resolves a scalar expression over {@code input}: names checked, types coerced explicitly.
   * Aggregates and window functions are rejected.
   */
  public static Expr resolveScalar(Expr e, Schema input) {
    return Resolver.resolveScalar(e, input);
  }

  public static LogicalPlan scan(Source source) {
    if (source.schema() == null) {
      throw new IllegalArgumentException("scan needs a source with a resolved schema");
    }
    return new Scan(source);
  }

  public static LogicalPlan values(Schema schema, List<Row> rows) {
    for (Row r : rows) {
      if (!r.schema().equals(schema)) {
        throw new AnalysisException(
            "Row " + r + " has schema " + r.schema() + ", expected " + schema);
      }
    }
    return new Values(schema, rows);
  }

  public static LogicalPlan existing(EngineFrame frame) {
    return new Existing(frame);
  }

  /** Runs {@code fn} over {@code child}'s Arrow batches, giving batches of {@code schema}. */
  public static LogicalPlan mapBatches(
      LogicalPlan child, io.frameshift.arrow.BatchFunction fn, Schema schema) {
    if (fn == null || schema == null || schema.size() == 0) {
      throw new AnalysisException(
          "mapBatches needs a batch function and an output schema of at least one column, got "
              + (fn == null ? "no function" : "schema " + schema));
    }
    return new io.frameshift.plan.MapBatches(child, fn, schema);
  }

  /**
   * Calls the service {@code spec} describes for each row of {@code child}: checks that the columns
   * the request and the keys name exist and that the added columns are new, and finds the runtime
   * now, so that a frame that cannot run fails when it is built.
   */
  public static LogicalPlan enrich(LogicalPlan child, io.frameshift.enrich.EnrichSpec spec) {
    java.util.Objects.requireNonNull(spec, "spec");
    Schema in = child.schema();
    List<String> available = in.names();
    checkColumns(spec.urlColumns(), in, "URL template " + spec.url());
    checkColumns(spec.bodyColumns(), in, "JSON body");
    checkColumns(spec.keys(), in, "key");
    if (spec.batchRows() > 1 && !spec.urlColumns().isEmpty()) {
      throw new AnalysisException(
          "Enrichment "
              + spec.name()
              + " calls per "
              + spec.batchRows()
              + " rows, but its URL"
              + " template "
              + spec.url()
              + " takes values of one row ("
              + spec.urlColumns()
              + "); send them in the body instead");
    }
    if (spec.outputs().isEmpty()) {
      throw new AnalysisException(
          "Enrichment "
              + spec.name()
              + " adds no column: name what to read from the answer with"
              + " output(name, pointer, type)");
    }
    List<io.frameshift.types.Field> fields = new ArrayList<>(in.fields());
    List<String> added = new ArrayList<>();
    for (io.frameshift.enrich.OutputField o : spec.outputs()) {
      added.add(o.name());
    }
    if (spec.onFailure() == io.frameshift.enrich.FailurePolicy.CONTINUE) {
      added.add(spec.errorColumn());
    }
    for (int i = 0; i < added.size(); i++) {
      String name = added.get(i);
      if (in.contains(name) || added.subList(0, i).contains(name)) {
        throw new AnalysisException(
            "Enrichment "
                + spec.name()
                + " would add column '"
                + name
                + "', which "
                + (in.contains(name) ? "the frame has already" : "it adds twice")
                + "; choose another name (frame columns: "
                + available
                + ", added: "
                + added
                + ")");
      }
    }
    for (io.frameshift.enrich.OutputField o : spec.outputs()) {
      fields.add(io.frameshift.types.Field.of(o.name(), o.type()));
    }
    if (spec.onFailure() == io.frameshift.enrich.FailurePolicy.CONTINUE) {
      fields.add(
          io.frameshift.types.Field.of(spec.errorColumn(), io.frameshift.types.DataType.STRING));
    }
    io.frameshift.spi.EnrichCall.runtime();
    return new io.frameshift.plan.Enrich(
        child,
        new io.frameshift.spi.EnrichCall(
            spec, in, Schema.of(fields), java.util.UUID.randomUUID().toString()));
  }

  private static void checkColumns(List<String> names, Schema in, String where) {
    for (String n : names) {
      if (!in.contains(n)) {
        throw new io.frameshift.error.ColumnNotFoundException(
            n, in.names(), "Column '" + n + "' of the enrichment's " + where + " not found");
      }
    }
  }

  public static LogicalPlan filter(LogicalPlan child, Expr condition) {
    return RankLimits.pushInto(
        new Filter(child, Resolver.condition("Filter", condition, child.schema())));
  }

  /**
   * Computes {@code exprs} over {@code child}. Window expressions anywhere in them are computed by
   * a {@link Windowed} node first.
   */
  public static LogicalPlan select(LogicalPlan child, List<Expr> exprs) {
    Extracted windows = extract(exprs, e -> e instanceof Over, "__w");
    LogicalPlan in = child;
    if (!windows.extracted.isEmpty()) {
      in = windowed(child, windows.extracted);
    }
    return project(in, windows.rewritten);
  }

  private static LogicalPlan project(LogicalPlan child, List<Expr> exprs) {
    List<Expr> out = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Expr e : exprs) {
      Typed r = new Resolver(child.schema(), Scope.ROW).resolve(e);
      String name = e.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Duplicate output column '"
                + name
                + "' in select; give one of them another name with .as(..)");
      }
      Expr named = named(r.settled(), name);
      out.add(named);
      DataType t = r.settledType();
      boolean nullable = !(named instanceof Column c) || child.schema().field(c.name()).nullable();
      fields.add(new Field(name, t, nullable));
    }
    return new Project(child, out, Schema.of(fields));
  }

  /**
   * Groups by {@code keys} and computes {@code aggregates}. An aggregate used inside a larger
   * expression ({@code sum("a").div(count())}) is computed first and the expression on top.
   */
  public static LogicalPlan groupBy(LogicalPlan child, List<Expr> keys, List<Expr> aggregates) {
    if (aggregates.isEmpty()) {
      throw new AnalysisException("agg(..) needs at least one aggregate, e.g. count()");
    }
    List<Expr> resolvedKeys = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Expr k : keys) {
      Typed r = new Resolver(child.schema(), Scope.ROW).resolve(k);
      String name = k.outputName();
      if (!names.add(name)) {
        throw new AnalysisException("Duplicate group key '" + name + "'");
      }
      resolvedKeys.add(named(r.settled(), name));
      fields.add(Field.of(name, r.settledType()));
    }
    boolean allTopLevel = aggregates.stream().allMatch(Analyzer::isTopLevelAggregate);
    List<Expr> aggs = aggregates;
    Extracted nested = null;
    if (!allTopLevel) {
      nested = extract(aggregates, e -> e instanceof Aggregate, "__a");
      aggs = nested.extracted;
    }
    List<Expr> resolvedAggs = new ArrayList<>();
    for (Expr a : aggs) {
      Typed r = new Resolver(child.schema(), Scope.AGGREGATE).resolve(a);
      String name = a.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Duplicate output column '"
                + name
                + "' in agg; give one of them another name with .as(..)");
      }
      Expr named = r.expr() instanceof Alias ? r.expr() : new Alias(r.expr(), name);
      resolvedAggs.add(named);
      boolean isCount =
          ((Alias) named).input() instanceof Aggregate g
              && (g.function() == AggregateFunction.COUNT
                  || g.function() == AggregateFunction.COUNT_DISTINCT);
      fields.add(new Field(name, r.type(), !isCount));
    }
    LogicalPlan grouped = new GroupBy(child, resolvedKeys, resolvedAggs, Schema.of(fields));
    if (nested == null) {
      return grouped;
    }
    List<Expr> top = new ArrayList<>();
    for (Expr k : resolvedKeys) {
      top.add(new Column(k.outputName()));
    }
    top.addAll(nested.rewritten);
    return project(grouped, top);
  }

  /** {@code resolved} computed as the output column {@code name}: aliased unless it is already. */
  private static Expr named(Expr resolved, String name) {
    if (resolved instanceof Column c && c.name().equals(name) || resolved instanceof Alias) {
      return resolved;
    }
    return new Alias(resolved, name);
  }

  private static boolean isTopLevelAggregate(Expr e) {
    Expr inner = e instanceof Alias a ? a.input() : e;
    return inner instanceof Aggregate;
  }

  private record Extracted(List<Expr> rewritten, List<Expr> extracted) {}

  /**
   * Replaces each sub-expression matching {@code what} by a column {@code prefix + i}, keeping the
   * output names, and returns the replaced sub-expressions aliased to those columns.
   */
  private static Extracted extract(
      List<Expr> exprs, java.util.function.Predicate<Expr> what, String prefix) {
    Map<Expr, String> found = new LinkedHashMap<>();
    List<Expr> rewritten = new ArrayList<>();
    for (Expr e : exprs) {
      if (!e.anyMatch(what)) {
        rewritten.add(e);
        continue;
      }
      Expr top = e instanceof Alias a ? a.input() : e;
      String name = e.outputName();
      if (what.test(top)) {
        // the whole item is the extracted expression: compute it under its own name
        found.put(top, name);
        rewritten.add(new Column(name));
        continue;
      }
      Expr replaced =
          transformDown(
              e, what, x -> new Column(found.computeIfAbsent(x, k -> prefix + found.size())));
      rewritten.add(replaced instanceof Alias ? replaced : new Alias(replaced, name));
    }
    List<Expr> extracted = new ArrayList<>();
    found.forEach((x, n) -> extracted.add(new Alias(x, n)));
    return new Extracted(rewritten, extracted);
  }

  private static Expr transformDown(
      Expr e, java.util.function.Predicate<Expr> what, java.util.function.Function<Expr, Expr> fn) {
    if (what.test(e)) {
      return fn.apply(e);
    }
    List<Expr> kids = e.children();
    if (kids.isEmpty()) {
      return e;
    }
    List<Expr> out = new ArrayList<>();
    for (Expr k : kids) {
      out.add(transformDown(k, what, fn));
    }
    return e.withChildren(out);
  }

  /** Appends window columns; each item must be an {@link Over}, optionally aliased. */
  public static LogicalPlan windowed(LogicalPlan child, List<Expr> windowColumns) {
    List<Expr> out = new ArrayList<>();
    List<Field> fields = new ArrayList<>(child.schema().fields());
    Set<String> names = new HashSet<>(child.schema().names());
    for (Expr w : windowColumns) {
      Typed r = new Resolver(child.schema(), Scope.WINDOW).resolve(w);
      String name = w.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Window column '" + name + "' clashes with an existing column; choose another name");
      }
      out.add(r.expr() instanceof Alias ? r.expr() : new Alias(r.expr(), name));
      Expr inner = ((Alias) out.get(out.size() - 1)).input();
      boolean nullable =
          !(inner instanceof Over o
              && o.function() instanceof Ranking rk
              && rk.function() != RankingFunction.LAG
              && rk.function() != RankingFunction.LEAD);
      fields.add(new Field(name, r.type(), nullable));
    }
    return new Windowed(child, out, Schema.of(fields));
  }

  public static LogicalPlan join(
      LogicalPlan left, LogicalPlan right, JoinType type, List<String> keys, String suffix) {
    if (keys.isEmpty()) {
      throw new AnalysisException("A join needs at least one key column, or a condition");
    }
    LogicalPlan l = left;
    LogicalPlan r = right;
    Map<String, DataType> leftCasts = new LinkedHashMap<>();
    Map<String, DataType> rightCasts = new LinkedHashMap<>();
    for (String k : keys) {
      DataType lt = keyType(left.schema(), k, "left");
      DataType rt = keyType(right.schema(), k, "right");
      if (!lt.equals(rt)) {
        DataType common = TypeRules.commonType(lt, rt);
        if (common == null) {
          throw new TypeMismatchException(
              "Join key '"
                  + k
                  + "' is "
                  + lt
                  + " on the left and "
                  + rt
                  + " on the right; they cannot be compared");
        }
        if (!common.equals(lt)) {
          leftCasts.put(k, common);
        }
        if (!common.equals(rt)) {
          rightCasts.put(k, common);
        }
      }
    }
    l = castColumns(l, leftCasts);
    r = castColumns(r, rightCasts);
    JoinSpec spec = new JoinSpec(type, keys, null, suffix);
    return new Join(l, r, spec, spec.outputSchema(l.schema(), r.schema()));
  }

  private static DataType keyType(Schema s, String key, String side) {
    return s.find(key)
        .orElseThrow(
            () ->
                new ColumnNotFoundException(
                    key, s.names(), "Join key '" + key + "' not found on the " + side + " side"))
        .type();
  }

  private static LogicalPlan castColumns(LogicalPlan p, Map<String, DataType> casts) {
    if (casts.isEmpty()) {
      return p;
    }
    List<Expr> cols = new ArrayList<>();
    for (String n : p.schema().names()) {
      cols.add(
          casts.containsKey(n)
              ? new Alias(new Cast(new Column(n), casts.get(n)), n)
              : new Column(n));
    }
    return project(p, cols);
  }

  public static LogicalPlan join(
      LogicalPlan left, LogicalPlan right, JoinType type, Expr condition, String suffix) {
    Set<String> both = new HashSet<>(left.schema().names());
    both.retainAll(new HashSet<>(right.schema().names()));
    List<Field> all = new ArrayList<>(left.schema().fields());
    for (Field f : right.schema().fields()) {
      if (!both.contains(f.name())) {
        all.add(f);
      }
    }
    Schema combined = Schema.of(all);
    condition.anyMatch(
        e -> {
          if (e instanceof Column c && both.contains(c.name())) {
            throw new AnalysisException(
                "Column '"
                    + c.name()
                    + "' in join condition "
                    + condition.toSql()
                    + " exists on both sides; rename one side first (rename(from, to))");
          }
          return false;
        });
    JoinSpec spec =
        new JoinSpec(type, List.of(), Resolver.condition("Join", condition, combined), suffix);
    return new Join(left, right, spec, spec.outputSchema(left.schema(), right.schema()));
  }

  public static LogicalPlan sort(LogicalPlan child, List<SortKey> keys) {
    if (keys.isEmpty()) {
      throw new AnalysisException("sort(..) needs at least one key");
    }
    List<SortKey> out = new ArrayList<>();
    for (SortKey k : keys) {
      out.add(k.withExpr(Resolver.resolveScalar(k.expr(), child.schema())));
    }
    return new Sort(child, out);
  }

  public static LogicalPlan distinct(LogicalPlan child, List<String> columns) {
    for (String c : columns) {
      child.schema().indexOf(c);
    }
    return new Distinct(child, columns);
  }

  public static LogicalPlan limit(LogicalPlan child, long n) {
    if (n < 0) {
      throw new AnalysisException("limit must be >= 0, got " + n);
    }
    return new Limit(child, n);
  }

  public static LogicalPlan sample(LogicalPlan child, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new AnalysisException("sample fraction must be between 0 and 1, got " + fraction);
    }
    return new Sample(child, fraction, seed);
  }

  public static LogicalPlan pin(LogicalPlan child, String engine) {
    return new Pin(child, engine);
  }

  /** UNION ALL by column name: the right side is reordered to the left's columns, types widened. */
  public static LogicalPlan union(LogicalPlan left, LogicalPlan right) {
    Schema ls = left.schema();
    Schema rs = right.schema();
    Set<String> missingRight = new HashSet<>(ls.names());
    missingRight.removeAll(rs.names());
    Set<String> missingLeft = new HashSet<>(rs.names());
    missingLeft.removeAll(ls.names());
    if (!missingRight.isEmpty() || !missingLeft.isEmpty()) {
      throw new AnalysisException(
          "union needs the same column names on both sides; only on the left: "
              + missingRight
              + ", only on the right: "
              + missingLeft);
    }
    List<Expr> lcols = new ArrayList<>();
    List<Expr> rcols = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    boolean leftChanged = false;
    boolean rightChanged = !ls.names().equals(rs.names());
    for (Field lf : ls.fields()) {
      Field rf = rs.field(lf.name());
      DataType t = TypeRules.commonType(lf.type(), rf.type());
      if (t == null) {
        throw new TypeMismatchException(
            "union column '"
                + lf.name()
                + "' is "
                + lf.type()
                + " on the left and "
                + rf.type()
                + " on the right");
      }
      lcols.add(
          t.equals(lf.type())
              ? new Column(lf.name())
              : new Alias(new Cast(new Column(lf.name()), t), lf.name()));
      rcols.add(
          t.equals(rf.type())
              ? new Column(rf.name())
              : new Alias(new Cast(new Column(rf.name()), t), rf.name()));
      leftChanged |= !t.equals(lf.type());
      rightChanged |= !t.equals(rf.type());
      fields.add(new Field(lf.name(), t, lf.nullable() || rf.nullable()));
    }
    LogicalPlan l = leftChanged ? project(left, lcols) : left;
    LogicalPlan r = rightChanged ? project(right, rcols) : right;
    return new Union(l, r, Schema.of(fields));
  }
}
