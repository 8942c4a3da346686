package io.frameshift.spark;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.EngineException;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark ⇄ Arrow, columnar both ways.
 *
 * <p>Out of Spark, executors write each partition as Arrow record batches: from Spark's column
 * vectors when the plan's output is columnar ({@link ColumnarExport}), else with Spark's own Arrow
 * writer over rows (the one behind PySpark's {@code toPandas}); the driver pulls them a group of
 * partitions at a time, fetching the next group while the caller takes this one's batches, so it
 * holds at most two groups. In, each run of batches is serialized once to an IPC stream that
 * becomes a partition of {@link ArrowSource}, which executors decode into Spark's {@code
 * ArrowColumnVector}s: no Java object is made per row either way.
 */
final class SparkArrow {
  private static final Logger LOG = LoggerFactory.getLogger(SparkArrow.class);

  /** Serialized bytes per partition of an imported frame: big enough to amortize a task. */
  static final int PARTITION_BYTES = 16 << 20;

  private SparkArrow() {}

  /**
   * The frame's batches, computed on the executors and streamed to the driver a group of partitions
   * at a time. Each batch is loaded into vectors of {@code schema}'s Arrow types: Spark's writer
   * names the session time zone on timestamps and leaves fields nullable, and the buffers are
   * otherwise what {@link ArrowTypes} maps to.
   */
  static ArrowBatches exportArrow(SparkFrame frame) {
    return exportArrow(frame, frame.dataset().sparkSession().sparkContext().isLocal());
  }

  /**
   * {@link #exportArrow(SparkFrame)} by the route of a master in the driver's JVM ({@code inJvm}:
   * batches deposited in a {@link JvmExchange}) or of a cluster (IPC messages as task results; it
   * works on a local master too, which is how tests cover it).
   */
  static ArrowBatches exportArrow(SparkFrame frame, boolean inJvm) {
    org.apache.arrow.vector.types.pojo.Schema arrow = ArrowTypes.toArrow(frame.schema());
    if (!inJvm) {
      JavaRDD<byte[]> columnar = ColumnarExport.messages(frame, arrow, null);
      logRoute(columnar != null, "IPC messages as task results");
      Groups messages = inGroups(columnar != null ? columnar : batchRdd(frame));
      BufferAllocator allocator = ArrowMemory.child("spark-arrow-export");
      return batches(
          frame.schema(),
          messages,
          message -> load(message, arrow, allocator),
          allocator,
          () -> {
            messages.close();
            allocator.close();
          });
    }
    JvmExchange exchange = JvmExchange.open();
    try {
      JavaRDD<byte[]> columnar = ColumnarExport.messages(frame, arrow, exchange.id());
      logRoute(columnar != null, "batches deposited in the driver's JVM");
      Groups keys =
          inGroups(
              columnar != null
                  ? columnar
                  : batchRdd(frame).map(new Deposit(arrow.toJson(), exchange.id())));
      return batches(
          frame.schema(),
          keys,
          exchange::take,
          exchange.allocator(),
          () -> {
            keys.close();
            exchange.close();
          });
    } catch (RuntimeException e) {
      exchange.close();
      throw e;
    }
  }

  private static void logRoute(boolean columnar, String how) {
    LOG.debug(
        "Exporting to Arrow {}, {}",
        columnar ? "from Spark's column vectors (columnar plan output)" : "with Spark's row writer",
        how);
  }

  /**
   * On an executor of the driver's JVM: one of Spark's serialized record batches decoded into
   * vectors of the frame's Arrow schema and deposited in exchange {@code exchange}.
   */
  private record Deposit(String arrowSchemaJson, String exchange)
      implements org.apache.spark.api.java.function.Function<byte[], byte[]> {
    @Override
    public byte[] call(byte[] message) throws IOException {
      org.apache.arrow.vector.types.pojo.Schema arrow =
          org.apache.arrow.vector.types.pojo.Schema.fromJSON(arrowSchemaJson);
      try (BufferAllocator allocator = ArrowMemory.child("spark-arrow-export")) {
        return JvmExchange.deposit(exchange, load(message, arrow, allocator));
      }
    }
  }

