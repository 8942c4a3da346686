package io.frameshift.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap while a system runs: the peak of the used heap, sampled every few milliseconds (it
 * counts garbage not yet collected: an upper bound of the working set), and the peak of the heap
 * left after each collection (live data at that moment: close to the working set, though a peak
 * between two collections can escape it).
 */
final class HeapWatch implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private volatile boolean running = true;
  private volatile long peak;
  private final AtomicLong livePeak = new AtomicLong();
  private final Set<String> heapPools = new HashSet<>();

  HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        NotificationListener listener = (n, handback) -> afterCollection(n);
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (ListenerNotFoundException e) {
                // already gone
              }
            });
      }
    }
    sampler =
        new Thread(
            () -> {
              while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Collects garbage and returns the used heap: the baseline before a system loads. */
  static long settledHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private void afterCollection(Notification n) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    // the collector reports every pool it knows, the code cache and metaspace among them
    for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    long u = used;
    livePeak.accumulateAndGet(u, Math::max);
  }

  /** The largest heap left after a collection while watching (0 if none ran); heap pools only. */
  long livePeak() {
    return livePeak.get();
  }

  long peak() {
    return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
  }

  @Override
  public void close() {
    running = false;
    unsubscribe.forEach(Runnable::run);
    sampler.interrupt();
  }
}
