package io.frameshift.local.format;

import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * What a scan's filter hint lets the Parquet reader skip: whole files by their partition values,
 * and row groups by parquet-java's own statistics, dictionary and bloom-filter tests, to which the
 * parts of the filter Parquet can evaluate are handed as a {@link FilterPredicate}.
 *
 * <p>Both must only ever skip data none of whose rows make the filter TRUE, since the filter stays
 * above the scan and is the one that decides. So a part that cannot be translated is dropped from
 * an AND (which only weakens it) and makes an OR untranslatable, and these are left out because
 * Parquet's order or null handling is not the engine's: comparisons on floats (Parquet statistics
 * leave NaN out; the engine orders it above every number), range comparisons on strings (Parquet
 * compares UTF-8 bytes, Java UTF-16 units), unsigned and INT96 columns, byte-array decimals, and
 * timestamps whose literal the file's unit cannot hold exactly.
 */
final class ParquetPushdown {
  private ParquetPushdown() {}

  // ---- row groups -------------------------------------------------------------------------------

  /** The parts of {@code filter} Parquet can test on {@code file}'s row groups, or null. */
  static FilterPredicate predicate(Expr filter, MessageType file) {
    return filter == null ? null : translate(filter, file);
  }

  private static FilterPredicate translate(Expr e, MessageType file) {
    if (!(e instanceof Call call)) {
      return null;
    }
    Function f = call.function();
    switch (f) {
      case AND -> {
        FilterPredicate l = translate(call.arg(0), file);
        FilterPredicate r = translate(call.arg(1), file);
        return l == null ? r : r == null ? l : FilterApi.and(l, r);
      }
      case OR -> {
        FilterPredicate l = translate(call.arg(0), file);
        FilterPredicate r = translate(call.arg(1), file);
        return l == null || r == null ? null : FilterApi.or(l, r);
      }
      case IS_NULL, IS_NOT_NULL -> {
        PrimitiveType p = column(call.arg(0), file);
        Operators.Column<?> c = p == null ? null : parquetColumn(p);
        if (c == null) {
          return null;
        }
        return f == Function.IS_NULL ? eqNull(c) : notEqNull(c);
      }
      case EQ, NE, LT, LE, GT, GE -> {
        Expr l = call.arg(0);
        Expr r = call.arg(1);
        if (l instanceof Literal && !(r instanceof Literal)) {
          return compare(flip(f), r, (Literal) l, file);
        }
        return r instanceof Literal lit ? compare(f, l, lit, file) : null;
      }
      case IN -> {
        PrimitiveType p = column(call.arg(0), file);
        if (p == null || !equalityPushable(p)) {
          return null;
        }
        Set<Comparable<?>> values = new HashSet<>();
        for (Expr item : call.args().subList(1, call.args().size())) {
          if (!(item instanceof Literal lit)) {
            return null;
          }
          // a null item never makes IN true
          if (!lit.isNullValue()) {
            Comparable<?> v = value(p, lit);
            if (v == null) {
              return null;
            }
            values.add(v);
          }
        }
        return values.isEmpty() ? null : in(parquetColumn(p), values);
      }
      default -> {
        return null;
      }
    }
  }

  private static Expr unwidened(Expr e) {
    return e instanceof Cast c && c.type().equals(DataType.INT64) && c.input() instanceof Column
        ? c.input()
        : e;
  }

  private static Function flip(Function f) {
    return switch (f) {
      case LT -> Function.GT;
      case LE -> Function.GE;
      case GT -> Function.LT;
      case GE -> Function.LE;
      default -> f;
    };
  }

  private static FilterPredicate compare(Function f, Expr col, Literal lit, MessageType file) {
    PrimitiveType p = column(col, file);
    if (p == null || lit.isNullValue()) {
      return null;
    }
    boolean range = f != Function.EQ && f != Function.NE;
    if (!equalityPushable(p) || range && !rangePushable(p)) {
      return null;
    }
    Comparable<?> v = value(p, lit);
    if (v == null) {
      return null;
    }
    return build(f, parquetColumn(p), v);
  }

