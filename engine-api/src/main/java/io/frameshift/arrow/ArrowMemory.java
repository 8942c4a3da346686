package io.frameshift.arrow;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.frameshift.error.ConfigurationException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The library's root Arrow allocator. Every transfer and export takes a child of it, so a leak
 * shows up as a child that cannot close, and {@link #allocatedBytes()} tells what is still held.
 *
 * <p>Arrow buffers live outside the Java heap, where nothing else bounds them: the root is limited
 * to the JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}, which defaults to the maximum
 * heap size), or to the system property {@code frameshift.arrow.maxMemory} (bytes, or a number with
 * a {@code k}, {@code m} or {@code g} suffix). An allocation past the limit fails with Arrow's
 * {@code OutOfMemoryException} instead of growing the process until the host kills it. The
 * allocator is shared by every session of the JVM, so the limit is JVM-wide.
 */
public final class ArrowMemory {
  /** The system property that sets the limit. */
  public static final String MAX_MEMORY_PROPERTY = "frameshift.arrow.maxMemory";

  private static final BufferAllocator ROOT = new RootAllocator(configuredLimit());

  private ArrowMemory() {}

  /** A new child allocator of the root; close it when its buffers are released. */
  public static BufferAllocator child(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /** Bytes currently allocated through the library's allocators. */
  public static long allocatedBytes() {
    return ROOT.getAllocatedMemory();
  }

  /** The most bytes the library's allocators may hold at once. */
  public static long limit() {
    return ROOT.getLimit();
  }

  static long configuredLimit() {
    String setting = System.getProperty(MAX_MEMORY_PROPERTY);
    return setting == null ? directMemoryLimit() : parseBytes(setting);
  }

  /** The JVM's direct-memory limit; without the flag the JVM uses the maximum heap size. */
  private static long directMemoryLimit() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long flag = Long.parseLong(vm.getVMOption("MaxDirectMemorySize").getValue());
      if (flag > 0) {
        return flag;
      }
    } catch (RuntimeException | LinkageError e) {
      // not a HotSpot JVM: fall back to the same default HotSpot uses
    }
    return Runtime.getRuntime().maxMemory();
  }

  /** {@code 1048576}, {@code 512m}, {@code 4g}, {@code 64k} (case ignored) as a byte count. */
  static long parseBytes(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (!s.isEmpty() && "kmg".indexOf(s.charAt(s.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(s.charAt(s.length() - 1)) + 1));
      s = s.substring(0, s.length() - 1).trim();
    }
    try {
      long n = Long.parseLong(s);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigurationException(
          MAX_MEMORY_PROPERTY
              + "='"
              + text
              + "' is not a positive size: expected bytes, or a number with k, m or g (e.g. 4g)");
    }
  }
}
