package io.frameshift.examples;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.when;

import io.frameshift.Comparison;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One Iceberg table, several engines, no server: a product inventory in the embedded warehouse
 * (catalog {@code lake}, Iceberg's JDBC catalog on a SQLite file).
 *
 * <ol>
 *   <li>a batch load of 100 products, written by the local engine;
 *   <li>micro-batches of inventory changes (stock and price deltas), each folded into the table by
 *       an upsert on {@code product_id}; the AUTO selector picks the engine for each batch: the
 *       small ones stay in-process, and a large backlog of events read from a Parquet file is
 *       placed on Spark (this demo's data is a thousand times smaller than a real lake's, so it
 *       scales the selector's size thresholds down by as much);
 *   <li>analytics on the unified table, computed on both engines and checked to agree;
 *   <li>the snapshot history, with the engine that wrote each snapshot.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -B -q -Pdemo package -DskipTests
 * -Ddemo.mainClass=io.frameshift.examples.MultiEngineTables}. Arguments: working directory (the
 * warehouse and the event file go there; the demo command passes the Quickstart's {@code
 * target/quickstart-data}, so both examples' tables share one warehouse; {@code
 * target/multi-engine} without arguments), number of events in the backlog (default 300,000).
 */
public final class MultiEngineTables {
  private MultiEngineTables() {}

  static final String TABLE = "lake.demo.product_inventory";
  private static final String[] CATEGORIES = {"Electronics", "Clothing", "Books", "Home", "Sports"};

