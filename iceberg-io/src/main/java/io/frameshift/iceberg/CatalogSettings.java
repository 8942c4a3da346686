package io.frameshift.iceberg;

import io.frameshift.error.ConfigurationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The catalogs a session's settings configure: every {@code frameshift.catalog.NAME.KEY} setting
 * gives catalog NAME the Iceberg catalog property KEY. Without any, catalog {@value #DEFAULT} is
 * the embedded default: Iceberg's JDBC catalog on a SQLite file in {@code frameshift.warehouse}.
 */
final class CatalogSettings {
  static final String PREFIX = "frameshift.catalog.";
  static final String DEFAULT = "lake";
  static final String WAREHOUSE = "frameshift.warehouse";
  static final String DEFAULT_WAREHOUSE = "frameshift-warehouse";

  /**
   * SQLite waits this long for a lock before reporting the database busy; commits that still meet a
   * lock are retried by {@link Commits}.
   */
  static final String BUSY_TIMEOUT_MS = "10000";

  private CatalogSettings() {}

  /** Each catalog's Iceberg properties, by catalog name. */
  static Map<String, Map<String, String>> catalogs(Map<String, String> config) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (Map.Entry<String, String> e : config.entrySet()) {
      String k = e.getKey();
      if (!k.startsWith(PREFIX)) {
        continue;
      }
      String rest = k.substring(PREFIX.length());
      int dot = rest.indexOf('.');
      if (dot <= 0 || dot == rest.length() - 1) {
        throw new ConfigurationException(
            "Setting '"
                + k
                + "' must be "
                + PREFIX
                + "NAME.PROPERTY, e.g. "
                + PREFIX
                + "lake.type=jdbc");
      }
      out.computeIfAbsent(rest.substring(0, dot), n -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), e.getValue());
    }
    if (out.isEmpty()) {
      out.put(DEFAULT, embedded(config));
    }
    return out;
  }

  static TreeSet<String> names(Map<String, String> config) {
    return new TreeSet<>(catalogs(config).keySet());
  }

  /** The properties of catalog {@code name}; throws listing the configured ones if none. */
  static Map<String, String> of(String name, Map<String, String> config) {
    Map<String, Map<String, String>> all = catalogs(config);
    Map<String, String> props = all.get(name);
    if (props == null) {
      throw new ConfigurationException(
          "No catalog named '"
              + name
              + "'; configured catalogs: "
              + all.keySet()
              + " (configure one with "
              + PREFIX
              + name
              + ".type or ."
              + "catalog-impl)");
    }
    if (!props.containsKey("type") && !props.containsKey("catalog-impl")) {
      throw new ConfigurationException(
          "Catalog '"
              + name
              + "' has neither "
              + PREFIX
              + name
              + ".type (jdbc, hadoop, rest, hive, ...) nor "
              + PREFIX
              + name
              + ".catalog-impl; its settings: "
              + props.keySet());
    }
    return props;
  }

  /** The folder of the embedded catalog: {@code frameshift.warehouse}, absolute. */
  static Path warehouse(Map<String, String> config) {
    return Path.of(config.getOrDefault(WAREHOUSE, DEFAULT_WAREHOUSE)).toAbsolutePath().normalize();
  }

  /**
   * The embedded catalog: JDBC on {@code <warehouse>/catalog.db}, SQLite in WAL mode (readers do
   * not block the writer) with a busy timeout (a writer waits for another's lock instead of failing
   * at once). The paths are absolute so that every engine and process means the same files.
   */
  static Map<String, String> embedded(Map<String, String> config) {
    Path wh = warehouse(config);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("type", "jdbc");
    p.put("uri", "jdbc:sqlite:" + wh.resolve("catalog.db"));
    p.put("warehouse", wh.toString());
    p.put("jdbc.journal_mode", "WAL");
    p.put("jdbc.busy_timeout", BUSY_TIMEOUT_MS);
    // the catalog's current table layout (with views), instead of the legacy one and its warning
    p.put("jdbc.schema-version", "V1");
    // every file of the embedded warehouse is local: java.nio, not Hadoop's local file system
    // (which forks a chmod per file it creates; see LocalFileIO)
    p.put("io-impl", LocalFileIO.class.getName());
    return p;
  }

  /** Whether {@code props} is the embedded SQLite catalog (its folder is made on open). */
  static boolean isSqlite(Map<String, String> props) {
    return props.getOrDefault("uri", "").startsWith("jdbc:sqlite:");
  }
}
