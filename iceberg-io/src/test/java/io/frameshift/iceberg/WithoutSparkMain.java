package io.frameshift.iceberg;

import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import java.util.List;
import java.util.Map;

/**
 * Run by {@link WithoutSparkTest} in a JVM without Spark on the class path, as an application with
 * only the local engine has: a table is created, written and read back with Iceberg's generic
 * reader. Prints {@code OK <rows>}.
 */
public final class WithoutSparkMain {
  private WithoutSparkMain() {}

  public static void main(String[] args) {
    try {
      Class.forName("org.apache.spark.sql.SparkSession");
      throw new IllegalStateException("Spark is on the class path");
    } catch (ClassNotFoundException expected) {
      // as in an application without Spark
    }
    Map<String, String> config = Map.of("frameshift.warehouse", args[0]);
    IcebergTableProvider provider = new IcebergTableProvider();
    if (!provider.engineSettings(config).isEmpty()) {
      throw new IllegalStateException(
          "Spark settings without Spark: " + provider.engineSettings(config));
    }
    try (TableCatalog lake = provider.open("lake", config)) {
      lake.create(
          "shop.products",
          Lake.PRODUCTS,
          io.frameshift.table.PartitionSpec.UNPARTITIONED,
          Map.of());
      TableHandle t = lake.load("shop.products");
      TableWrite w = t.newWrite(WriteMode.APPEND, Map.of());
      w.commit(
          List.of(
              DataFiles.write(
                  w,
                  ((IcebergWrite) w).icebergSchema(),
                  List.of(),
                  List.of(
                      Lake.product(1, "a", 1), Lake.product(2, "a", 2), Lake.product(3, "b", 3)))),
          "test");
      TableScan scan = t.scan(Map.of());
      long rows = 0;
      for (TableScan.DataFileTask task : scan.plan(null, null)) {
        rows += ArrowRows.toRows(scan.readWithDeletes(task, null)).size();
      }
      System.out.println("OK " + rows);
    }
  }
}
