package io.frameshift.spark;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.BatchFunction;
import io.frameshift.types.Schema;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * {@code mapBatches} on Spark, per partition on the executors; nothing is collected to the driver.
 *
 * <p>Why this way: Spark's own {@code mapInArrow} takes a Python function only, and a Java {@code
 * mapPartitions} over {@code Row}s would box every value twice (Spark row to Arrow, Arrow to Spark
 * row). Instead the partition's rows become Arrow batches with Spark's own Arrow writer ({@code
 * toArrowBatchRdd}, the path PySpark's {@code toPandas} and the engine's export already use), the
 * function runs on each decoded batch, and its output is read back column by column through Spark's
 * public {@link ArrowColumnVector} into the rows of a new Dataset ({@code internalCreateDataFrame},
 * what PySpark's Arrow-to-DataFrame path calls). Both are Scala-private to Spark's SQL package,
 * which the JVM does not enforce; both exist unchanged in Spark 4.1.
 */
final class SparkMapBatches {
  private SparkMapBatches() {}

  static SparkFrame apply(SparkFrame in, BatchFunction fn, Schema out) {
    SparkSession spark = in.dataset().sparkSession();
    SparkJars.ship(spark, SparkMapBatches.class, fn);
    JavaRDD<byte[]> batches = SparkArrow.batchRdd(in);
    StructType type = SparkTypes.toSpark(out);
    JavaRDD<InternalRow> rows = batches.mapPartitions(new Partition(fn, in.schema(), out));
    Dataset<Row> ds =
        ((org.apache.spark.sql.classic.SparkSession) spark)
            .internalCreateDataFrame(rows.rdd(), type, false);
    return new SparkFrame(ds, out);
  }

  /** One partition's work, on an executor. */
  private static final class Partition implements FlatMapFunction<Iterator<byte[]>, InternalRow> {
    private static final long serialVersionUID = 1L;

    private final BatchFunction fn;
    private final Schema in;
    private final Schema out;

    Partition(BatchFunction fn, Schema in, Schema out) {
      this.fn = fn;
      this.in = in;
      this.out = out;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<byte[]> messages) {
      TaskContext task = TaskContext.get();
      String unit = task == null ? "batch" : "partition " + task.partitionId() + ", batch";
      ArrowBatches outputs = BatchFunction.map(SparkArrow.decoded(in, messages), fn, out, unit);
      if (task != null) {
        // a task that fails or stops reading early still releases every batch
        task.addTaskCompletionListener(
            (org.apache.spark.util.TaskCompletionListener) t -> outputs.close());
      }
      return new Rows(outputs);
    }
  }

  /** The rows of each output batch, copied out of Arrow; each batch closed once read. */
  private static final class Rows implements Iterator<InternalRow> {
    private final ArrowBatches batches;
    private VectorSchemaRoot root;
    private Iterator<InternalRow> rows = java.util.Collections.emptyIterator();
    private boolean done;

    Rows(ArrowBatches batches) {
      this.batches = batches;
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext() && !done) {
        if (root != null) {
          root.close();
          root = null;
        }
        root = batches.next();
        if (root == null) {
          done = true;
          batches.close();
        } else {
          ColumnVector[] columns = new ColumnVector[root.getFieldVectors().size()];
          int c = 0;
          for (FieldVector v : root.getFieldVectors()) {
            columns[c++] = new ArrowColumnVector(v);
          }
          rows = new ColumnarBatch(columns, root.getRowCount()).rowIterator();
        }
      }
      return rows.hasNext();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      // the batch's row is a view that moves on: Spark keeps rows, so copy
      return rows.next().copy();
    }
  }
}
