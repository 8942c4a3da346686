package io.frameshift.testkit;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.JoinType;
import io.frameshift.expr.Window;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart end to end: filter, join, groupBy, derived column, window, sort, limit.
 */
public interface PipelineConformance extends ConformanceBase {

  private DataFrame orders() {
    return frame(
        schema(
            field("order_id", INT64),
            field("customer_id", INT32),
            field("status", STRING),
            field("amount", FLOAT64)),
        row(1L, 10, "active", 100.0),
        row(2L, 10, "active", 50.0),
        row(3L, 11, "cancelled", 70.0),
        row(4L, 11, "active", 30.0),
        row(5L, 12, "active", -5.0),
        row(6L, 13, "active", 20.0),
        row(7L, 12, "active", 80.0),
        row(8L, null, "active", 10.0),
        row(9L, 14, null, 60.0),
        row(10L, 14, "active", 25.0));
  }

  private DataFrame customers() {
    return frame(
        schema(field("customer_id", INT32), field("country", STRING)),
        row(10, "FR"),
        row(11, "DE"),
        row(12, "FR"),
        row(14, "JP"),
        row(15, "US"));
  }

  /** Everything after the filter, so the DSL and the SQL-string filters share it. */
  private DataFrame topCountries(DataFrame activeOrders) {
    return activeOrders
        .join(customers(), "customer_id")
        .groupBy("country")
        .agg(count().as("n"), sum("amount").as("total"))
        .withColumn("avg", col("total").div(col("n")))
        .withColumn("rank", rank().over(Window.orderBy(desc("total"))))
        .sort(desc("total"))
        .limit(10);
  }

  private void assertTopCountries(DataFrame result) {
    assertSchema(
        result,
        field("country", STRING),
        field("n", INT64),
        field("total", FLOAT64),
        field("avg", FLOAT64),
        field("rank", INT32));
    assertOrderedRows(
        result,
        row("FR", 3L, 230.0, 230.0 / 3.0, 1),
        row("DE", 1L, 30.0, 30.0, 2),
        row("JP", 1L, 25.0, 25.0, 3));
  }

  @Test
  default void quickstartPipeline() {
    assertTopCountries(
        topCountries(orders().filter(col("status").eq("active").and(col("amount").gt(0)))));
  }

  @Test
  default void quickstartPipelineWithAConditionString() {
    assertTopCountries(topCountries(orders().filter("status = 'active' AND amount > 0")));
  }

  @Test
  default void countActionCountsTheRows() {
    assertThat(orders().filter(col("status").eq("active")).count()).isEqualTo(8L);
    assertThat(orders().filter(col("amount").gt(1000)).count()).isZero();
    assertThat(orders().filter(col("amount").gt(1000)).agg(count()).count()).isEqualTo(1L);
  }

  @Test
  default void runningTotalPerCountryAfterALeftJoin() {
    DataFrame result =
        orders()
            .filter(col("status").eq("active"))
            .join(customers(), JoinType.LEFT, "customer_id")
            .withColumn("country", coalesce(col("country"), lit("??")))
            .withColumn(
                "running", sum("amount").over(Window.partitionBy("country").orderBy("order_id")))
            .filter(col("country").eq("FR"))
            .select("order_id", "amount", "running")
            .sort("order_id");
    assertOrderedRows(
        result,
        row(1L, 100.0, 100.0),
        row(2L, 50.0, 150.0),
        row(5L, -5.0, 145.0),
        row(7L, 80.0, 225.0));
  }
}
