package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.FrameshiftException;
import io.frameshift.expr.Expr;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random conditions ({@link RandomConditions}) over random null-heavy frames, run on two engines:
 * each condition, given as the DSL tree and as its SQL text through {@code filter(String)}, keeps
 * the same rows on both, and takes the same value (TRUE, FALSE or NULL) on every row. The data
 * holds NaN, ±Infinity and -0.0, which the contract orders and compares like Spark SQL.
 *
 * <p>Conditions run in batches of twelve, each in two jobs per engine: one filter that holds every
 * condition, one projection of every condition's value. Extend this class in a module that has both
 * engines and say how to build the session, as for {@link DifferentialConformanceSuite}:
 *
 * <pre>{@code
 * class LocalSparkConditionPropertyTest extends DifferentialConditionProperties {
 *   @Override
 *   protected Frameshift.Builder sessionBuilder() {
 *     return Frameshift.builder().engine("auto").config("spark.master", "local[2]");
 *   }
 * }
 * }</pre>
 */
public abstract class DifferentialConditionProperties {
  /** Conditions per batch: each engine evaluates a batch in two jobs. */
  private static final int BATCH = 12;

  /** The column numbering the copies of the sample rows, one copy per condition. */
  private static final String CONDITION = "condition";

  private static final Schema COPIES = copies();

  private Frameshift session;

  private static Schema copies() {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of(CONDITION, DataType.INT32));
    fields.addAll(RandomConditions.SAMPLE_SCHEMA.fields());
    return Schema.of(fields);
  }

  /** The settings of the session: it must have both engines on its class path. */
  protected abstract Frameshift.Builder sessionBuilder();

  /** The engine whose rows the other's are compared with. */
  protected String firstEngine() {
    return "local";
  }

  protected String secondEngine() {
    return "spark";
  }

  @BeforeProperty
  protected void openSession() {
    session = sessionBuilder().build();
  }

  @AfterProperty
  protected void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  @Property(tries = 6)
  void conditionsAgreeOnBothEngines(
      @ForAll("frames") List<Object[]> rows, @ForAll("batches") List<Expr> conditions) {
    List<String> faults = new ArrayList<>();
    compareFilters(rows, conditions, faults);
    compareValues(
        session.createDataFrame(RandomConditions.SAMPLE_SCHEMA, rows.toArray(Object[][]::new)),
        conditions,
        faults);
    if (!faults.isEmpty()) {
      throw new AssertionError(
          "Conditions disagree over the rows\n  "
              + String.join(
                  "\n  ", rows.stream().map(r -> RowComparison.show(Arrays.asList(r))).toList())
              + "\n"
              + String.join("\n", faults));
    }
  }

  /**
   * Which rows each condition keeps, all conditions in one filter: the rows are copied once per
   * condition with its number in {@code condition}, and the filter is {@code (condition = 0 AND c0)
   * OR (condition = 1 AND c1) OR ..}, which on copy i is exactly ci (the other terms are FALSE), in
   * the place of a filter's predicate. The filter runs as the tree and as SQL text.
   */
  private void compareFilters(List<Object[]> rows, List<Expr> conditions, List<String> faults) {
    List<Object[]> copies = new ArrayList<>();
    List<Expr> terms = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      for (Object[] row : rows) {
        Object[] copy = new Object[row.length + 1];
        copy[0] = i;
        System.arraycopy(row, 0, copy, 1, row.length);
        copies.add(copy);
      }
      terms.add(col(CONDITION).eq(i).and(conditions.get(i)));
    }
    DataFrame copied = session.createDataFrame(COPIES, copies.toArray(Object[][]::new));
    Expr any = balancedOr(terms);
    DataFrame tree = copied.filter(any).select(CONDITION, "id");
    DataFrame text = copied.filter(any.toSql()).select(CONDITION, "id");
    Map<Integer, List<Object>> expected = idsByCondition(run(tree, firstEngine()));
    // the text parses back to the tree itself (the test kit's round-trip property checks that),
    // so the second engine runs the filter once, from the text
    Map<String, Map<Integer, List<Object>>> others = new LinkedHashMap<>();
    others.put(firstEngine() + " (SQL text)", idsByCondition(run(text, firstEngine())));
    others.put(secondEngine() + " (SQL text)", idsByCondition(run(text, secondEngine())));
    for (int i = 0; i < conditions.size(); i++) {
      List<Object> want = expected.getOrDefault(i, List.of());
      for (Map.Entry<String, Map<Integer, List<Object>>> other : others.entrySet()) {
        List<Object> got = other.getValue().getOrDefault(i, List.of());
        if (!got.equals(want)) {
          faults.add(
              String.format(
                  "filter %s%n    keeps ids %s on %s (tree) but %s on %s",
                  conditions.get(i).toSql(), want, firstEngine(), got, other.getKey()));
          break;
        }
      }
    }
  }

  /**
   * The OR of {@code terms} as a balanced tree, so that its SQL text nests no deeper than needed.
   */
  private static Expr balancedOr(List<Expr> terms) {
    if (terms.size() == 1) {
      return terms.get(0);
    }
    int half = terms.size() / 2;
    return balancedOr(terms.subList(0, half)).or(balancedOr(terms.subList(half, terms.size())));
  }

  /** The value of every condition on every row. */
  private void compareValues(DataFrame frame, List<Expr> conditions, List<String> faults) {
    List<Expr> columns = new ArrayList<>();
    columns.add(col("id"));
    for (int i = 0; i < conditions.size(); i++) {
      columns.add(conditions.get(i).as("c" + i));
    }
    DataFrame values = frame.select(columns.toArray(Expr[]::new));
    List<Row> first = byId(run(values, firstEngine()));
    List<Row> second = byId(run(values, secondEngine()));
    for (int i = 0; i < conditions.size(); i++) {
      for (int r = 0; r < first.size(); r++) {
        Object a = first.get(r).get(i + 1);
        Object b = second.get(r).get(i + 1);
        if (!Objects.equals(a, b)) {
          faults.add(
              String.format(
                  "value of %s%n    on id %s is %s on %s but %s on %s",
                  conditions.get(i).toSql(),
                  first.get(r).get(0),
                  a,
                  firstEngine(),
                  b,
                  secondEngine()));
          break;
        }
      }
    }
  }

  private static List<Row> run(DataFrame df, String engine) {
    try {
      return df.on(engine).collect();
    } catch (FrameshiftException e) {
      throw new AssertionError(engine + " failed on conditions that always evaluate: " + e, e);
    }
  }

  /** The rows in the order of their ids, which the first column holds. */
  private static List<Row> byId(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> Integer.compare((Integer) a.get(0), (Integer) b.get(0)));
    return sorted;
  }

  private static Map<Integer, List<Object>> idsByCondition(List<Row> rows) {
    Map<Integer, List<Object>> out = new TreeMap<>();
    for (Row r : rows) {
      out.computeIfAbsent((Integer) r.get(0), k -> new ArrayList<>()).add(r.get(1));
    }
    out.values().forEach(ids -> ids.sort((a, b) -> Integer.compare((Integer) a, (Integer) b)));
    return out;
  }

  @Provide
  Arbitrary<List<Object[]>> frames() {
    return RandomConditions.sampleRows();
  }

  @Provide
  Arbitrary<List<Expr>> batches() {
    return RandomConditions.over(RandomConditions.SAMPLE_SCHEMA).list().ofSize(BATCH);
  }
}
