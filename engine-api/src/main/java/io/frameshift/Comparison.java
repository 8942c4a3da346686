package io.frameshift;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link DataFrame#compare()}: the same plan run on every available engine, each
 * engine's time, and whether the results agree row for row.
 *
 * @param runs per engine, its run
 * @param ordered whether rows were compared in order (the plan ends with a sort)
 * @param difference how the results differ, empty when they agree
 */
public record Comparison(Map<String, Run> runs, boolean ordered, Optional<String> difference) {
  public Comparison {
    runs = Map.copyOf(runs);
  }

  /**
   * One engine's run.
   *
   * @param millis the best wall time of the runs, in milliseconds
   * @param rows the rows it returned, or null if it failed
   * @param failure the failure's class and message, or null
   */
  public record Run(double millis, List<Row> rows, String failure) {}

  /** Whether every engine gave the same rows (or failed with the same exception class). */
  public boolean agree() {
    return difference.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    runs.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "%-6s %10.1f ms  %s%n",
                        e.getKey(),
                        e.getValue().millis(),
                        e.getValue().failure() != null
                            ? "failed: " + e.getValue().failure()
                            : e.getValue().rows().size() + " rows")));
    sb.append(agree() ? "results agree" : "results DIFFER")
        .append(ordered ? " (in order)" : " (as multisets)")
        .append('\n');
    difference.ifPresent(sb::append);
    return sb.toString();
  }
}
