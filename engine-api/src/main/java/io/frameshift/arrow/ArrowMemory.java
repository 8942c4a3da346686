package io.frameshift.arrow;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The library's root Arrow allocator. Every transfer and export takes a child of it, so a leak
 * shows up as a child that cannot close, and {@link #allocatedBytes()} tells what is still held.
 */
public final class ArrowMemory {
  private static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowMemory() {}

  /** A new child allocator of the root; close it when its buffers are released. */
  public static BufferAllocator child(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /** Bytes currently allocated through the library's allocators. */
  public static long allocatedBytes() {
    return ROOT.getAllocatedMemory();
  }
}
