package io.frameshift.internal;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.ExprVisitor;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.SortKey;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.WindowSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves an expression against the schema it is computed over: every column name must exist
 * ({@link ColumnNotFoundException} suggests the nearest and lists the available ones), aggregates
 * and window functions may appear only where the {@link Scope} allows them, and each node is then
 * typed and coerced by {@link TypeRules}.
 */
final class Resolver implements ExprVisitor<Typed> {

  /** Where an expression stands, which decides whether aggregates and windows may appear in it. */
  enum Scope {
    /** Row-level expressions: no aggregates, no windows. */
    ROW,
    /** An item of {@code agg(..)}: an aggregate at the top. */
    AGGREGATE,
    /** A window column: an {@link Over} at the top. */
    WINDOW,
    /** Re-typing an already resolved expression: everything allowed. */
    ANY
  }

  private final Schema input;
  private final Scope scope;
  private boolean inAggregate;
  private boolean inOver;

  Resolver(Schema input, Scope scope) {
    this.input = input;
    this.scope = scope;
  }

  /** The type of an already-resolved expression over {@code input}. */
  static DataType typeOf(Expr resolved, Schema input) {
    return new Resolver(input, Scope.ANY).resolve(resolved).settledType();
  }

  /**
   * Resolves a scalar expression over {@code input}: names checked, types coerced explicitly.
   * Aggregates and window functions are rejected.
   */
  static Expr resolveScalar(Expr e, Schema input) {
    return new Resolver(input, Scope.ROW).resolve(e).settled();
  }

  /**
   * Resolves a filter or join condition over {@code input}; {@code what} ("Filter", "Join") names
   * it in the error when it is not boolean.
   */
  static Expr condition(String what, Expr condition, Schema input) {
    Typed r = new Resolver(input, Scope.ROW).resolve(condition);
    return TypeRules.condition(what, condition, r);
  }

  Typed resolve(Expr e) {
    return e.accept(this);
  }

  @Override
  public Typed visitColumn(Column c) {
    Field f =
        input
            .find(c.name())
            .orElseThrow(() -> new ColumnNotFoundException(c.name(), input.names()));
    return new Typed(c, f.type());
  }

  @Override
  public Typed visitLiteral(Literal l) {
    return new Typed(l, l.type());
  }

  @Override
  public Typed visitCast(Cast c) {
    return TypeRules.cast(c, resolve(c.input()));
  }

  @Override
  public Typed visitAlias(Alias a) {
    Typed in = resolve(a.input());
    return new Typed(new Alias(in.settled(), a.name()), in.settledType());
  }

  @Override
  public Typed visitAggregate(Aggregate a) {
    if (scope == Scope.ROW) {
      throw new AnalysisException(
          "Aggregate "
              + a.toSql()
              + " is not allowed here: use groupBy(..).agg(..), or .over(window) for a running"
              + " aggregate");
    }
    if (inAggregate) {
      throw new AnalysisException(
          "Aggregate " + a.toSql() + " may not be nested in another aggregate");
    }
    if (scope == Scope.WINDOW && !inOver) {
      throw new AnalysisException("Aggregate " + a.toSql() + " needs .over(window) here");
    }
    inAggregate = true;
    try {
      if (a.args().isEmpty()) {
        return TypeRules.argumentless(a);
      }
      return TypeRules.aggregate(a, resolve(a.args().get(0)));
    } finally {
      inAggregate = false;
    }
  }

  @Override
  public Typed visitRanking(Ranking r) {
    if (!inOver) {
      throw new AnalysisException(
          r.toSql() + " is a window function: use it as " + r + ".over(Window.orderBy(..))");
    }
    return switch (r.function()) {
      case ROW_NUMBER, RANK, DENSE_RANK -> new Typed(r, DataType.INT32);
      case LAG, LEAD -> {
        Typed value = resolve(r.args().get(0));
        Expr offset = TypeRules.shiftOffset(r);
        Typed dflt = resolve(r.args().get(2));
        yield TypeRules.shift(r, value, offset, dflt);
      }
    };
  }

  @Override
  public Typed visitOver(Over o) {
    if (scope == Scope.ROW || scope == Scope.AGGREGATE) {
      throw new AnalysisException(
          "Window expression "
              + o.toSql()
              + " is not allowed here; use it in select or withColumn");
    }
    if (inOver || inAggregate) {
      throw new AnalysisException("Window expression " + o.toSql() + " may not be nested");
    }
    WindowSpec w = o.window();
    if (o.function() instanceof Ranking r && w.orderBy().isEmpty()) {
      throw new AnalysisException(
          r.toSql() + " needs an ordered window: Window.partitionBy(..).orderBy(..)");
    }
    if (!(o.function() instanceof Ranking || o.function() instanceof Aggregate)) {
      throw new AnalysisException(
          ".over(window) applies to an aggregate or a window function, not "
              + o.function().toSql());
    }
    List<Expr> parts = new ArrayList<>();
    for (Expr p : w.partitionBy()) {
      parts.add(resolveScalar(p, input));
    }
    List<SortKey> keys = new ArrayList<>();
    for (SortKey k : w.orderBy()) {
      keys.add(k.withExpr(resolveScalar(k.expr(), input)));
    }
    inOver = true;
    try {
      Typed fn = resolve(o.function());
      return new Typed(new Over(fn.expr(), new WindowSpec(parts, keys)), fn.type());
    } finally {
      inOver = false;
    }
  }

  @Override
  public Typed visitCall(Call c) {
    List<Typed> args = new ArrayList<>();
    for (Expr a : c.args()) {
      args.add(resolve(a));
    }
    return TypeRules.call(c, args);
  }

  @Override
  public Typed visitUserCall(UserCall u) {
    if (!u.isBound()) {
      // DataFrames bind names to the session's functions before analysis; this is a call built
      // from SQL text outside a session
      throw new AnalysisException(
          "Unknown function '"
              + u.name()
              + "' in "
              + u.toSql()
              + ": register a user function of that name on the session (fs.register(udf)), or"
              + " use a built-in one: "
              + String.join(", ", io.frameshift.expr.Functions.sqlFunctionNames()));
    }
    List<Typed> args = new ArrayList<>();
    for (Expr a : u.args()) {
      args.add(resolve(a));
    }
    return TypeRules.userCall(u, args);
  }
}
