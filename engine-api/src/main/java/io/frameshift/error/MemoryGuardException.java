package io.frameshift.error;

/**
 * The memory guard refused work for an engine whose working set lives in the heap: its inputs, or a
 * frame moving into it, came to more than {@code frameshift.selector.heapFraction} of the free
 * heap. In AUTO mode the node runs on an engine with memory of its own instead, and the refusing
 * engine stays in use for the rest of the session (it did not fail: the work was too big for it).
 */
public class MemoryGuardException extends EngineException {
  private static final long serialVersionUID = 1L;

  public MemoryGuardException(String message) {
    super(message);
  }
}
