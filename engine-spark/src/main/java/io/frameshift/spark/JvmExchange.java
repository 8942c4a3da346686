package io.frameshift.spark;

import io.frameshift.arrow.ArrowMemory;
import io.frameshift.error.EngineException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Arrow batches made by Spark's executors for a driver in the same JVM (a {@code local} master). A
 * task deposits its batch here and returns an 8-byte key as its result, so the batch's buffers
 * reach the driver as they are: not serialized to IPC bytes, not through the task result (which
 * above {@code spark.task.maxDirectResultSize} goes through the block manager and a local network
 * fetch), not decoded again. Deposited buffers move to the exchange's allocator without a copy.
 *
 * <p>The driver opens an exchange per export and closes it with the export; closing releases every
 * batch deposited and not taken, and a task that deposits into a closed exchange releases its batch
 * itself.
 */
final class JvmExchange implements AutoCloseable {
  private static final Map<String, JvmExchange> OPEN = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final BufferAllocator allocator = ArrowMemory.child("spark-arrow-exchange");
  private final Map<Long, VectorSchemaRoot> deposited = new HashMap<>();
  private long next;
  private boolean closed;

  private JvmExchange() {}

  /** A new exchange, found by executors under {@link #id()}. */
  static JvmExchange open() {
    JvmExchange exchange = new JvmExchange();
    OPEN.put(exchange.id, exchange);
    return exchange;
  }

  String id() {
    return id;
  }

  /** The allocator that owns the batches deposited (and taken, until their taker closes them). */
  BufferAllocator allocator() {
    return allocator;
  }

  /**
   * On an executor: moves {@code root}'s buffers into exchange {@code id} and returns the key to
   * take them by. {@code root} is closed either way (empty once its buffers moved).
   */
  static byte[] deposit(String id, VectorSchemaRoot root) {
    try (root) {
      JvmExchange exchange = OPEN.get(id);
      long key = exchange == null ? -1 : exchange.keep(root);
      return ByteBuffer.allocate(Long.BYTES).putLong(key).array();
    }
  }

  private synchronized long keep(VectorSchemaRoot root) {
    if (closed) {
      return -1;
    }
    List<FieldVector> moved = new ArrayList<>(root.getFieldVectors().size());
    for (FieldVector v : root.getFieldVectors()) {
      TransferPair pair = v.getTransferPair(allocator);
      pair.transfer();
      moved.add((FieldVector) pair.getTo());
    }
    long key = next++;
    deposited.put(
        key, new VectorSchemaRoot(root.getSchema().getFields(), moved, root.getRowCount()));
    return key;
  }

  /** The batch deposited under {@code token}; the caller owns it from now on. */
  synchronized VectorSchemaRoot take(byte[] token) {
    long key = ByteBuffer.wrap(token).getLong();
    VectorSchemaRoot root = deposited.remove(key);
    if (root == null) {
      throw new EngineException(
          "Spark task result "
              + key
              + " is not in Arrow exchange "
              + id
              + ": a task's batch was taken twice, or the exchange was closed while it ran");
    }
    return root;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(id);
    deposited.values().forEach(VectorSchemaRoot::close);
    deposited.clear();
    allocator.close();
  }
}
