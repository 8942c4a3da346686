package io.frameshift.spark;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConversionException;
import io.frameshift.error.EngineException;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A DataSource V2 columnar source over Arrow IPC data: how Arrow batches become a Spark Dataset
 * without a Java object per row. Each partition is an IPC stream held in memory (a hand-off from
 * another engine) or an IPC file (Format.ARROW); executors decode it and hand Spark the Arrow
 * vectors themselves as {@link ArrowColumnVector}s. Only Spark's public connector API is used, so
 * it does not depend on Spark internals that may change between 4.x releases.
 *
 * <p>Spark makes the source by class name, so the data of a load is parked in {@link #HANDOFF}
 * under an id until Spark asks for the table; from then on the table, held by the Dataset's plan,
 * keeps it alive, and it is garbage once the Dataset is.
 */
public final class ArrowSource implements TableProvider {
  private static final String ID = "frameshift.arrow.id";
  private static final Map<String, WeakReference<Payload>> HANDOFF = new ConcurrentHashMap<>();

  /** What a Dataset of this source reads: its partitions and the sizes Spark plans with. */
  record Payload(StructType schema, List<ArrowPartition> partitions, long rows, long bytes) {}

  /** Spark instantiates the source by class name. */
  public ArrowSource() {}

  /** A Dataset reading {@code payload}. */
  static Dataset<Row> dataset(SparkSession spark, Payload payload) {
    HANDOFF.values().removeIf(ref -> ref.get() == null);
    String id = UUID.randomUUID().toString();
    HANDOFF.put(id, new WeakReference<>(payload));
    try {
      return spark
          .read()
          .format(ArrowSource.class.getName())
          .schema(payload.schema())
          .option(ID, id)
          .load();
    } finally {
      // The table now holds the payload; keep it reachable until here so the weak entry holds.
      java.lang.ref.Reference.reachabilityFence(payload);
    }
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return payload(options).schema();
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new ArrowTable(payload(properties));
  }

  private static Payload payload(Map<String, String> options) {
    String id = options.get(ID);
    WeakReference<Payload> ref = id == null ? null : HANDOFF.get(id);
    Payload p = ref == null ? null : ref.get();
    if (p == null) {
      throw new EngineException(
          "The Frameshift Arrow source reads only data handed to it by the Spark engine;"
              + " option "
              + ID
              + "="
              + id
              + " names none");
    }
    return p;
  }

  private record ArrowTable(Payload payload) implements Table, SupportsRead {
    @Override
    public String name() {
      return "frameshift-arrow";
    }

    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
      return payload.schema();
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return () -> new ArrowScan(payload);
    }
  }

  private record ArrowScan(Payload payload) implements Scan, Batch, SupportsReportStatistics {
    @Override
    public StructType readSchema() {
      return payload.schema();
    }

    @Override
    public String description() {
      return "Arrow[" + payload.partitions().size() + " partitions]";
    }

    @Override
    public Batch toBatch() {
      return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
      return payload.partitions().toArray(InputPartition[]::new);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new ReaderFactory();
    }

    @Override
    public Statistics estimateStatistics() {
      return new Statistics() {
        @Override
        public OptionalLong sizeInBytes() {
          return payload.bytes() < 0 ? OptionalLong.empty() : OptionalLong.of(payload.bytes());
        }

        @Override
        public OptionalLong numRows() {
          return payload.rows() < 0 ? OptionalLong.empty() : OptionalLong.of(payload.rows());
        }
      };
    }
  }

  /** One partition's Arrow data; serialized to the executor that reads it. */
  sealed interface ArrowPartition extends InputPartition {
    /** The partition's batches, allocated from {@code allocator}. */
    ArrowBatches open(BufferAllocator allocator);
  }

  /** An IPC stream in memory, serialized with each task that reads it. */
  record IpcBytes(IpcChunks ipc) implements ArrowPartition {
    @Override
    public ArrowBatches open(BufferAllocator allocator) {
      return ipc.open(allocator);
    }
  }

  /**
   * An IPC stream in the memory of a JVM whose executors are the driver's own (a {@code local}
   * master). Spark serializes every task it launches, in-process too, and an {@link IpcBytes}
   * partition would carry its megabytes through Java serialization into each task; this one carries
   * a key, and the executor finds the bytes in {@link #HELD}. The driver's partition object, held
   * by the Dataset's plan and by the RDD of every job reading it, keeps the bytes reachable while
   * they can be read.
   */
  static final class InJvm implements ArrowPartition {
    private static final Map<String, WeakReference<IpcChunks>> HELD = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final transient IpcChunks ipc;

    InJvm(IpcChunks ipc) {
      this.ipc = ipc;
      HELD.values().removeIf(ref -> ref.get() == null);
      HELD.put(key, new WeakReference<>(ipc));
    }

    @Override
    public ArrowBatches open(BufferAllocator allocator) {
      return held().open(allocator);
    }

    private IpcChunks held() {
      if (ipc != null) {
        return ipc;
      }
      WeakReference<IpcChunks> ref = HELD.get(key);
      IpcChunks found = ref == null ? null : ref.get();
      if (found == null) {
        throw new EngineException(
            "Arrow data handed to Spark in this JVM is gone (partition "
                + key
                + "): an in-JVM partition is read only by executors of the local master that"
                + " holds it");
      }
      return found;
    }
  }

  /**
   * An IPC file or stream that must hold {@code expected} (an Arrow schema as JSON; the schema of
   * the whole load, so every file is checked against it).
   */
  record IpcFile(String path, String expected) implements ArrowPartition {
    @Override
    public ArrowBatches open(BufferAllocator allocator) {
      ArrowBatches batches = SparkArrowFiles.open(path, allocator);
      Schema want = ArrowTypes.fromArrow(fromJson(expected));
      if (!batches.schema().names().equals(want.names())
          || !batches.schema().types().equals(want.types())) {
        batches.close();
        throw new ConversionException(
            "Arrow file " + path + " has schema " + batches.schema() + "; expected " + want);
      }
      return batches;
    }
  }

  private static org.apache.arrow.vector.types.pojo.Schema fromJson(String json) {
    try {
      return org.apache.arrow.vector.types.pojo.Schema.fromJSON(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class ReaderFactory implements PartitionReaderFactory {
    @Override
    public boolean supportColumnarReads(InputPartition partition) {
      return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
      return new BatchReader((ArrowPartition) partition);
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      throw new UnsupportedOperationException("The Arrow source reads columnar batches only");
    }
  }

  /** Hands Spark one Arrow batch at a time; each is released when Spark moves to the next. */
  private static final class BatchReader implements PartitionReader<ColumnarBatch> {
    private final BufferAllocator allocator = ArrowMemory.child("spark-arrow-read");
    private final ArrowBatches batches;
    private VectorSchemaRoot current;

    BatchReader(ArrowPartition partition) {
      try {
        batches = partition.open(allocator);
      } catch (RuntimeException e) {
        allocator.close();
        throw e;
      }
    }

    @Override
    public boolean next() {
      release();
      current = batches.next();
      return current != null;
    }

    @Override
    public ColumnarBatch get() {
      ColumnVector[] columns = new ColumnVector[current.getFieldVectors().size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = new ArrowColumnVector(current.getVector(i));
      }
      return new ColumnarBatch(columns, current.getRowCount());
    }

    private void release() {
      if (current != null) {
        current.close();
        current = null;
      }
    }

    @Override
    public void close() {
      release();
      batches.close();
      allocator.close();
    }
  }
}