  /**
   * The flat file column {@code e} names, or null when it names none. A column widened from INT32
   * to INT64 (analysis does so to compare it with a wide literal) is the column: its values are
   * unchanged.
   */
  private static PrimitiveType column(Expr e, MessageType file) {
    e = unwidened(e);
    if (!(e instanceof Column c) || c.name().contains(".") || !file.containsField(c.name())) {
      return null;
    }
    Type t = file.getType(c.name());
    return t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED)
        ? t.asPrimitiveType()
        : null;
  }

  /** Whether Parquet tests equality of this column's values as the engine does. */
  private static boolean equalityPushable(PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    if (a instanceof IntLogicalTypeAnnotation i && !i.isSigned()) {
      return false;
    }
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN, INT32, INT64 -> true;
      case BINARY -> a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
      default -> false;
    };
  }

  /** Whether Parquet orders this column's values as the engine does. */
  private static boolean rangePushable(PrimitiveType p) {
    return switch (p.getPrimitiveTypeName()) {
      case INT32, INT64 -> true;
      default -> false;
    };
  }

  /** The literal in the file column's physical form, or null when it has none exactly. */
  private static Comparable<?> value(PrimitiveType p, Literal lit) {
    Object v = lit.value();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    DataType t = lit.type();
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> {
        return v instanceof Boolean b ? b : null;
      }
      case INT32 -> {
        if (a == null || a instanceof IntLogicalTypeAnnotation) {
          Long l = integral(v);
          return l != null && l == l.intValue() ? (Comparable<?>) l.intValue() : null;
        }
        if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return v instanceof LocalDate d ? Math.toIntExact(d.toEpochDay()) : null;
        }
        Long unscaled = unscaled(a, v);
        return unscaled != null && unscaled == unscaled.intValue() ? unscaled.intValue() : null;
      }
      case INT64 -> {
        if (a == null || a instanceof IntLogicalTypeAnnotation) {
          return integral(v);
        }
        if (a instanceof TimestampLogicalTypeAnnotation ts) {
          Long micros = micros(v, ts.isAdjustedToUTC());
          return micros == null ? null : inUnit(micros, ts.getUnit());
        }
        return unscaled(a, v);
      }
      case BINARY -> {
        return t.equals(DataType.STRING) && v instanceof String s ? Binary.fromString(s) : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static Long integral(Object v) {
    return v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
  }

  private static Long unscaled(LogicalTypeAnnotation a, Object v) {
    if (!(a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d)
        || !(v instanceof BigDecimal b)) {
      return null;
    }
    try {
      return b.setScale(d.getScale()).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Long micros(Object v, boolean utc) {
    try {
      if (utc && v instanceof Instant i) {
        return Math.addExact(
            Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
      }
      if (!utc && v instanceof LocalDateTime t) {
        Instant i = t.toInstant(ZoneOffset.UTC);
        return Math.addExact(
            Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
      }
    } catch (ArithmeticException e) {
      return null;
    }
    return null;
  }

  private static Long inUnit(long micros, LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MICROS -> micros;
      case MILLIS -> micros % 1000 == 0 ? micros / 1000 : null;
      case NANOS -> {
        try {
          yield Math.multiplyExact(micros, 1000L);
        } catch (ArithmeticException e) {
          yield null;
        }
      }
    };
  }

  private static Operators.Column<?> parquetColumn(PrimitiveType p) {
    String name = p.getName();
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> FilterApi.booleanColumn(name);
      case INT32 -> FilterApi.intColumn(name);
      case INT64 -> FilterApi.longColumn(name);
      case FLOAT -> FilterApi.floatColumn(name);
      case DOUBLE -> FilterApi.doubleColumn(name);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> FilterApi.binaryColumn(name);
      case INT96 -> null;
    };
  }

  // FilterApi's generics tie a column to its value class, which the caller matched at run time

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FilterPredicate eqNull(Operators.Column<?> c) {
    return FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) c, (Comparable) null);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FilterPredicate notEqNull(Operators.Column<?> c) {
    return FilterApi.notEq((Operators.Column & Operators.SupportsEqNotEq) c, (Comparable) null);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FilterPredicate in(Operators.Column<?> c, Set<Comparable<?>> values) {
    return FilterApi.in((Operators.Column & Operators.SupportsEqNotEq) c, (Set) values);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static FilterPredicate build(Function f, Operators.Column<?> c, Comparable v) {
    if (f == Function.EQ) {
      return FilterApi.eq((Operators.Column & Operators.SupportsEqNotEq) c, v);
    }
    if (f == Function.NE) {
      return FilterApi.notEq((Operators.Column & Operators.SupportsEqNotEq) c, v);
    }
    Operators.Column lt = c;
    return switch (f) {
      case LT -> FilterApi.lt((Operators.Column & Operators.SupportsLtGt) lt, v);
      case LE -> FilterApi.ltEq((Operators.Column & Operators.SupportsLtGt) lt, v);
      case GT -> FilterApi.gt((Operators.Column & Operators.SupportsLtGt) lt, v);
      case GE -> FilterApi.gtEq((Operators.Column & Operators.SupportsLtGt) lt, v);
      default -> throw new IllegalStateException("not a comparison: " + f);
    };
  }

  // ---- partition folders ------------------------------------------------------------------------

  // A filter's possible values on one file's rows, as a set: which of TRUE, FALSE and NULL it may
  // take. Known from the partition values alone it is one of them; otherwise all three.
  private static final int TRUE = 1;
  private static final int FALSE = 2;
  private static final int NULL = 4;
  private static final int ANY = TRUE | FALSE | NULL;

  /**
   * Whether rows of a file with partition values {@code values} (of {@code partitions}) may make
   * {@code filter} TRUE: false only when it is FALSE or NULL whatever the file holds.
   */
  static boolean mayMatch(Expr filter, Schema partitions, List<Object> values) {
    if (filter == null || partitions.size() == 0) {
      return true;
    }
    return (truth(filter, partitions, values) & TRUE) != 0;
  }

  private static int truth(Expr e, Schema partitions, List<Object> values) {
    if (!(e instanceof Call call)) {
      return ANY;
    }
    switch (call.function()) {
      case AND, OR -> {
        int l = truth(call.arg(0), partitions, values);
        int r = truth(call.arg(1), partitions, values);
        boolean and = call.function() == Function.AND;
        int out = 0;
        for (int a = 1; a <= NULL; a <<= 1) {
          for (int b = 1; b <= NULL; b <<= 1) {
            if ((l & a) != 0 && (r & b) != 0) {
              out |= and ? and(a, b) : or(a, b);
            }
          }
        }
        return out;
      }
      case NOT -> {
        int t = truth(call.arg(0), partitions, values);
        return (t & NULL) | ((t & TRUE) != 0 ? FALSE : 0) | ((t & FALSE) != 0 ? TRUE : 0);
      }
      case IS_NULL, IS_NOT_NULL -> {
        Object[] v = operand(call.arg(0), partitions, values);
        if (v == null) {
          return ANY;
        }
        return (v[0] == null) == (call.function() == Function.IS_NULL) ? TRUE : FALSE;
      }
      case EQ, NE, LT, LE, GT, GE -> {
        Object[] l = operand(call.arg(0), partitions, values);
        Object[] r = operand(call.arg(1), partitions, values);
        if (l == null || r == null) {
          // a null operand makes the comparison NULL whatever the other
          return l != null && l[0] == null || r != null && r[0] == null ? NULL : ANY;
        }
        if (l[0] == null || r[0] == null) {
          return NULL;
        }
        Integer c = compare(l[0], r[0]);
        if (c == null) {
          return ANY;
        }
        boolean holds =
            switch (call.function()) {
              case EQ -> c == 0;
              case NE -> c != 0;
              case LT -> c < 0;
              case LE -> c <= 0;
              case GT -> c > 0;
              default -> c >= 0;
            };
        return holds ? TRUE : FALSE;
      }
      case IN -> {
        Object[] x = operand(call.arg(0), partitions, values);
        if (x == null) {
          return ANY;
        }
        boolean sawNull = x[0] == null;
        for (Expr item : call.args().subList(1, call.args().size())) {
          Object[] v = operand(item, partitions, values);
          if (v == null) {
            return ANY;
          }
          if (v[0] == null) {
            sawNull = true;
          } else if (x[0] != null) {
            Integer c = compare(x[0], v[0]);
            if (c == null) {
              return ANY;
            }
            if (c == 0) {
              return TRUE;
            }
          }
        }
        return sawNull ? NULL : FALSE;
      }
      default -> {
        return ANY;
      }
    }
  }

  private static int and(int a, int b) {
    if (a == FALSE || b == FALSE) {
      return FALSE;
    }
    return a == NULL || b == NULL ? NULL : TRUE;
  }

  private static int or(int a, int b) {
    if (a == TRUE || b == TRUE) {
      return TRUE;
    }
    return a == NULL || b == NULL ? NULL : FALSE;
  }

  /** A literal's or partition column's value boxed in a one-element array; null if neither. */
  private static Object[] operand(Expr e, Schema partitions, List<Object> values) {
    e = unwidened(e);
    if (e instanceof Literal lit) {
      return new Object[] {lit.value()};
    }
    if (e instanceof Column c && partitions.contains(c.name())) {
      return new Object[] {values.get(partitions.indexOf(c.name()))};
    }
    return null;
  }

  /** The order of two values of one type, as the engine orders them; null for other types. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Integer compare(Object a, Object b) {
    if (a instanceof Double x && b instanceof Double y) {
      // NaN above every number and equal to itself, -0.0 equal to 0.0 (docs/semantics.md)
      return Double.compare(x + 0.0, y + 0.0);
    }
    if ((a instanceof Integer || a instanceof Long)
        && (b instanceof Integer || b instanceof Long)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a.getClass() != b.getClass() || !(a instanceof Comparable)) {
      return null;
    }
    if (a instanceof String
        || a instanceof Integer
        || a instanceof Long
        || a instanceof LocalDate
        || a instanceof Boolean) {
      return Integer.signum(((Comparable) a).compareTo(b));
    }
    return null;
  }
}
