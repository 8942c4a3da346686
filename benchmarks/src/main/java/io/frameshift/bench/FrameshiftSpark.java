package io.frameshift.bench;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.spark.SparkFrames;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Frameshift pinned to its Spark engine, over the same cached Datasets raw Spark reads (entered
 * through {@link SparkFrames#of}); a result is persisted and counted, as raw Spark's is.
 */
final class FrameshiftSpark implements FrameshiftPeer.Binding {
  private final Map<String, String> config;
  private final Map<DataFrame, Dataset<Row>> persisted = new java.util.IdentityHashMap<>();

  FrameshiftSpark(Map<String, String> config) {
    this.config = config;
  }

  @Override
  public Frameshift open() {
    SparkData.session(config); // the engine joins the application's session
    return Frameshift.builder().engine("spark").config(config).build();
  }

  @Override
  public DataFrame load(Frameshift fs, Data d) {
    return SparkFrames.of(fs, SparkData.of(SparkData.session(config), d));
  }

  @Override
  public DataFrame materialize(Frameshift fs, DataFrame df) {
    Dataset<Row> ds = SparkFrames.toDataset(df).persist(StorageLevel.MEMORY_ONLY());
    ds.count();
    DataFrame result = SparkFrames.of(fs, ds);
    persisted.put(result, ds);
    return result;
  }

  @Override
  public double lastV3(DataFrame sorted) {
    Dataset<Row> ds = SparkFrames.toDataset(sorted);
    Row last = ((Row[]) ds.tail(1))[0];
    return last.getDouble(ds.schema().fieldIndex("v3"));
  }

  @Override
  public void release(DataFrame result) {
    Dataset<Row> ds = persisted.remove(result);
    if (ds != null) {
      ds.unpersist(true);
    }
  }
}
