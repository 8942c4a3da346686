package io.frameshift.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Raw Spark through the Dataset API, on the harness's shared local session. A result is
 * materialised as db-benchmark's Spark scripts do: persisted in memory and counted.
 */
final class SparkPeer implements Peer {
  private final Map<String, String> config;
  private SparkSession spark;
  private Dataset<Row> x;
  private Dataset<Row> jx;
  private Dataset<Row> small;
  private Dataset<Row> medium;
  private Dataset<Row> big;

  SparkPeer(Map<String, String> config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "raw Spark";
  }

  @Override
  public void load(Inputs in) {
    spark = SparkData.session(config);
    if (in.groupBy() != null) {
      x = SparkData.of(spark, in.groupBy());
    }
    if (in.join() != null) {
      jx = SparkData.of(spark, in.join().x());
      small = SparkData.of(spark, in.join().small());
      medium = SparkData.of(spark, in.join().medium());
      big = SparkData.of(spark, in.join().big());
    }
  }

  private Dataset<Row> query(Question q) {
    return switch (q) {
      case G1 -> x.groupBy("id1").agg(sum("v1").as("v1"));
      case G2 -> x.groupBy("id1", "id2").agg(sum("v1").as("v1"));
      case G3 -> x.groupBy("id3").agg(sum("v1").as("v1"), avg("v3").as("v3"));
      case G4 -> x.groupBy("id4").agg(avg("v1").as("v1"), avg("v2").as("v2"), avg("v3").as("v3"));
      case G5 -> x.groupBy("id6").agg(sum("v1").as("v1"), sum("v2").as("v2"), sum("v3").as("v3"));
      case G6 ->
          x.groupBy("id4", "id5").agg(median(col("v3")).as("median_v3"), stddev("v3").as("sd_v3"));
      case G7 -> x.groupBy("id3").agg(max("v1").minus(min("v2")).as("range_v1_v2"));
      case G8 ->
          x.filter(col("v3").isNotNull())
              .select(
                  col("id6"),
                  col("v3").as("largest2_v3"),
                  row_number().over(Window.partitionBy("id6").orderBy(desc("v3"))).as("rn"))
              .filter(col("rn").leq(2))
              .select("id6", "largest2_v3");
      case G9 -> {
        Column m1 = col("m1");
        Column m2 = col("m2");
        Column cov = col("m12").minus(m1.multiply(m2));
        Column var1 = col("m11").minus(m1.multiply(m1));
        Column var2 = col("m22").minus(m2.multiply(m2));
        yield x.groupBy("id2", "id4")
            .agg(
                avg(col("v1").multiply(col("v2"))).as("m12"),
                avg("v1").as("m1"),
                avg("v2").as("m2"),
                avg(col("v1").multiply(col("v1"))).as("m11"),
                avg(col("v2").multiply(col("v2"))).as("m22"))
            .select(col("id2"), col("id4"), cov.multiply(cov).divide(var1.multiply(var2)).as("r2"));
      }
      case G10 ->
          x.groupBy("id1", "id2", "id3", "id4", "id5", "id6")
              .agg(sum("v3").as("v3"), count(lit(1)).as("count"));
      case J1 -> join(jx, small, "id1", "inner");
      case J2 -> join(jx, medium, "id2", "inner");
      case J3 -> join(jx, medium, "id2", "left");
      case J4 -> join(jx, medium, "id5", "inner");
      case J5 -> join(jx, big, "id3", "inner");
      case SORT -> x.orderBy("id3", "v3");
    };
  }

  private static Dataset<Row> join(Dataset<Row> l, Dataset<Row> r, String key, String type) {
    return l.join(r, CollectionConverters.asScala(List.of(key)).toSeq(), type);
  }

  @Override
  public Result run(Question q) {
    Dataset<Row> ds = query(q).persist(StorageLevel.MEMORY_ONLY());
    ds.count();
    return new Result() {
      @Override
      public Answer answer() {
        return check(q, ds);
      }

      @Override
      public void release() {
        ds.unpersist(true);
      }
    };
  }

  /** The checksum of a Spark result; shared with Frameshift's Spark engine. */
  static Answer check(Question q, Dataset<Row> ds) {
    Column[] aggs = new Column[q.checked().size() + 1];
    for (int i = 0; i < q.checked().size(); i++) {
      aggs[i] = sum(col(q.checked().get(i)).cast("double"));
    }
    aggs[aggs.length - 1] = count(lit(1));
    Row r = ds.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).first();
    long rows = r.getLong(aggs.length - 1);
    double[] sums = new double[q.checked().size()];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
    if (q != Question.SORT) {
      return new Answer(rows, sums);
    }
    int v3 = ds.schema().fieldIndex("v3");
    Row first = ds.first();
    Row last = ((Row[]) ds.tail(1))[0];
    return new Answer(rows, new double[] {sums[0], first.getDouble(v3), last.getDouble(v3)});
  }

  @Override
  public void close() {
    for (Dataset<Row> d : new Dataset[] {x, jx, small, medium, big}) {
      if (d != null) {
        d.unpersist(true);
      }
    }
    x = jx = small = medium = big = null;
    // the session is shared; it stops when the JVM exits
  }
}
