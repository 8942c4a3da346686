package io.frameshift.iceberg;

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
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Our conditions as Iceberg expressions, for file and partition pruning only: the filter still runs
 * above the scan, so a translation may be weaker than the condition but never stronger. A conjunct
 * that cannot be translated is dropped (weaker); under NOT nothing may be dropped, since NOT of
 * something weaker is stronger. Comparisons on floating-point columns are never translated: NaN is
 * greater than every number here, while Iceberg's bounds leave NaN out, so a file holding NaN could
 * be pruned for {@code x > 5}.
 */
final class IcebergFilters implements ExprVisitor<Expression> {
  private final Schema schema;
  private final boolean mayDrop;

  private IcebergFilters(Schema schema, boolean mayDrop) {
    this.schema = schema;
    this.mayDrop = mayDrop;
  }

  /** The Iceberg expression implied by {@code condition}, or null when nothing translates. */
  static Expression translate(Expr condition, Schema schema) {
    return condition.accept(new IcebergFilters(schema, true));
  }

  @Override
  public Expression visitCall(Call call) {
    List<Expr> a = call.args();
    return switch (call.function()) {
      case AND -> {
        Expression l = a.get(0).accept(this);
        Expression r = a.get(1).accept(this);
        if (l != null && r != null) {
          yield Expressions.and(l, r);
        }
        yield mayDrop ? (l != null ? l : r) : null;
      }
      case OR -> {
        Expression l = a.get(0).accept(this);
        Expression r = a.get(1).accept(this);
        yield l != null && r != null ? Expressions.or(l, r) : null;
      }
      case NOT -> {
        Expression inner = a.get(0).accept(new IcebergFilters(schema, false));
        yield inner == null ? null : Expressions.not(inner);
      }
      case IS_NULL -> {
        String c = column(a.get(0));
        yield c == null ? null : Expressions.isNull(c);
      }
      case IS_NOT_NULL -> {
        String c = column(a.get(0));
        yield c == null ? null : Expressions.notNull(c);
      }
      case EQ, NE, LT, LE, GT, GE -> comparison(call);
      case IN -> in(a);
      case STARTS_WITH -> {
        String c = column(a.get(0));
        Object prefix = value(a.get(1));
        yield c != null && prefix instanceof String p && type(c).id() == TypeId.STRING
            ? Expressions.startsWith(c, p)
            : null;
      }
      default -> null;
    };
  }

  private Expression comparison(Call call) {
    Expr left = call.arg(0);
    Expr right = call.arg(1);
    String c = column(left);
    Object v = value(right);
    boolean flipped = false;
    if (c == null) {
      c = column(right);
      v = value(left);
      flipped = true;
    }
    if (c == null || v == null || !comparable(c, v)) {
      return null;
    }
    boolean ordering =
        call.function() != io.frameshift.expr.Function.EQ
            && call.function() != io.frameshift.expr.Function.NE;
    if (ordering && type(c).id() == TypeId.STRING) {
      // Iceberg orders strings by code point, Java by UTF-16 unit: they differ above U+FFFF
      return null;
    }
    return switch (call.function()) {
      case EQ -> Expressions.equal(c, v);
      case NE -> Expressions.notEqual(c, v);
      case LT -> flipped ? Expressions.greaterThan(c, v) : Expressions.lessThan(c, v);
      case LE -> flipped ? Expressions.greaterThanOrEqual(c, v) : Expressions.lessThanOrEqual(c, v);
      case GT -> flipped ? Expressions.lessThan(c, v) : Expressions.greaterThan(c, v);
      case GE -> flipped ? Expressions.lessThanOrEqual(c, v) : Expressions.greaterThanOrEqual(c, v);
      default -> null;
    };
  }

  private Expression in(List<Expr> a) {
    String c = column(a.get(0));
    if (c == null) {
      return null;
    }
    List<Object> values = new ArrayList<>();
    for (Expr item : a.subList(1, a.size())) {
      if (item instanceof Literal l && l.isNullValue()) {
        continue; // a null item never makes IN true
      }
      Object v = value(item);
      if (v == null || !comparable(c, v)) {
        return null;
      }
      values.add(v);
    }
    return values.isEmpty() ? Expressions.alwaysFalse() : Expressions.in(c, values);
  }

  /** The scan column an operand reads unchanged (or widened from int to long), else null. */
  private String column(Expr e) {
    if (e instanceof Column c && schema.contains(c.name())) {
      return c.name();
    }
    if (e instanceof Cast cast
        && cast.input() instanceof Column c
        && schema.contains(c.name())
        && type(c.name()).id() == TypeId.INT32
        && cast.type().id() == TypeId.INT64) {
      return c.name();
    }
    return null;
  }

  private DataType type(String column) {
    return schema.field(column).type();
  }

  /** A literal operand in Iceberg's internal form, or null. */
  private static Object value(Expr e) {
    if (e instanceof Literal l && !l.isNullValue()) {
      return IcebergTypes.toInternal(l.value());
    }
    return null;
  }

  /** Whether a literal of this internal class binds to the column's type without surprises. */
  private boolean comparable(String column, Object v) {
    DataType t = type(column);
    return switch (t.id()) {
      case BOOLEAN -> v instanceof Boolean;
      case INT32, INT64 -> v instanceof Integer || v instanceof Long;
      case STRING -> v instanceof String;
      case DATE -> v instanceof Integer;
      case TIMESTAMP, TIMESTAMP_NTZ -> v instanceof Long;
      case DECIMAL ->
          v instanceof java.math.BigDecimal d && d.scale() == ((DataType.Decimal) t).scale();
      case FLOAT32, FLOAT64 -> false;
    };
  }

  @Override
  public Expression visitColumn(Column column) {
    // a boolean column used as a condition
    return schema.contains(column.name()) && type(column.name()).id() == TypeId.BOOLEAN
        ? Expressions.equal(column.name(), true)
        : null;
  }

  @Override
  public Expression visitLiteral(Literal literal) {
    if (literal.value() instanceof Boolean b) {
      return b ? Expressions.alwaysTrue() : Expressions.alwaysFalse();
    }
    // a null condition keeps no row; under NOT it keeps none either
    return literal.isNullValue() && mayDrop ? Expressions.alwaysFalse() : null;
  }

  @Override
  public Expression visitCast(Cast cast) {
    return null;
  }

  @Override
  public Expression visitAlias(Alias alias) {
    return alias.input().accept(this);
  }

  @Override
  public Expression visitAggregate(Aggregate aggregate) {
    return null;
  }

  @Override
  public Expression visitRanking(Ranking ranking) {
    return null;
  }

  @Override
  public Expression visitOver(Over over) {
    return null;
  }

  /** A user function is Java code Iceberg cannot evaluate on file statistics: nothing prunes. */
  @Override
  public Expression visitUserCall(io.frameshift.expr.UserCall call) {
    return null;
  }
}
