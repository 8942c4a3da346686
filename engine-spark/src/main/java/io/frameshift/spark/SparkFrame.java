package io.frameshift.spark;

import io.frameshift.spi.EngineFrame;
import io.frameshift.types.Schema;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark engine's frame: a lazy Dataset and the schema analysis computed for it. Operations wrap
 * new Datasets around old ones, so a chain of Spark nodes stays one Spark plan and Spark's
 * optimizer sees all of it.
 *
 * @param dataset the Dataset, whose columns are the schema's, in order, with the same names
 * @param schema the Frameshift schema
 * @param rows the exact row count when known without running a job (a frame made from rows), or -1
 */
record SparkFrame(Dataset<Row> dataset, Schema schema, long rows) implements EngineFrame {
  SparkFrame {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(schema, "schema");
  }

  SparkFrame(Dataset<Row> dataset, Schema schema) {
    this(dataset, schema, -1);
  }

  @Override
  public String engine() {
    return SparkEngine.NAME;
  }

  @Override
  public String toString() {
    return "SparkFrame" + schema;
  }
}
