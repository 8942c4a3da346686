package io.frameshift.spark;

import io.frameshift.arrow.ArrowMemory;
import io.frameshift.error.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DecimalUtility;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark's columnar output to Arrow without rows. When a frame's executed plan ends in Spark's
 * columnar-to-row step over a columnar plan (a Parquet scan, Arrow batches handed to Spark) whose
 * columns already have the frame's Spark types, the executors take the column vectors before that
 * step: vectors that are Arrow already ({@code ArrowColumnVector}, the batches {@link ArrowSource}
 * reads) are shared as they are (sliced, reference-counted); any other vector (Parquet's on-heap
 * vectors) is copied into Arrow column by column, fixed-width values through the vector's bulk
 * getters ({@code getInts} ...). Either way a batch leaves the executor as an IPC record batch
 * message, the form {@link SparkArrow#decoded} reads, or, with a local master, deposited as vectors
 * in a {@link JvmExchange}. Spark's own writer ({@code toArrowBatchRdd}) instead turns every row
 * into an {@code UnsafeRow} and writes it field by field.
 *
 * <p>Reads the executed plan and its columnar output, Spark's internal (Scala-public) API: the
 * public connector API has no way out to Arrow.
 */
final class ColumnarExport {
  private ColumnarExport() {}

  /**
   * The frame's batches made from Spark's column vectors, one element per batch, or null when its
   * plan does not end in a columnar step with the frame's own column types (then rows are written
   * as Arrow). Each element is an IPC record batch message, or with {@code exchange} the key its
   * batch was deposited under in that {@link JvmExchange} of this JVM.
   */
  static JavaRDD<byte[]> messages(SparkFrame frame, Schema arrow, String exchange) {
    SparkPlan columnar = columnarInput(frame);
    if (columnar == null) {
      return null;
    }
    String json = arrow.toJson();
    return columnar.executeColumnar().toJavaRDD().map(new Writer(json, exchange));
  }

  /** The columnar plan under the final columnar-to-row step, if its output needs no cast. */
  static SparkPlan columnarInput(SparkFrame frame) {
    if (!(frame.dataset() instanceof org.apache.spark.sql.classic.Dataset<?> classic)) {
      return null;
    }
    SparkPlan plan = classic.queryExecution().executedPlan();
    if (plan instanceof WholeStageCodegenExec whole) {
      plan = whole.child();
    }
    if (!(plan instanceof ColumnarToRowExec toRows)) {
      return null;
    }
    SparkPlan child = toRows.child();
    if (child instanceof InputAdapter adapter) {
      child = adapter.child();
    }
    if (!child.supportsColumnar()) {
      return null;
    }
    StructType expected = SparkTypes.toSpark(frame.schema());
    StructType found = child.schema();
    if (found.size() != expected.size()) {
      return null;
    }
    for (int i = 0; i < found.size(); i++) {
      if (!found.fields()[i].name().equals(expected.fields()[i].name())
          || !found.fields()[i].dataType().equals(expected.fields()[i].dataType())) {
        return null;
      }
    }
    return child;
  }

  /**
   * One batch to one IPC message, or deposited in exchange {@code exchange} when not null, on the
   * executor.
   */
  private record Writer(String arrowSchemaJson, String exchange)
      implements org.apache.spark.api.java.function.Function<ColumnarBatch, byte[]>, Serializable {
    @Override
    public byte[] call(ColumnarBatch batch) throws IOException {
      Schema schema = Schema.fromJSON(arrowSchemaJson);
      try (BufferAllocator allocator = ArrowMemory.child("spark-columnar-export")) {
        VectorSchemaRoot root = arrow(batch, schema, allocator);
        if (exchange != null) {
          return JvmExchange.deposit(exchange, root);
        }
        try (root) {
          return message(root);
        }
      }
    }
  }

  /**
   * The batch as Arrow vectors of {@code schema} allocated from {@code allocator}: the reader's own
   * Arrow vectors are shared (sliced, reference-counted: the reader reuses and closes its own),
   * other vectors are copied.
   */
  private static VectorSchemaRoot arrow(
      ColumnarBatch batch, Schema schema, BufferAllocator allocator) {
    int n = batch.numRows();
    List<FieldVector> shared = new ArrayList<>(batch.numCols());
    for (int c = 0; c < batch.numCols(); c++) {
      if (batch.column(c) instanceof ArrowColumnVector a
          && a.getValueVector() instanceof FieldVector v
          && v.getField().getType().equals(schema.getFields().get(c).getType())) {
        TransferPair slice = v.getTransferPair(allocator);
        slice.splitAndTransfer(0, n);
        shared.add((FieldVector) slice.getTo());
      } else {
        shared.forEach(FieldVector::close);
        shared = null;
        break;
      }
    }
    if (shared != null) {
      return new VectorSchemaRoot(schema.getFields(), shared, n);
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      for (int c = 0; c < batch.numCols(); c++) {
        copy(batch.column(c), root.getVector(c), n);
      }
      root.setRowCount(n);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static byte[] message(VectorSchemaRoot root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try (ArrowRecordBatch rb = new VectorUnloader(root).getRecordBatch()) {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), rb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Rows {@code [0, n)} of a Spark column into an Arrow vector of the frame's type. */
  private static void copy(ColumnVector from, FieldVector to, int n) {
    Field field = to.getField();
    if (to instanceof VarCharVector strings) {
      copyStrings(from, strings, n);
      return;
    }
    BaseFixedWidthVector fixed = (BaseFixedWidthVector) to;
    fixed.allocateNew(n);
    ArrowBuf data = fixed.getDataBuffer();
    ArrowType type = field.getType();
    switch (type.getTypeID()) {
      case Bool -> {
        boolean[] v = n == 0 ? new boolean[0] : from.getBooleans(0, n);
        long[] words = new long[(n + 63) >>> 6];
        for (int i = 0; i < n; i++) {
          if (v[i]) {
            words[i >>> 6] |= 1L << i;
          }
        }
        writeBits(data, words, n);
      }
      case Int, Date -> {
        if (((BaseFixedWidthVector) to).getTypeWidth() == 8) {
          longs(data, n).put(n == 0 ? new long[0] : from.getLongs(0, n));
        } else {
          bytes(data, n, 4).asIntBuffer().put(n == 0 ? new int[0] : from.getInts(0, n));
        }
      }
      case Timestamp -> longs(data, n).put(n == 0 ? new long[0] : from.getLongs(0, n));
      case FloatingPoint -> {
        if (((BaseFixedWidthVector) to).getTypeWidth() == 8) {
          bytes(data, n, 8).asDoubleBuffer().put(n == 0 ? new double[0] : from.getDoubles(0, n));
        } else {
          bytes(data, n, 4).asFloatBuffer().put(n == 0 ? new float[0] : from.getFloats(0, n));
        }
      }
      case Decimal -> {
        ArrowType.Decimal d = (ArrowType.Decimal) type;
        for (int i = 0; i < n; i++) {
          if (from.isNullAt(i)) {
            continue;
          }
          org.apache.spark.sql.types.Decimal v = from.getDecimal(i, d.getPrecision(), d.getScale());
          if (d.getPrecision() <= 18) {
            long x = v.toUnscaledLong();
            data.setLong(16L * i, x);
            data.setLong(16L * i + 8, x >> 63);
          } else {
            BigDecimal big = v.toJavaBigDecimal().setScale(d.getScale());
            DecimalUtility.writeBigDecimalToArrowBuf(big, data, i, 16);
          }
        }
      }
      default ->
          throw new EngineException(
              "Cannot copy Spark's column '"
                  + field.getName()
                  + "' to Arrow type "
                  + type
                  + "; the types copied are bool, int, date, timestamp, floating point, decimal"
                  + " and utf8");
    }
    writeBits(fixed.getValidityBuffer(), validity(from, n), n);
    fixed.setValueCount(n);
  }

  private static void copyStrings(ColumnVector from, VarCharVector to, int n) {
    long[] valid = validity(from, n);
    UTF8String[] values = new UTF8String[n];
    int[] offsets = new int[n + 1];
    long total = 0;
    for (int i = 0; i < n; i++) {
      if ((valid[i >>> 6] & (1L << i)) != 0) {
        values[i] = from.getUTF8String(i);
        total += values[i].numBytes();
      }
      offsets[i + 1] = (int) Math.min(total, Integer.MAX_VALUE);
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new EngineException(
          "A batch of "
              + n
              + " strings from Spark holds "
              + total
              + " bytes of UTF-8, more than an Arrow Utf8 vector's 2 GiB");
    }
    byte[] bytes = new byte[(int) total];
    for (int i = 0; i < n; i++) {
      if (values[i] != null) {
        values[i].writeToMemory(bytes, Platform.BYTE_ARRAY_OFFSET + offsets[i]);
      }
    }
    to.allocateNew(Math.max(1, bytes.length), n);
    bytes(to.getOffsetBuffer(), n + 1, 4).asIntBuffer().put(offsets);
    to.getDataBuffer().setBytes(0, bytes);
    writeBits(to.getValidityBuffer(), valid, n);
    // without lastSet, setValueCount would take every offset for a hole and zero it
    to.setLastSet(n - 1);
    to.setValueCount(n);
  }

  /** Arrow's validity bits of the column: 1 for a value, 0 for a null. */
  private static long[] validity(ColumnVector from, int n) {
    long[] words = new long[(n + 63) >>> 6];
    java.util.Arrays.fill(words, -1L);
    if (from.hasNull()) {
      for (int i = 0; i < n; i++) {
        if (from.isNullAt(i)) {
          words[i >>> 6] &= ~(1L << i);
        }
      }
    }
    if ((n & 63) != 0) {
      words[words.length - 1] &= (1L << n) - 1;
    }
    return words;
  }

  private static java.nio.LongBuffer longs(ArrowBuf data, int n) {
    return bytes(data, n, 8).asLongBuffer();
  }

  private static ByteBuffer bytes(ArrowBuf buf, int n, int width) {
    return buf.nioBuffer(0, Math.multiplyExact(n, width)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void writeBits(ArrowBuf buf, long[] words, int n) {
    int bytes = (n + 7) >>> 3;
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      buf.setLong(8L * w, words[w]);
    }
    for (int b = full << 3; b < bytes; b++) {
      buf.setByte(b, (byte) (words[b >>> 3] >>> ((b & 7) << 3)));
    }
  }
}
