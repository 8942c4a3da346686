package io.frameshift.examples;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.expr.Window;
import io.frameshift.table.Snapshot;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The main demo: generates a sample shop dataset (customers and a few hundred thousand orders),
 * reads the orders once into a cached frame, counts them per status, then finds each country's
 * three best-selling categories among completed orders with a filter, a join, a grouping, a window
 * rank and a sort, prints the result and where each step ran, and keeps the result as Parquet files
 * and as an Iceberg table of the embedded warehouse, whose snapshots it lists.
 *
 * <p>Run it with {@code ./mvnw -B -q -Pdemo package -DskipTests} (see the README). Arguments: data
 * directory, number of orders, engine ({@code auto}, {@code local} or {@code spark}); e.g. {@code
 * -Ddemo.args="target/quickstart-data 300000 spark"} runs the same program on Spark.
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    Path dir = Paths.get(args.length > 0 ? args[0] : "target/quickstart-data");
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    // "auto" lets the selector place each step; "local" or "spark" runs the same program there
    String engine = args.length > 2 ? args[2] : Frameshift.AUTO;
    long t0 = System.nanoTime();
    SampleData.generate(dir, 20_000, orders, 42);
    System.out.printf(
        "Generated %,d orders and 20,000 customers in %s (%d ms)%n%n",
        orders, dir, (System.nanoTime() - t0) / 1_000_000);

    // the embedded Iceberg warehouse (catalog "lake": Iceberg's JDBC catalog on a SQLite file);
    // without this setting it is ./frameshift-warehouse
    Path warehouse = dir.resolve("warehouse");
    try (Frameshift fs =
        Frameshift.builder()
            .engine(engine)
            .config("frameshift.warehouse", warehouse.toString())
            .build()) {
      // Several actions below use the orders: cache() has the first one parse the CSV file and
      // the others reuse the parsed rows instead of reading the file again.
      DataFrame orderRows =
          fs.read().option("header", "true").csv(dir.resolve("orders.csv").toString()).cache();
      DataFrame customers = fs.read().csv(dir.resolve("customers.csv").toString());
      System.out.println("orders:    " + orderRows.schema());
      System.out.println("customers: " + customers.schema());
      System.out.println();

      long t2 = System.nanoTime();
      orderRows.groupBy("status").agg(count().as("orders")).sort(asc("status")).show();
      System.out.printf(
          "(read and cached the orders, counted them in %d ms)%n%n",
          (System.nanoTime() - t2) / 1_000_000);

      DataFrame topCategories =
          orderRows
              .filter(col("status").eq("completed").and(col("amount").gt(0)))
              .join(customers, "customer_id")
              .groupBy("country", "category")
              .agg(
                  count().as("orders"),
                  countDistinct("customer_id").as("customers"),
                  sum("amount").as("revenue"),
                  avg("amount").as("avg_amount"))
              .withColumn("avg_amount", col("avg_amount").round(2))
              .withColumn("revenue", col("revenue").round(2))
              .withColumn(
                  "rank_in_country",
                  rank().over(Window.partitionBy("country").orderBy(desc("revenue"))))
              .filter("rank_in_country <= 3")
              .sort(asc("country"), asc("rank_in_country"));

      long t1 = System.nanoTime();
      topCategories.show(45);
      System.out.printf(
          "(computed from the cached orders in %d ms)%n%n", (System.nanoTime() - t1) / 1_000_000);
      System.out.println(topCategories.explain());

      Path out = dir.resolve("top_categories");
      topCategories.write().mode(WriteMode.OVERWRITE).parquet(out.toString());
      // the row count comes from the Parquet footers: no data is read
      long written = fs.read().parquet(out.toString()).count();
      System.out.println("Wrote the result to " + out + "/ as Parquet (" + written + " rows)");

      // ... and into an Iceberg table of the embedded warehouse: every run commits a snapshot,
      // and each snapshot records the engine that wrote it
      String table = "lake.shop.top_categories";
      fs.read()
          .parquet(out.toString())
          .write()
          .mode(WriteMode.OVERWRITE)
          .option("tag", "quickstart")
          .table(table);
      List<Snapshot> snapshots = fs.table(table).snapshots();
      System.out.printf(
          "Wrote it to table %s in %s (%d rows); its last snapshots:%n",
          table, warehouse, fs.read().table(table).count());
      for (Snapshot s : snapshots.subList(Math.max(0, snapshots.size() - 3), snapshots.size())) {
        System.out.printf(
            "  %d  %s  %-9s by %-5s  %s rows%n",
            s.id(), s.committedAt(), s.operation(), s.engine(), s.summary().get("total-records"));
      }
    }
  }
}
