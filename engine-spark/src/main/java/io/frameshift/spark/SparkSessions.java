package io.frameshift.spark;

import io.frameshift.error.EngineException;
import io.frameshift.error.FrameshiftException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and shares the SparkSession of engines made from configuration. Spark allows one
 * SparkContext per JVM, so every such engine of the JVM uses the same session; the session is
 * stopped when the last engine that uses it closes, and only if Frameshift started it.
 */
final class SparkSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  /**
   * SQL settings the semantics contract depends on: names are case-sensitive, arithmetic and casts
   * are ANSI, timestamps print and convert in UTC, collected values are java.time objects, and
   * decimal results keep the scale analysis gives them (no silent rounding when precision passes
   * 38: such a value raises instead).
   */
  static final Map<String, String> CONTRACT_SETTINGS =
      Map.of(
          "spark.sql.caseSensitive", "true",
          "spark.sql.ansi.enabled", "true",
          "spark.sql.session.timeZone", "UTC",
          "spark.sql.datetime.java8API.enabled", "true",
          "spark.sql.decimalOperations.allowPrecisionLoss", "false",
          // Arrow hand-offs read strings as Utf8 (32-bit offsets), as ArrowTypes maps them.
          "spark.sql.execution.arrow.useLargeVarTypes", "false",
          // Parquet timestamps as the type table says: INT64 micros (not Spark's legacy INT96),
          // instants adjusted to UTC, TIMESTAMP_NTZ not
          "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  private static SparkSession shared;
  private static boolean owned;
  private static int users;

  private SparkSessions() {}

  /** Whether a Spark master URL runs everything inside this JVM. */
  static boolean isLocal(String master) {
    return master.startsWith("local");
  }

  /**
   * The builder settings for an engine's configuration: Frameshift's defaults, then every {@code
   * spark.*} key of {@code config} (which wins, with a warning where it changes a setting the
   * semantics contract depends on).
   */
  static Map<String, String> settings(Map<String, String> config) {
    Map<String, String> out = new LinkedHashMap<>();
    String master = config.getOrDefault("spark.master", "local[*]");
    out.put("spark.master", master);
    out.put("spark.app.name", "frameshift");
    out.put("spark.ui.enabled", "false");
    if (isLocal(master)) {
      // A local session shuffles into few partitions: Spark's 200 are 200 tiny tasks on a laptop.
      out.put("spark.sql.shuffle.partitions", "4");
      // Loopback keeps an embedded driver off the network (and working when the host name does
      // not resolve).
      out.put("spark.driver.host", "127.0.0.1");
      out.put("spark.driver.bindAddress", "127.0.0.1");
    }
    out.putAll(CONTRACT_SETTINGS);
    config.forEach(
        (k, v) -> {
          if (!k.startsWith("spark.")) {
            return;
          }
          String contract = CONTRACT_SETTINGS.get(k);
          if (contract != null && !contract.equalsIgnoreCase(v.trim())) {
            LOG.warn(
                "{}={} overrides Frameshift's {}: Spark results may then differ from"
                    + " docs/semantics.md",
                k,
                v,
                contract);
          }
          out.put(k, v);
        });
    return out;
  }

  /** The shared session, started with {@code config} if no engine holds one; counts a user. */
  static synchronized SparkSession acquire(Map<String, String> config) {
    boolean started = false;
    if (shared == null || shared.sparkContext().isStopped()) {
      Map<String, String> settings = settings(config);
      boolean existing = SparkSession.getDefaultSession().isDefined();
      if (!existing) {
        JvmFlags.check();
        checkReachable(settings.get("spark.master"), config);
        quietLogs();
      }
      shared = start(settings);
      started = !existing;
      owned = !existing;
      users = 0;
      if (existing) {
        LOG.info(
            "Using the SparkSession this JVM already has (master {}); Frameshift will not stop it",
            shared.sparkContext().master());
        applyContractSettings(shared);
      }
    } else if (config.containsKey("spark.master")
        && !config.get("spark.master").equals(shared.sparkContext().master())) {
      LOG.warn(
          "spark.master={} is ignored: this JVM's Spark session already runs on {}, and Spark"
              + " allows one per JVM",
          config.get("spark.master"),
          shared.sparkContext().master());
    }
    if (!started) {
      applyCatalogSettings(shared, config);
    }
    users++;
    return shared;
  }

  /**
   * Table catalogs ({@code spark.sql.catalog.*}) that a session started earlier in this JVM lacks
   * are set on it: Spark loads a catalog on its first use, so a runtime setting works until then. A
   * catalog already set to something else, or SQL extensions the session started without, cannot
   * change: that is logged.
   */
  static void applyCatalogSettings(SparkSession session, Map<String, String> config) {
    config.forEach(
        (k, v) -> {
          if (k.startsWith("spark.sql.catalog.")) {
            scala.Option<String> had = session.conf().getOption(k);
            if (had.isEmpty()) {
              session.conf().set(k, v);
            } else if (!had.get().equals(v)) {
              LOG.warn(
                  "{}={} is ignored: this JVM's Spark session already has {}, and a catalog keeps"
                      + " its settings for the session's life",
                  k,
                  v,
                  had.get());
            }
          } else if (k.equals("spark.sql.extensions")) {
            String had = session.conf().getOption(k).getOrElse(() -> "");
            for (String ext : v.split(",")) {
              if (!ext.isBlank() && !had.contains(ext.trim())) {
                LOG.warn(
                    "The Spark session of this JVM started without SQL extension {}: Spark reads"
                        + " spark.sql.extensions only at start-up",
                    ext.trim());
              }
            }
          }
        });
  }

  /** Forgets one user of {@code session}; the last one stops it if Frameshift started it. */
  static synchronized void release(SparkSession session) {
    if (session != shared) {
      return;
    }
    users--;
    if (users <= 0) {
      if (owned) {
        shared.stop();
      }
      shared = null;
      users = 0;
    }
  }

  private static SparkSession start(Map<String, String> settings) {
    try {
      SparkSession.Builder builder = SparkSession.builder();
      settings.forEach(builder::config);
      return builder.getOrCreate();
    } catch (FrameshiftException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new EngineException(
          "Could not start a Spark session with master '"
              + settings.get("spark.master")
              + "': "
              + e
              + (isLocal(settings.get("spark.master"))
                  ? ""
                  : "; check that the cluster is reachable from this machine and that"
                      + " spark.driver.host is an address its executors can connect back to"),
          e);
    }
  }

  /**
   * Sets the contract's SQL settings on a session Frameshift did not build. They are runtime
   * settings, so they take effect at once; they change that session for its other users too.
   */
  static void applyContractSettings(SparkSession session) {
    CONTRACT_SETTINGS.forEach((k, v) -> session.conf().set(k, v));
  }

  /**
   * Spark logs its start-up and every failed task at INFO and ERROR with stack traces; Frameshift
   * reports failures as exceptions, so without a logging configuration of the user's own the
   * session logs warnings only. A user's log4j2 configuration is left alone.
   */
  private static void quietLogs() {
    if (userConfiguredLogging()) {
      return;
    }
    try {
      // Spark installs its own log4j2 defaults (level INFO) on first use; let it do so now, then
      // lower the levels, or it would reset them when the context starts.
      new org.apache.spark.SparkConf(false).initializeLogIfNecessary(false, false);
      org.apache.logging.log4j.core.config.Configurator.setRootLevel(
          org.apache.logging.log4j.Level.WARN);
      // Task failures surface as Frameshift exceptions; Spark would also log each with its trace.
      for (String failures :
          List.of(
              "org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager")) {
        org.apache.logging.log4j.core.config.Configurator.setLevel(
            failures, org.apache.logging.log4j.Level.OFF);
      }
      // Start-up notes (no native Hadoop, loopback host name) and a warning on every run of a
      // window without partitions, which Window.orderBy(..) asks for on purpose.
      for (String chatty :
          List.of(
              "org.apache.hadoop.util.NativeCodeLoader",
              "org.apache.spark.util.Utils",
              "org.apache.spark.sql.execution.window.WindowExec")) {
        org.apache.logging.log4j.core.config.Configurator.setLevel(
            chatty, org.apache.logging.log4j.Level.ERROR);
      }
    } catch (LinkageError e) {
      // log4j-core is not Spark's logging back-end in this application: nothing to quiet.
    }
  }

  private static boolean userConfiguredLogging() {
    if (System.getProperty("log4j2.configurationFile") != null
        || System.getProperty("log4j.configurationFile") != null) {
      return true;
    }
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    if (cl == null) {
      cl = SparkSessions.class.getClassLoader();
    }
    for (String base : List.of("log4j2-test", "log4j2")) {
      for (String ext : List.of("properties", "xml", "yaml", "yml", "json", "jsn")) {
        if (cl.getResource(base + "." + ext) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Fails fast when no master of a {@code spark://} URL accepts a connection: Spark itself retries
   * for about a minute before giving up, which would hold a job (and a fallback) that long. The
   * timeout per master is {@code frameshift.spark.connectTimeoutMs} (default 5000).
   */
  static void checkReachable(String master, Map<String, String> config) {
    if (master == null || !master.startsWith("spark://")) {
      return;
    }
    int timeout;
    try {
      timeout =
          Integer.parseInt(config.getOrDefault("frameshift.spark.connectTimeoutMs", "5000").trim());
    } catch (NumberFormatException e) {
      throw new io.frameshift.error.InvalidOptionException(
          "frameshift.spark.connectTimeoutMs is '"
              + config.get("frameshift.spark.connectTimeoutMs")
              + "'; expected a whole number of milliseconds");
    }
    List<String> failures = new java.util.ArrayList<>();
    for (String hostPort : master.substring("spark://".length()).split(",")) {
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1).trim());
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(host.trim(), port), timeout);
        return;
      } catch (java.io.IOException | IllegalArgumentException e) {
        failures.add(hostPort + " (" + e.getMessage() + ")");
      }
    }
    throw new EngineException(
        "Spark master "
            + master
            + " is unreachable: "
            + String.join(", ", failures)
            + "; check spark.master and that the cluster is up");
  }
}
