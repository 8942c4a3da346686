package io.frameshift.spark;

import io.frameshift.Row;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds analysed plans over small tables and runs them on the shared Spark engine. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  static SparkEngine spark() {
    return SharedSpark.ENGINE;
  }

  /** A table of {@code rows}, each the values of one row in {@code schema}'s order. */
  static LogicalPlan table(Schema schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(Row.of(schema, r));
    }
    return Analyzer.values(schema, list);
  }

  static Object[] row(Object... values) {
    return values;
  }

  /** One column {@code x} of {@code type} holding {@code values}, one per row. */
  static LogicalPlan column(DataType type, Object... values) {
    Schema s = Schema.builder().column("x", type).build();
    return table(s, Arrays.stream(values).map(v -> new Object[] {v}).toArray(Object[][]::new));
  }

  static List<Row> collect(LogicalPlan plan) {
    return PlanRunner.collect(spark(), plan);
  }

  /** The rows' values, for comparing with expected lists. */
  static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::values).map(ArrayList::new).map(l -> (List<Object>) l).toList();
  }

  static List<List<Object>> run(LogicalPlan plan) {
    return values(collect(plan));
  }

  /** {@code e} evaluated on every row of {@code input}, in row order. */
  static List<Object> eval(LogicalPlan input, Expr e) {
    return collect(Analyzer.select(input, List.of(e.as("out")))).stream()
        .map(r -> r.get(0))
        .toList();
  }

  /** {@code e} evaluated once, on a one-row table. */
  static Object eval(Expr e) {
    return eval(column(DataType.INT32, 1), e).get(0);
  }

  static List<Object> list(Object... values) {
    return Arrays.asList(values);
  }
}