  /**
   * The RDD's elements, fetched one job per group of as many partitions as the cluster runs at
   * once: the cores work in parallel (one job per partition, as {@code toLocalIterator} does, would
   * leave all but one idle), while the driver still holds only one group at a time.
   */
  private static Groups inGroups(JavaRDD<byte[]> rdd) {
    return new Groups(rdd);
  }

  /** The elements of an RDD, fetched a group of partitions at a time, the next group ahead. */
  private static final class Groups implements Iterator<byte[]>, AutoCloseable {
    private final JavaRDD<byte[]> rdd;
    private final int partitions;
    private final int group;
    private int next;
    private Iterator<byte[]> current = java.util.Collections.emptyIterator();

    /**
     * The next group, already being computed while the caller takes this one's batches (so the
     * executors work while the driver imports): at most two groups are held at once.
     */
    private CompletableFuture<List<byte[]>> ahead;

    Groups(JavaRDD<byte[]> rdd) {
      this.rdd = rdd;
      this.partitions = rdd.getNumPartitions();
      this.group = Math.max(1, rdd.context().defaultParallelism());
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && (ahead != null || next < partitions)) {
        CompletableFuture<List<byte[]>> take = ahead != null ? ahead : fetch();
        ahead = next < partitions ? fetch() : null;
        current = join(take).iterator();
      }
      return current.hasNext();
    }

    private CompletableFuture<List<byte[]>> fetch() {
      int[] ids = IntStream.range(next, Math.min(partitions, next + group)).toArray();
      next += ids.length;
      return CompletableFuture.supplyAsync(
          () -> {
            List<byte[]> all = new ArrayList<>();
            for (List<byte[]> part : rdd.collectPartitions(ids)) {
              all.addAll(part);
            }
            return all;
          },
          PREFETCH);
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }

    /**
     * Waits for the group being fetched ahead, so that no task of this export still holds or
     * deposits Arrow memory once the export is closed; its failure no longer matters.
     */
    @Override
    public void close() {
      CompletableFuture<List<byte[]>> pending = ahead;
      ahead = null;
      if (pending != null) {
        try {
          pending.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
          LOG.debug("A prefetched group of a closed Arrow export failed", e);
        }
      }
    }
  }

  /** Runs the driver's fetches of the group ahead; daemon threads, made when needed. */
  private static final Executor PREFETCH =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "frameshift-spark-arrow-prefetch");
            t.setDaemon(true);
            return t;
          });

  private static List<byte[]> join(CompletableFuture<List<byte[]>> group) {
    try {
      return group.join();
    } catch (CompletionException e) {
      // the job ran on the prefetch thread: its failure is reported as the export's
      throw SparkErrors.translate(e.getCause(), "exporting a frame to Arrow");
    }
  }

  /**
   * The frame as Spark's serialized Arrow record batches (IPC messages without the schema), made on
   * the executors by Spark's Arrow writer. {@code toArrowBatchRdd} is Scala-private to Spark's SQL
   * package, which the JVM does not enforce; it is what PySpark's Arrow paths call.
   */
  static JavaRDD<byte[]> batchRdd(SparkFrame frame) {
    Dataset<Row> typed = frame.dataset().select(SparkEngine.castTo(frame.schema()));
    if (!(typed instanceof org.apache.spark.sql.classic.Dataset<Row> classic)) {
      throw new EngineException(
          "The Spark engine exports Arrow from a classic (in-process) Spark session; this Dataset"
              + " is a "
              + typed.getClass().getName());
    }
    return classic.toArrowBatchRdd().toJavaRDD();
  }

  /**
   * Batches of {@code schema}, one per element of {@code elements} as the caller takes them ({@code
   * batch} makes it). An empty frame still gives one empty batch, allocated from {@code allocator}.
   */
  static ArrowBatches batches(
      Schema schema,
      Iterator<byte[]> elements,
      java.util.function.Function<byte[], VectorSchemaRoot> batch,
      BufferAllocator allocator,
      AutoCloseable onClose) {
    org.apache.arrow.vector.types.pojo.Schema arrow = ArrowTypes.toArrow(schema);
    Iterator<VectorSchemaRoot> batches =
        new Iterator<>() {
          private boolean any;

          @Override
          public boolean hasNext() {
            return elements.hasNext() || !any;
          }

          @Override
          public VectorSchemaRoot next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            any = true;
            if (!elements.hasNext()) {
              VectorSchemaRoot empty = VectorSchemaRoot.create(arrow, allocator);
              empty.setRowCount(0);
              return empty;
            }
            return batch.apply(elements.next());
          }
        };
    return ArrowBatches.from(schema, batches, onClose);
  }

  /**
   * Batches of {@code schema} decoded from Spark's serialized record batches (messages without a
   * schema), one at a time as the caller takes them. An empty frame still gives one empty batch.
   */
  static ArrowBatches decoded(Schema schema, Iterator<byte[]> messages) {
    org.apache.arrow.vector.types.pojo.Schema arrow = ArrowTypes.toArrow(schema);
    BufferAllocator allocator = ArrowMemory.child("spark-arrow-export");
    return batches(schema, messages, m -> load(m, arrow, allocator), allocator, allocator::close);
  }

  private static VectorSchemaRoot load(
      byte[] message, org.apache.arrow.vector.types.pojo.Schema arrow, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator);
    try (ArrowRecordBatch batch =
        (ArrowRecordBatch)
            MessageSerializer.deserializeMessageBatch(
                new ReadChannel(new ByteArrayReadableSeekableByteChannel(message)), allocator)) {
      new VectorLoader(root).load(batch);
      return root;
    } catch (IOException | RuntimeException e) {
      root.close();
      throw new EngineException("Cannot read an Arrow batch made by Spark: " + e.getMessage(), e);
    }
  }

  /**
   * A frame holding {@code batches}' data in Spark. Each batch is released as soon as it is
   * serialized; consecutive batches share an IPC stream up to {@link #PARTITION_BYTES}.
   */
  static SparkFrame importArrow(SparkSession spark, ArrowBatches batches) {
    return importArrow(spark, batches, spark.sparkContext().isLocal());
  }

  /**
   * {@link #importArrow(SparkSession, ArrowBatches)} with partitions that the driver keeps ({@code
   * inJvm}, for executors in its JVM) or that carry their bytes (a cluster's route; it works on a
   * local master too, which is how tests cover it).
   */
  static SparkFrame importArrow(SparkSession spark, ArrowBatches batches, boolean inJvm) {
    try (batches) {
      Schema schema = batches.schema();
      org.apache.arrow.vector.types.pojo.Schema arrow = ArrowTypes.toArrow(schema);
      List<ArrowSource.ArrowPartition> partitions = new ArrayList<>();
      long rows = 0;
      long bytes = 0;
      IpcChunks.Writer stream = null;
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot batch = b) {
          if (batch.getRowCount() == 0) {
            continue;
          }
          if (stream == null) {
            stream = new IpcChunks.Writer(arrow);
          }
          stream.write(batch);
          rows += batch.getRowCount();
          if (stream.size() >= PARTITION_BYTES) {
            bytes += stream.size();
            partitions.add(partition(stream.finish(), inJvm));
            stream = null;
          }
        }
      }
      if (stream != null) {
        bytes += stream.size();
        partitions.add(partition(stream.finish(), inJvm));
      }
      ArrowSource.Payload payload =
          new ArrowSource.Payload(SparkTypes.toSpark(schema), partitions, rows, bytes);
      return new SparkFrame(ArrowSource.dataset(spark, payload), schema, rows);
    }
  }

  private static ArrowSource.ArrowPartition partition(IpcChunks ipc, boolean inJvm) {
    return inJvm ? new ArrowSource.InJvm(ipc) : new ArrowSource.IpcBytes(ipc);
  }
}
