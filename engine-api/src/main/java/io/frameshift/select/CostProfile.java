package io.frameshift.select;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this machine's engines cost, as measured by {@link Calibration}: per engine a fixed overhead
 * per operation, a cost per input row of each {@link OperationKind} and the time to start it while
 * cold, plus the Arrow hand-off cost per byte. Stored as JSON (by default {@code
 * ~/.frameshift/profile.json}), keyed by engine name; sessions load it and keep it up to date with
 * measured runs.
 *
 * @param engines per engine name, its costs
 * @param transferNanosPerByte the time to move one byte of a frame between engines through Arrow
 * @param machine a description of the machine measured
 * @param measuredAt when, ISO-8601
 */
public record CostProfile(
    Map<String, EngineCosts> engines,
    double transferNanosPerByte,
    String machine,
    String measuredAt) {

  /** Where a session looks for a profile unless {@code frameshift.selector.profile} says. */
  public static final Path DEFAULT_PATH =
      Paths.get(System.getProperty("user.home"), ".frameshift", "profile.json");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public CostProfile {
    engines = Map.copyOf(engines);
  }

  /**
   * One engine's costs.
   *
   * @param overheadMillis fixed cost of one operation (task scheduling, job set-up)
   * @param nanosPerRow cost per input row of each operation kind
   * @param startupMillis the time to start the engine while it is cold, or {@link #UNMEASURED}:
   *     then the start-up cost the engine declares in its traits counts
   */
  public record EngineCosts(
      double overheadMillis, Map<OperationKind, Double> nanosPerRow, double startupMillis) {
    /** The start-up of a profile that did not measure it (written before it was measured). */
    public static final double UNMEASURED = -1;

    public EngineCosts {
      EnumMap<OperationKind, Double> m = new EnumMap<>(OperationKind.class);
      m.putAll(nanosPerRow);
      nanosPerRow = java.util.Collections.unmodifiableMap(m);
      if (startupMillis < 0 || Double.isNaN(startupMillis)) {
        startupMillis = UNMEASURED;
      }
    }

    /** The costs of an engine that needs no start-up. */
    public EngineCosts(double overheadMillis, Map<OperationKind, Double> nanosPerRow) {
      this(overheadMillis, nanosPerRow, 0);
    }

    /** Whether {@link #startupMillis()} was measured. */
    public boolean startupMeasured() {
      return startupMillis >= 0;
    }

    /** The per-row cost of {@code kind}; a kind never measured costs like a projection. */
    public double perRow(OperationKind kind) {
      Double v = nanosPerRow.get(kind);
      if (v == null) {
        v = nanosPerRow.getOrDefault(OperationKind.PROJECT, 50.0);
      }
      return v;
    }

    EngineCosts scaled(OperationKind kind, double factor) {
      Map<OperationKind, Double> m = new LinkedHashMap<>(nanosPerRow);
      m.put(kind, perRow(kind) * factor);
      return new EngineCosts(overheadMillis, m, startupMillis);
    }
  }

  /** The estimated time of one operation over {@code inputRows} rows on {@code engine}. */
  public double millis(String engine, OperationKind kind, long inputRows) {
    EngineCosts c = engines.get(engine);
    if (c == null) {
      return Double.POSITIVE_INFINITY;
    }
    return c.overheadMillis() + c.perRow(kind) * Math.max(0, inputRows) / 1e6;
  }

  /** The estimated time to move {@code bytes} between engines. */
  public double transferMillis(long bytes) {
    return transferNanosPerByte * Math.max(0, bytes) / 1e6;
  }

  /**
   * This profile with one per-row cost moved towards a measured value (an exponential moving
   * average with weight {@code alpha} on the measurement).
   */
  public CostProfile learn(
      String engine, OperationKind kind, double measuredNanosPerRow, double alpha) {
    EngineCosts c = engines.get(engine);
    if (c == null || !(measuredNanosPerRow > 0) || Double.isInfinite(measuredNanosPerRow)) {
      return this;
    }
    double old = c.perRow(kind);
    double updated = (1 - alpha) * old + alpha * measuredNanosPerRow;
    Map<String, EngineCosts> m = new LinkedHashMap<>(engines);
    m.put(engine, c.scaled(kind, updated / old));
    return new CostProfile(m, transferNanosPerByte, machine, measuredAt);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A cost profile always renders as JSON", e);
    }
  }

  /**
   * Reads a profile. An engine entry without {@code startupMillis} (profiles written before
   * start-up was measured per engine) gets {@link EngineCosts#UNMEASURED}, so the engine's declared
   * start-up counts instead of none.
   */
  public static CostProfile fromJson(String json, String where) {
    try {
      JsonNode tree = JSON.readTree(json);
      if (tree != null && tree.get("engines") instanceof ObjectNode engines) {
        engines.forEach(
            costs -> {
              if (costs instanceof ObjectNode c && !c.has("startupMillis")) {
                c.put("startupMillis", EngineCosts.UNMEASURED);
              }
            });
      }
      CostProfile p = JSON.treeToValue(tree, CostProfile.class);
      if (p == null || p.engines().isEmpty()) {
        throw new ConfigurationException("Cost profile " + where + " names no engine");
      }
      return p;
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(
          "Cost profile "
              + where
              + " is not valid JSON of a profile"
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")")
              + ": "
              + e.getOriginalMessage()
              + "; run Calibration again to write a new one",
          e);
    }
  }

  /** Writes the profile atomically (temporary sibling, then rename). */
  public void save(Path path) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".profile", ".tmp");
      Files.writeString(tmp, toJson());
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException(
          "Cannot write the cost profile to " + path + ": " + e.getMessage(), e);
    }
  }

  public static CostProfile load(Path path) {
    try {
      return fromJson(Files.readString(path), path.toString());
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot read the cost profile " + path + ": " + e.getMessage(), e);
    }
  }
}
