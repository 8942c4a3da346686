package io.frameshift.internal;

import io.frameshift.enrich.EnrichStats;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.plan.Enrich;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrichments of one action: fresh counts for each when the action starts (the calls made in
 * this JVM report their finished rows as progress), an {@link EnrichEvent} to the listeners and a
 * summary in the log ({@code io.frameshift.enrich}, INFO) when it ends.
 */
final class EnrichWatch {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.enrich");

  private final Enrich node;
  private final ProgressReporter progress;
  private final EnrichStats stats;
  private final long start = System.nanoTime();

  private EnrichWatch(ExecutionContext ctx, Enrich node, String engine) {
    this.node = node;
    this.progress =
        ctx.progress(ProgressEvent.Direction.CALL, node.spec().name(), engine, () -> -1);
    this.stats = EnrichStats.begin(node.call().runId(), progress);
  }

  /** Starts watching every enrichment of {@code placed} not read from a cache. */
  static List<EnrichWatch> start(ExecutionContext ctx, PlacedPlan placed) {
    List<EnrichWatch> out = new ArrayList<>();
    collect(ctx, placed, out);
    return out;
  }

  private static void collect(ExecutionContext ctx, PlacedPlan p, List<EnrichWatch> out) {
    if (ctx.cachedFrame(p.node()) != null) {
      return;
    }
    if (p.node() instanceof Enrich e) {
      out.add(new EnrichWatch(ctx, e, p.placement().engine()));
    }
    for (PlacedPlan c : p.children()) {
      collect(ctx, c, out);
    }
  }

  /** Reports and forgets the counts of each. */
  static void end(ExecutionContext ctx, List<EnrichWatch> watches) {
    for (EnrichWatch w : watches) {
      EnrichStats.end(w.node.call().runId());
      w.progress.finish();
      EnrichEvent e =
          w.stats.event(
              w.node.spec().name(),
              w.node.spec().ratePerSecond(),
              Duration.ofNanos(System.nanoTime() - w.start));
      if (e.rows() == 0 && e.calls() == 0) {
        continue; // a lazy engine's plan built but its calls not made in this action
      }
      LOG.info(e.describe());
      ctx.listeners().onEnrich(e);
    }
  }
}
