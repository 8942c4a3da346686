package io.frameshift.spi;

import io.frameshift.error.EngineException;
import io.frameshift.io.Format;
import java.util.Objects;
import java.util.Set;

/**
 * How an engine describes itself to the session. The selector, the executor and the reader decide
 * where work goes from these traits alone and never from an engine's name, so an engine found by
 * {@link java.util.ServiceLoader} takes part in placement, fallback and calibration like the
 * engines that ship with Frameshift.
 *
 * <p>Without a cost profile, small and simple work goes to the engine that runs {@link
 * Reach#IN_PROCESS} with no start-up cost, big or complex work to the {@link Reach#DISTRIBUTED}
 * one; an engine whose working set lives in the {@link Memory#HEAP} is never handed more than its
 * share of the free heap (the memory guard); a cold engine's {@code startupMillis} is counted once
 * per plan that would start it.
 *
 * @param reach whether the engine computes in this JVM or on other processes and machines
 * @param memory where the engine's working set lives, which decides whether the memory guard
 *     applies to it
 * @param startupMillis what starting the engine costs while it is cold (no node of the session has
 *     run on it yet), in milliseconds; 0 for none. A calibrated profile's measurement replaces it.
 * @param eager whether a node's operation computes the result when it is called (rather than adding
 *     to a lazy plan), so that the time of the call is the node's cost: the session learns per-row
 *     costs only from eager engines
 * @param reads the formats {@link Engine#load} reads; a scan of another format is not placed on it
 * @param writes the formats {@link Engine#save} writes
 * @param inferenceDefault whether the session infers the schemas of sources on this engine when it
 *     is free to choose (cheap, in-process engines say so)
 */
public record EngineTraits(
    Reach reach,
    Memory memory,
    double startupMillis,
    boolean eager,
    Set<Format> reads,
    Set<Format> writes,
    boolean inferenceDefault) {

  /** Where an engine computes. */
  public enum Reach {
    /** In this JVM: frames handed in from the application reach it without leaving the process. */
    IN_PROCESS,
    /** On other processes or machines: where data too big for one JVM goes. */
    DISTRIBUTED
  }

  /** Where an engine's working set lives. */
  public enum Memory {
    /**
     * In this JVM's heap: the engine takes a node only if its inputs and output fit {@code
     * frameshift.selector.heapFraction} of the free heap, when placed and again when it runs.
     */
    HEAP,
    /** In memory the engine manages itself (a cluster's executors, off-heap storage): no guard. */
    OWN
  }

  public EngineTraits {
    Objects.requireNonNull(reach, "reach");
    Objects.requireNonNull(memory, "memory");
    if (!(startupMillis >= 0) || Double.isInfinite(startupMillis)) {
      throw new EngineException(
          "An engine's start-up cost is " + startupMillis + " ms; expected a finite number >= 0");
    }
    reads = Set.copyOf(reads);
    writes = Set.copyOf(writes);
  }

  /** Whether the engine loads sources of {@code format}. */
  public boolean reads(Format format) {
    return reads.contains(format);
  }

  /** Whether the engine saves frames as {@code format}. */
  public boolean writes(Format format) {
    return writes.contains(format);
  }
}
