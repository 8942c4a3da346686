package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;

import io.frameshift.expr.Expr;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random well-typed conditions for property tests: boolean trees of comparisons (over arithmetic
 * too), IN and NOT IN with and without NULL among the items, BETWEEN, LIKE, IS [NOT] NULL, boolean
 * columns, NOT, AND and OR, over the columns of a schema and with literals of every type the SQL
 * text can spell (strings with quotes, negative and extreme numbers, dates and timestamps).
 *
 * <p>Arithmetic only takes small literals and divides by non-zero ones, so over {@link
 * #sampleRows() the sample values} no condition overflows or divides by zero: every condition
 * evaluates, and engines must agree on its value.
 */
public final class RandomConditions {
  /** How deep conditions nest NOT, AND and OR. */
  private static final int LOGIC_DEPTH = 3;

  /** How deep arithmetic nests inside a comparison. */
  private static final int ARITHMETIC_DEPTH = 2;

  /** Rows of {@link #sampleRows()}. */
  private static final int SAMPLE_SIZE = 20;

  /** Share of nulls in every sample column but {@code id}. */
  private static final double SAMPLE_NULLS = 0.35;

  /**
   * A small null-heavy frame's columns: {@code id} (never null, numbers the rows) and one or two
   * nullable columns of each type the conditions compare.
   */
  public static final Schema SAMPLE_SCHEMA =
      Schema.of(
          Field.of("id", DataType.INT32),
          Field.of("k1", DataType.STRING),
          Field.of("k2", DataType.STRING),
          Field.of("v", DataType.INT32),
          Field.of("v1", DataType.INT64),
          Field.of("v2", DataType.FLOAT64),
          Field.of("order date", DataType.DATE),
          Field.of("flag", DataType.BOOLEAN));

  /** The values conditions compare with; the sample data draws from these too. */
  private static final Map<TypeId, List<Object>> COMMON = new EnumMap<>(TypeId.class);

  /** Literals a condition may also hold, far from the data or awkward to print. */
  private static final Map<TypeId, List<Object>> EDGES = new EnumMap<>(TypeId.class);

  /** Values only the data holds: no SQL literal spells them. */
  private static final Map<TypeId, List<Object>> DATA_ONLY = new EnumMap<>(TypeId.class);

  static {
    COMMON.put(TypeId.INT32, List.of(-2, -1, 0, 1, 2, 3));
    EDGES.put(TypeId.INT32, List.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -100));
    COMMON.put(TypeId.INT64, List.of(-2L, -1L, 0L, 1L, 2L, 3L));
    EDGES.put(TypeId.INT64, List.of(Long.MIN_VALUE, Long.MAX_VALUE, 5_000_000_000L));
    COMMON.put(TypeId.FLOAT64, List.of(-1.5, -0.0, 0.0, 0.5, 1.0, 2.5));
    EDGES.put(TypeId.FLOAT64, List.of(1.0e10, -1.0e-5, 1.0e300, Double.MIN_VALUE, -2.0e-308));
    DATA_ONLY.put(
        TypeId.FLOAT64, List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    COMMON.put(TypeId.STRING, List.of("a", "b", "c", "ab", "", "A", "it's", "é", "a%b", "a_b"));
    EDGES.put(TypeId.STRING, List.of("'", "''", "a\\b", "x\"y", " a ", "line\nbreak", "%"));
    COMMON.put(
        TypeId.DATE,
        List.of(
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2024, 1, 2),
            LocalDate.of(2024, 1, 3),
            LocalDate.of(1969, 12, 31)));
    EDGES.put(TypeId.DATE, List.of(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31)));
    COMMON.put(
        TypeId.TIMESTAMP,
        List.of(
            Instant.parse("2024-01-01T00:00:00Z"),
            Instant.parse("2024-01-02T03:04:05.123456Z"),
            Instant.parse("1969-12-31T23:59:59.999999Z")));
    COMMON.put(
        TypeId.TIMESTAMP_NTZ,
        List.of(
            LocalDateTime.parse("2024-01-01T00:00"),
            LocalDateTime.parse("2024-01-02T03:04:05.000001"),
            LocalDateTime.parse("1969-12-31T23:59:59")));
    COMMON.put(TypeId.BOOLEAN, List.of(true, false));
  }

  /** The type families conditions compare within. */
  private enum Family {
    NUMBER,
    STRING,
    DATE,
    TIMESTAMP,
    TIMESTAMP_NTZ,
    BOOLEAN;

    static Family of(TypeId id) {
      return switch (id) {
        case INT32, INT64, FLOAT64 -> NUMBER;
        case STRING -> STRING;
        case DATE -> DATE;
        case TIMESTAMP -> TIMESTAMP;
        case TIMESTAMP_NTZ -> TIMESTAMP_NTZ;
        case BOOLEAN -> BOOLEAN;
        default -> null;
      };
    }
  }

  private RandomConditions() {}

  /**
   * Conditions over the columns of {@code schema} whose types are INT32, INT64, FLOAT64, STRING,
   * DATE, TIMESTAMP, TIMESTAMP_NTZ or BOOLEAN; others are left out.
   */
  public static Arbitrary<Expr> over(Schema schema) {
    Map<Family, List<Field>> columns = new EnumMap<>(Family.class);
    for (Field f : schema.fields()) {
      Family family = Family.of(f.type().id());
      if (family != null) {
        columns.computeIfAbsent(family, k -> new ArrayList<>()).add(f);
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no column of a comparable type in " + schema);
    }
    return new Generator(columns).condition(LOGIC_DEPTH);
  }

  /** The rows of a frame of {@link #SAMPLE_SCHEMA}: ids 1.., a third of the other values null. */
  public static Arbitrary<List<Object[]>> sampleRows() {
    List<Arbitrary<Object>> columns = new ArrayList<>();
    for (Field f : SAMPLE_SCHEMA.fields()) {
      if (!f.name().equals("id")) {
        List<Object> values = new ArrayList<>(COMMON.get(f.type().id()));
        values.addAll(DATA_ONLY.getOrDefault(f.type().id(), List.of()));
        columns.add(Arbitraries.of(values).injectNull(SAMPLE_NULLS));
      }
    }
    return Combinators.combine(columns)
        .as(
            values -> {
              Object[] row = new Object[values.size() + 1];
              for (int i = 0; i < values.size(); i++) {
                row[i + 1] = values.get(i);
              }
              return row;
            })
        .list()
        .ofSize(SAMPLE_SIZE)
        .map(
            rows -> {
              for (int i = 0; i < rows.size(); i++) {
                rows.get(i)[0] = i + 1;
              }
              return rows;
            });
  }

  private record Generator(Map<Family, List<Field>> columns) {

    Arbitrary<Expr> condition(int depth) {
      Arbitrary<Expr> leaf = Arbitraries.oneOf(leaves());
      if (depth == 0) {
        return leaf;
      }
      Arbitrary<Expr> inner = Arbitraries.lazy(() -> condition(depth - 1));
      return Arbitraries.frequencyOf(
          Tuple.of(4, leaf),
          Tuple.of(1, inner.map(Expr::not)),
          Tuple.of(2, Combinators.combine(inner, inner).as(Expr::and)),
          Tuple.of(2, Combinators.combine(inner, inner).as(Expr::or)));
    }

    private List<Arbitrary<Expr>> leaves() {
      List<Arbitrary<Expr>> leaves = new ArrayList<>();
      for (Family family : columns.keySet()) {
        if (family == Family.BOOLEAN) {
          leaves.add(booleanTest());
          continue;
        }
        leaves.add(comparison(family));
        leaves.add(in(family));
        leaves.add(between(family));
      }
      if (columns.containsKey(Family.STRING)) {
        leaves.add(like());
      }
      leaves.add(nullTest());
      return leaves;
    }

    /** A value of {@code family}: a column, or for numbers arithmetic over columns. */
    private Arbitrary<Expr> operand(Family family) {
      return family == Family.NUMBER ? number(ARITHMETIC_DEPTH) : column(family);
    }

    private Arbitrary<Expr> column(Family family) {
      return Arbitraries.of(columns.get(family)).map(f -> col(f.name()));
    }

    private Arbitrary<Expr> number(int depth) {
      Arbitrary<Expr> leaf =
          Arbitraries.frequencyOf(Tuple.of(3, column(Family.NUMBER)), Tuple.of(1, smallNumber()));
      if (depth == 0) {
        return leaf;
      }
      Arbitrary<Expr> inner = Arbitraries.lazy(() -> number(depth - 1));
      return Arbitraries.frequencyOf(
          Tuple.of(6, leaf),
          Tuple.of(1, Combinators.combine(inner, inner).as(Expr::plus)),
          Tuple.of(1, Combinators.combine(inner, inner).as(Expr::minus)),
          Tuple.of(1, Combinators.combine(inner, inner).as(Expr::times)),
          Tuple.of(1, inner.map(Expr::negate)),
          // divisors are non-zero literals: dividing by zero raises
          Tuple.of(1, Combinators.combine(inner, divisor()).as(Expr::div)),
          Tuple.of(1, Combinators.combine(inner, divisor()).as(Expr::mod)));
    }

    private static Arbitrary<Expr> smallNumber() {
      return Arbitraries.of(TypeId.INT32, TypeId.INT64, TypeId.FLOAT64)
          .flatMap(t -> Arbitraries.of(COMMON.get(t)))
          .map(v -> (Expr) lit(v));
    }

    private static Arbitrary<Expr> divisor() {
      return Arbitraries.<Object>of(2, -3, 2L, 1.5, -0.5).map(v -> (Expr) lit(v));
    }

    /** A literal of {@code family}, mostly one the data holds; sometimes an untyped NULL. */
    private static Arbitrary<Object> literal(Family family, double nulls) {
      List<TypeId> types =
          switch (family) {
            case NUMBER -> List.of(TypeId.INT32, TypeId.INT64, TypeId.FLOAT64);
            case STRING -> List.of(TypeId.STRING);
            case DATE -> List.of(TypeId.DATE);
            case TIMESTAMP -> List.of(TypeId.TIMESTAMP);
            case TIMESTAMP_NTZ -> List.of(TypeId.TIMESTAMP_NTZ);
            case BOOLEAN -> List.of(TypeId.BOOLEAN);
          };
      return Arbitraries.of(types).flatMap(RandomConditions.Generator::literal).injectNull(nulls);
    }

    private static Arbitrary<Object> literal(TypeId t) {
      Arbitrary<Object> common = Arbitraries.of(COMMON.get(t));
      return EDGES.containsKey(t)
          ? Arbitraries.frequencyOf(Tuple.of(5, common), Tuple.of(1, Arbitraries.of(EDGES.get(t))))
          : common;
    }

    private Arbitrary<Expr> comparison(Family family) {
      Arbitrary<BinaryOperator<Expr>> op =
          Arbitraries.<BinaryOperator<Expr>>of(
              (a, b) -> a.eq(b),
              (a, b) -> a.ne(b),
              (a, b) -> a.lt(b),
              (a, b) -> a.le(b),
              (a, b) -> a.gt(b),
              (a, b) -> a.ge(b));
      Arbitrary<Expr> right =
          Arbitraries.frequencyOf(
              Tuple.of(3, literal(family, 0.05).map(v -> (Expr) lit(v))),
              Tuple.of(1, operand(family)));
      return Combinators.combine(operand(family), op, right).as((a, o, b) -> o.apply(a, b));
    }

    private Arbitrary<Expr> in(Family family) {
      Arbitrary<List<Object>> items = literal(family, 0.2).list().ofMinSize(1).ofMaxSize(4);
      return Combinators.combine(operand(family), items, Arbitraries.of(true, false))
          .as(
              (value, list, negated) -> {
                Expr in = value.isIn(list.toArray());
                return negated ? in.not() : in;
              });
    }

    private Arbitrary<Expr> between(Family family) {
      Arbitrary<Object> bound = literal(family, 0);
      return Combinators.combine(operand(family), bound, bound, Arbitraries.of(true, false))
          .as(
              (value, low, high, negated) -> {
                Expr between = value.between(low, high);
                return negated ? between.not() : between;
              });
    }

    private Arbitrary<Expr> like() {
      Arbitrary<String> pattern =
          Arbitraries.of("a", "b", "%", "_", "\\%", "\\_", "'", "é")
              .list()
              .ofMaxSize(4)
              .map(parts -> String.join("", parts));
      return Combinators.combine(column(Family.STRING), pattern, Arbitraries.of(true, false))
          .as(
              (value, p, negated) -> {
                Expr like = value.like(p);
                return negated ? like.not() : like;
              });
    }

    private Arbitrary<Expr> nullTest() {
      Arbitrary<Expr> value =
          Arbitraries.of(new ArrayList<>(columns.keySet())).flatMap(this::operand);
      return Combinators.combine(value, Arbitraries.of(true, false))
          .as((v, isNull) -> isNull ? v.isNull() : v.isNotNull());
    }

    private Arbitrary<Expr> booleanTest() {
      return Combinators.combine(column(Family.BOOLEAN), Arbitraries.of(0, 1, 2))
          .as(
              (c, form) ->
                  switch (form) {
                    case 0 -> c;
                    case 1 -> c.eq(true);
                    default -> c.ne(false);
                  });
    }
  }
}
