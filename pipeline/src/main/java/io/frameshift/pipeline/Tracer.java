package io.frameshift.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.pipeline.Trace.Kind;
import io.frameshift.pipeline.Trace.PlanNode;
import io.frameshift.pipeline.Trace.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the events of one input's run for its report, each stamped with when it started: the
 * session calls a listener when a node or transfer has finished, from the thread that ran it, so
 * its start is the call's time less its duration.
 */
final class Tracer implements ExecutionListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final long t0 = System.nanoTime();
  private final List<NodeEvent> nodes = new ArrayList<>();
  private final List<TransferEvent> transfers = new ArrayList<>();
  private final List<FallbackEvent> fallbacks = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();
  // the node events of the phase computing the result, which the placed plan is matched with
  private final List<NodeEvent> computed = new ArrayList<>();
  private boolean computing;

  @Override
  public synchronized void onNode(NodeEvent e) {
    nodes.add(e);
    if (computing) {
      computed.add(e);
    }
    spans.add(
        new Span(
            Kind.NODE,
            e.node(),
            e.engine(),
            since(e.nanos()),
            e.nanos(),
            e.estimatedRows(),
            e.outputRows(),
            -1));
  }

  @Override
  public synchronized void onTransfer(TransferEvent e) {
    transfers.add(e);
    spans.add(
        new Span(
            Kind.TRANSFER,
            e.from() + " -> " + e.to(),
            e.to(),
            since(e.nanos()),
            e.nanos(),
            -1,
            e.rows(),
            e.bytes()));
  }

  @Override
  public synchronized void onFallback(FallbackEvent e) {
    fallbacks.add(e);
  }

  /** Runs one phase of the input and records its span; {@code compute} marks the result's. */
  <T> T phase(String label, boolean compute, Supplier<T> work) {
    long start = System.nanoTime();
    synchronized (this) {
      computing = compute;
    }
    try {
      return work.get();
    } finally {
      long nanos = System.nanoTime() - start;
      synchronized (this) {
        computing = false;
        spans.add(new Span(Kind.PHASE, label, null, start - t0, nanos, -1, -1, -1));
      }
    }
  }

  private long since(long nanos) {
    return Math.max(0, System.nanoTime() - nanos - t0);
  }

  synchronized List<NodeEvent> nodes() {
    return List.copyOf(nodes);
  }

  synchronized List<TransferEvent> transfers() {
    return List.copyOf(transfers);
  }

  synchronized List<FallbackEvent> fallbacks() {
    return List.copyOf(fallbacks);
  }

  /**
   * The trace: {@code placedJson} (the result's {@code explainJson()} before it ran; null if it
   * never got that far) with each node's actual rows from the computing phase's events (matched by
   * description), from the transfer that moved its output, or for the root {@code rowsOut}.
   */
  synchronized Trace trace(String placedJson, long rowsOut) {
    PlanNode plan = null;
    if (placedJson != null) {
      try {
        List<NodeEvent> unmatched = new ArrayList<>(computed);
        plan = node(JSON.readTree(placedJson).get("plan"), unmatched);
        if (plan.actualRows() < 0 && rowsOut >= 0) {
          plan = withRows(plan, rowsOut);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Trace(plan, List.copyOf(spans));
  }

  private PlanNode node(JsonNode j, List<NodeEvent> unmatched) {
    List<PlanNode> children = new ArrayList<>();
    for (JsonNode c : j.get("children")) {
      children.add(node(c, unmatched));
    }
    String description = j.get("node").asText();
    long actual = -1;
    for (int i = 0; i < unmatched.size(); i++) {
      if (unmatched.get(i).node().equals(description)) {
        actual = unmatched.remove(i).outputRows();
        break;
      }
    }
    if (actual < 0) {
      // a lazy engine does not count a node's rows, but a transfer of its output does
      for (TransferEvent t : transfers) {
        if (description.equals(t.node()) && t.rows() >= 0) {
          actual = t.rows();
        }
      }
    }
    List<String> in = new ArrayList<>();
    j.get("transfersIn").forEach(t -> in.add(t.asText().replace("->", " -> ")));
    return new PlanNode(
        description,
        j.get("kind").asText(),
        j.get("engine").asText(),
        j.get("reason").asText(),
        j.get("estimatedRows").asLong(-1),
        actual,
        List.copyOf(in),
        List.copyOf(children));
  }

  private static PlanNode withRows(PlanNode n, long rows) {
    return new PlanNode(
        n.node(),
        n.kind(),
        n.engine(),
        n.reason(),
        n.estimatedRows(),
        rows,
        n.transfersIn(),
        n.children());
  }
}
