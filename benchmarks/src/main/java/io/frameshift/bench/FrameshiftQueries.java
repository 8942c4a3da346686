package io.frameshift.bench;

import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.median;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.stddev;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.JoinType;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Window;

/** The questions written once in the Frameshift API, for every engine it runs on. */
final class FrameshiftQueries {
  private FrameshiftQueries() {}

  /** The tables as DataFrames of one session. */
  record Frames(DataFrame x, DataFrame jx, DataFrame small, DataFrame medium, DataFrame big) {}

  static DataFrame query(Question q, Frames f) {
    DataFrame x = f.x();
    return switch (q) {
      case G1 -> x.groupBy("id1").agg(sum("v1").as("v1"));
      case G2 -> x.groupBy("id1", "id2").agg(sum("v1").as("v1"));
      case G3 -> x.groupBy("id3").agg(sum("v1").as("v1"), avg("v3").as("v3"));
      case G4 -> x.groupBy("id4").agg(avg("v1").as("v1"), avg("v2").as("v2"), avg("v3").as("v3"));
      case G5 -> x.groupBy("id6").agg(sum("v1").as("v1"), sum("v2").as("v2"), sum("v3").as("v3"));
      case G6 ->
          x.groupBy("id4", "id5").agg(median("v3").as("median_v3"), stddev("v3").as("sd_v3"));
      case G7 ->
          x.groupBy("id3")
              .agg(max("v1").as("max_v1"), min("v2").as("min_v2"))
              .select(col("id3"), col("max_v1").minus(col("min_v2")).as("range_v1_v2"));
      case G8 ->
          x.filter(col("v3").isNotNull())
              .select(col("id6"), col("v3"))
              .withColumn("rn", rowNumber().over(Window.partitionBy("id6").orderBy(desc("v3"))))
              .filter(col("rn").le(2))
              .select(col("id6"), col("v3").as("largest2_v3"));
      case G9 -> r2(x);
      case G10 ->
          x.groupBy("id1", "id2", "id3", "id4", "id5", "id6")
              .agg(sum("v3").as("v3"), count().as("count"));
      case J1 -> f.jx().join(f.small(), "id1");
      case J2 -> f.jx().join(f.medium(), "id2");
      case J3 -> f.jx().join(f.medium(), JoinType.LEFT, "id2");
      case J4 -> f.jx().join(f.medium(), "id5");
      case J5 -> f.jx().join(f.big(), "id3");
      case SORT -> x.sort("id3", "v3");
    };
  }

  /**
   * The squared correlation of v1 and v2 per group, from means of products (Frameshift has no
   * corr()): r2 = cov^2 / (var1 var2) with cov = E[v1 v2] - E[v1]E[v2], var = E[v^2] - E[v]^2.
   * Every system computes it with this same formula.
   */
  private static DataFrame r2(DataFrame x) {
    Expr m1 = col("m1");
    Expr m2 = col("m2");
    Expr cov = col("m12").minus(m1.times(m2));
    Expr var1 = col("m11").minus(m1.times(m1));
    Expr var2 = col("m22").minus(m2.times(m2));
    return x.groupBy("id2", "id4")
        .agg(
            avg(col("v1").times(col("v2"))).as("m12"),
            avg("v1").as("m1"),
            avg("v2").as("m2"),
            avg(col("v1").times(col("v1"))).as("m11"),
            avg(col("v2").times(col("v2"))).as("m22"))
        .select(col("id2"), col("id4"), cov.times(cov).div(var1.times(var2)).as("r2"));
  }
}
