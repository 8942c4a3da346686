package io.frameshift.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals per engine, like the seed recipe's performance summary: {@code fs.metrics()}.
 * Thread-safe.
 */
public final class Metrics implements ExecutionListener {
  private final Map<String, long[]> perEngine = new TreeMap<>();
  private long transfers;
  private long transferNanos;
  private long fallbacks;
  private final Map<String, EnrichEvent> enrichments = new TreeMap<>();

  /**
   * One engine's totals.
   *
   * @param engine the engine
   * @param nodes plan nodes run
   * @param rows rows read by them
   * @param nanos time spent in them
   */
  public record EngineSummary(String engine, long nodes, long rows, long nanos) {
    /** Rows per second, or 0 when no time was measured. */
    public double rowsPerSecond() {
      return nanos == 0 ? 0 : rows * 1e9 / nanos;
    }
  }

  @Override
  public synchronized void onNode(NodeEvent e) {
    long[] t = perEngine.computeIfAbsent(e.engine(), k -> new long[3]);
    t[0]++;
    t[1] += Math.max(0, e.inputRows());
    t[2] += e.nanos();
  }

  @Override
  public synchronized void onTransfer(TransferEvent e) {
    transfers++;
    transferNanos += e.nanos();
  }

  @Override
  public synchronized void onFallback(FallbackEvent e) {
    fallbacks++;
  }

  @Override
  public synchronized void onEnrich(EnrichEvent e) {
    enrichments.put(e.name(), e);
  }

  /** The last action's event of each enrichment, by name. */
  public synchronized Map<String, EnrichEvent> enrichments() {
    return new TreeMap<>(enrichments);
  }

  public synchronized Map<String, EngineSummary> engines() {
    Map<String, EngineSummary> out = new TreeMap<>();
    perEngine.forEach((k, t) -> out.put(k, new EngineSummary(k, t[0], t[1], t[2])));
    return out;
  }

  public synchronized long transfers() {
    return transfers;
  }

  public synchronized long fallbacks() {
    return fallbacks;
  }

  @Override
  public synchronized String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-8s %8s %14s %12s %14s%n",
            "engine",
            "nodes",
            "rows",
            "time ms",
            "rows/s"));
    for (EngineSummary s : engines().values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-8s %8d %14d %12.1f %14.0f%n",
              s.engine(),
              s.nodes(),
              s.rows(),
              s.nanos() / 1e6,
              s.rowsPerSecond()));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "transfers %d (%.1f ms), fallbacks %d%n",
            transfers,
            transferNanos / 1e6,
            fallbacks));
    for (EnrichEvent e : enrichments.values()) {
      sb.append(e.describe()).append(System.lineSeparator());
    }
    return sb.toString();
  }
}
