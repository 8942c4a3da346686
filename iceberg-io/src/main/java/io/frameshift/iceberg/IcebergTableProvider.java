package io.frameshift.iceberg;

import io.frameshift.error.ConfigurationException;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * Apache Iceberg catalogs for Frameshift sessions, found by {@link java.util.ServiceLoader}:
 * catalogs come from {@code frameshift.catalog.NAME.*} settings holding Iceberg's own catalog
 * properties ({@code type}, {@code catalog-impl}, {@code uri}, {@code warehouse}, {@code jdbc.*},
 * {@code io-impl}, ...). Without any, catalog {@code lake} is an embedded JDBC catalog on a SQLite
 * file in {@code frameshift.warehouse} (default {@code ./frameshift-warehouse}). The same
 * properties configure an Iceberg {@code SparkCatalog} of the same name for the Spark engine.
 */
public final class IcebergTableProvider implements TableProvider {
  static final String SPARK_CATALOG = "org.apache.iceberg.spark.SparkCatalog";
  static final String SPARK_EXTENSIONS =
      "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions";

  /** The number of times a commit is tried again after a conflict or a locked catalog. */
  static final String COMMIT_RETRIES = "frameshift.iceberg.commitRetries";

  static final int DEFAULT_COMMIT_RETRIES = 10;

  @Override
  public String name() {
    return "iceberg";
  }

  @Override
  public Set<String> catalogNames(Map<String, String> config) {
    return CatalogSettings.names(config);
  }

  /**
   * For each catalog, an Iceberg {@code SparkCatalog} of the same name with the same properties
   * (JdbcCatalog keys its rows by catalog name, so the names must agree) and its table cache off
   * (it would hide commits of the local engine for 30 s); and Iceberg's SQL extensions, which MERGE
   * and row-level changes need and which Spark reads only when its session starts. Nothing when
   * Spark or Iceberg's Spark module is not on the class path.
   */
  @Override
  public Map<String, String> engineSettings(Map<String, String> config) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!onClassPath(SPARK_EXTENSIONS) || !onClassPath("org.apache.spark.sql.SparkSession")) {
      return out;
    }
    out.put("spark.sql.extensions", SPARK_EXTENSIONS);
    // Frameshift's writes align the frame to the table (casts, null checks of its own); Spark's
    // nullability check would refuse a nullable frame column for a required table column.
    out.put("spark.sql.iceberg.check-nullability", "false");
    for (Map.Entry<String, Map<String, String>> c : CatalogSettings.catalogs(config).entrySet()) {
      String prefix = "spark.sql.catalog." + c.getKey();
      out.put(prefix, SPARK_CATALOG);
      c.getValue().forEach((k, v) -> out.put(prefix + "." + k, v));
      out.put(prefix + ".cache-enabled", "false");
    }
    return out;
  }

  @Override
  public TableCatalog open(String name, Map<String, String> config) {
    Map<String, String> props = CatalogSettings.of(name, config);
    if (CatalogSettings.isSqlite(props)) {
      // SQLite creates the database file but not its folder
      Path db = Path.of(props.get("uri").substring("jdbc:sqlite:".length()));
      try {
        if (db.getParent() != null) {
          Files.createDirectories(db.getParent());
        }
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot create the folder of catalog '" + name + "' at " + db.getParent() + ": " + e,
            e);
      }
    }
    Catalog catalog;
    try {
      catalog = CatalogUtil.buildIcebergCatalog(name, props, new Configuration());
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Cannot open Iceberg catalog '"
              + name
              + "' with properties "
              + props
              + " (settings "
              + CatalogSettings.PREFIX
              + name
              + ".*): "
              + e.getMessage(),
          e);
    }
    return new IcebergCatalog(name, catalog, commitRetries(config));
  }

  static int commitRetries(Map<String, String> config) {
    String v = config.get(COMMIT_RETRIES);
    if (v == null) {
      return DEFAULT_COMMIT_RETRIES;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        COMMIT_RETRIES + " is '" + v + "'; expected a whole number of retries, 0 or more");
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, IcebergTableProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