  public static void main(String[] args) {
    Path dir = Paths.get(args.length > 0 ? args[0] : "target/multi-engine");
    int backlogEvents = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.warehouse", dir.resolve("warehouse").toString())
            // the seed rule, not a calibrated profile, so the run decides the same everywhere;
            // thresholds scaled to this demo's data: under 1 MB in-process, from 2 MB Spark
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.localMaxMb", "1")
            .config("frameshift.selector.sparkMinMb", "2")
            .config("spark.ui.enabled", "false")
            .build()) {
      run(fs, dir, backlogEvents);
    }
  }

  static void run(Frameshift fs, Path dir, int backlogEvents) {
    Random random = new Random(2025);
    // a fresh table for every run of the demo
    fs.catalog("lake").purgeTable("demo.product_inventory");

    // ---- 1. batch load by the local engine ---------------------------------------------------
    Instant loadTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Object[]> products = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
      products.add(
          new Object[] {
            String.format("prod_%05d", i),
            category + " Item " + i,
            category,
            (long) random.nextInt(501),
            Math.round((10 + random.nextDouble() * 490) * 100) / 100.0,
            loadTime,
            "batch_load"
          });
    }
    fs.createDataFrame(inventorySchema(), products.toArray(Object[][]::new))
        .on("local")
        .write()
        .option("tag", "batch_load")
        .table(TABLE);
    Table table = fs.table(TABLE);
    System.out.printf("1. Batch load: 100 products written to %s by the local engine%n", TABLE);
    System.out.println("   warehouse: " + dir.resolve("warehouse") + " (" + table.location() + ")");
    System.out.println();

    // ---- 2. micro-batches of inventory changes, upserted by the engine AUTO picks -------------
    System.out.println("2. Inventory updates, upserted by product_id (AUTO picks the engine)");
    for (int batch = 1; batch <= 3; batch++) {
      List<Object[]> events = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        events.add(event(random, 100, loadTime.plusSeconds(60L * batch + i)));
      }
      DataFrame changes = fs.createDataFrame(eventSchema(), events.toArray(Object[][]::new));
      upsertBatch(fs, table, changes, "micro-batch " + batch + " (20 events)", false);
    }
    // a backlog replayed from a file: large enough for the selector to send it to Spark
    Path backlog = dir.resolve("backlog_events.parquet");
    List<Object[]> events = new ArrayList<>(backlogEvents);
    // the backlog concerns the first 40 products (one warehouse's stock, say)
    for (int i = 0; i < backlogEvents; i++) {
      events.add(event(random, 40, loadTime.plusSeconds(600 + i / 1000)));
    }
    fs.createDataFrame(eventSchema(), events.toArray(Object[][]::new))
        .on("local")
        .write()
        .mode(WriteMode.OVERWRITE)
        .parquet(backlog.toString());
    DataFrame backlogChanges = fs.read().parquet(backlog.toString());
    upsertBatch(
        fs,
        table,
        backlogChanges,
        String.format("backlog of %,d events from %s", backlogEvents, backlog.getFileName()),
        true);
    System.out.println();

    // ---- 3. analytics on the unified table, on both engines ----------------------------------
    DataFrame bySource =
        fs.read()
            .table(TABLE)
            .groupBy("update_source")
            .agg(
                count().as("products"),
                avg("stock_quantity").round(1).as("avg_stock"),
                avg("price").round(2).as("avg_price"),
                sum(when(col("stock_quantity").lt(10)).then(1).otherwise(0)).as("low_stock"))
            .sort(asc("update_source"));
    System.out.println("3. Unified view: products by the source of their last change");
    bySource.show();
    Comparison both = bySource.compare();
    System.out.println("   the same query on every engine:");
    for (String line : both.toString().split("\n")) {
      System.out.println("     " + line);
    }
    System.out.println();

    // ---- 4. snapshot history ----------------------------------------------------------------
    System.out.println("4. Snapshot history of " + TABLE);
    System.out.printf(
        "   %-20s %-10s %-7s %-10s %8s %8s  %s%n",
        "snapshot", "operation", "engine", "change", "+rows", "-rows", "committed at");
    List<Snapshot> history = table.history();
    for (Snapshot s : history) {
      System.out.printf(
          "   %-20d %-10s %-7s %-10s %8s %8s  %s%n",
          s.id(),
          s.operation(),
          s.engine(),
          s.summary()
              .getOrDefault("frameshift.operation", s.summary().getOrDefault(Snapshot.TAG, "")),
          s.summary().getOrDefault("added-records", "0"),
          s.summary().getOrDefault("deleted-records", "0"),
          s.committedAt());
    }
    System.out.println(
        "   (+rows/-rows: an upsert rewrites the data files that hold its keys, copy-on-write;"
            + " here the table's one file)");
    DataFrame asLoaded =
        fs.read().option("versionAsOf", Long.toString(history.get(0).id())).table(TABLE);
    System.out.printf(
        "   time travel: the first snapshot still reads %d rows, all from the batch load (%d)%n",
        asLoaded.count(), asLoaded.filter(col("update_source").eq("batch_load")).count());

    // ---- the seed's validation ----------------------------------------------------------------
    long total = fs.read().table(TABLE).count();
    long loaded = fs.read().table(TABLE).filter(col("update_source").eq("batch_load")).count();
    long updated =
        fs.read().table(TABLE).filter(col("update_source").eq("streaming_update")).count();
    List<String> engines = history.stream().map(Snapshot::engine).distinct().toList();
    check(total == 100, "100 products, found " + total);
    check(loaded + updated == total, "every product from the load or an update");
    check(updated > 0, "some products updated");
    check(history.size() == 5, "5 snapshots (load, 3 micro-batches, backlog), found " + history);
    check(both.agree(), "both engines agree: " + both);
    System.out.printf(
        "%nChecked: %d products (%d as loaded, %d updated), %d snapshots written by %s%n",
        total, loaded, updated, history.size(), engines);
  }

  /**
   * Folds one batch of events into the table: the deltas summed per product, applied to the
   * products' current rows, and the changed rows upserted. AUTO places each step of the batch; the
   * upsert runs on the engine that holds its rows.
   */
  private static void upsertBatch(
      Frameshift fs, Table table, DataFrame events, String what, boolean explain) {
    DataFrame deltas =
        events
            .groupBy("product_id")
            .agg(
                sum("stock_delta").as("stock_delta"),
                sum("price_delta").as("price_delta"),
                max("event_time").as("event_time"));
    DataFrame changed =
        fs.read()
            .table(TABLE)
            .join(deltas, "product_id")
            .select(
                col("product_id"),
                col("product_name"),
                col("category"),
                when(col("stock_quantity").plus(col("stock_delta")).lt(0))
                    .then(0L)
                    .otherwise(col("stock_quantity").plus(col("stock_delta")))
                    .as("stock_quantity"),
                when(col("price").plus(col("price_delta")).lt(1.0))
                    .then(1.0)
                    .otherwise(col("price").plus(col("price_delta")).round(2))
                    .as("price"),
                col("event_time").as("last_updated"),
                lit("streaming_update").as("update_source"));
    if (explain) {
      System.out.println("   where the " + what + " runs (explain):");
      for (String line : changed.explain().split("\n")) {
        System.out.println("     " + line);
      }
    }
    long before = System.nanoTime();
    table.upsert(changed, "product_id");
    Snapshot s = table.currentSnapshot().orElseThrow();
    System.out.printf(
        "   %-48s -> snapshot %d by engine %s (%d ms)%n",
        what, s.id(), s.engine(), (System.nanoTime() - before) / 1_000_000);
  }

  /** A change of the stock and price of one of the first {@code products} products. */
  private static Object[] event(Random random, int products, Instant at) {
    return new Object[] {
      String.format("prod_%05d", 1 + random.nextInt(products)),
      random.nextInt(21) - 10,
      Math.round((random.nextDouble() - 0.5) * 20) / 100.0,
      at
    };
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("Validation failed: " + what);
    }
  }

  static Schema inventorySchema() {
    return Schema.of(
        Field.of("product_id", DataType.STRING),
        Field.of("product_name", DataType.STRING),
        Field.of("category", DataType.STRING),
        Field.of("stock_quantity", DataType.INT64),
        Field.of("price", DataType.FLOAT64),
        Field.of("last_updated", DataType.TIMESTAMP),
        Field.of("update_source", DataType.STRING));
  }

  static Schema eventSchema() {
    return Schema.of(
        Field.of("product_id", DataType.STRING),
        Field.of("stock_delta", DataType.INT32),
        Field.of("price_delta", DataType.FLOAT64),
        Field.of("event_time", DataType.TIMESTAMP));
  }
}
