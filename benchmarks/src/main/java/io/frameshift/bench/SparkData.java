package io.frameshift.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Generated tables as cached Spark Datasets. Spark runs in local mode, in this JVM, so its tasks
 * read the arrays through a static registry instead of having them serialised into every task.
 */
final class SparkData {
  private static final Map<String, Data> REGISTRY = new ConcurrentHashMap<>();
  private static final int SLICES = 8;

  private SparkData() {}

  /** The SparkSession every Spark-backed system of the harness shares. */
  static SparkSession session(Map<String, String> config) {
    SparkSession.Builder b = SparkSession.builder().appName("db-benchmark");
    config.forEach(b::config);
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** {@code d} as a Dataset, persisted in memory and materialised. */
  static Dataset<Row> of(SparkSession spark, Data d) {
    String id = d.name() + "-" + System.identityHashCode(d);
    REGISTRY.put(id, d);
    List<Integer> slices = new ArrayList<>();
    for (int s = 0; s < SLICES; s++) {
      slices.add(s);
    }
    int n = d.rows();
    var rows =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(slices, SLICES)
            .mapPartitions(
                it -> {
                  Data data = REGISTRY.get(id);
                  List<Row> out = new ArrayList<>();
                  while (it.hasNext()) {
                    int s = it.next();
                    for (int r = (int) ((long) n * s / SLICES);
                        r < (int) ((long) n * (s + 1) / SLICES);
                        r++) {
                      out.add(row(data, r));
                    }
                  }
                  return out.iterator();
                });
    Dataset<Row> ds = spark.createDataFrame(rows, schema(d)).persist(StorageLevel.MEMORY_ONLY());
    ds.count();
    REGISTRY.remove(id);
    return ds;
  }

  private static Row row(Data d, int r) {
    Object[] v = new Object[d.columns().size()];
    for (int c = 0; c < v.length; c++) {
      Data.Col col = d.columns().get(c);
      if (col instanceof Data.Ints i) {
        v[c] = i.nulls() != null && i.nulls()[r] ? null : i.values()[r];
      } else if (col instanceof Data.Doubles x) {
        v[c] = x.nulls() != null && x.nulls()[r] ? null : x.values()[r];
      } else {
        v[c] = ((Data.Strings) col).values()[r];
      }
    }
    return RowFactory.create(v);
  }

  private static StructType schema(Data d) {
    List<StructField> fields = new ArrayList<>();
    for (Data.Col c : d.columns()) {
      fields.add(
          DataTypes.createStructField(
              c.name(),
              c instanceof Data.Ints
                  ? DataTypes.IntegerType
                  : c instanceof Data.Doubles ? DataTypes.DoubleType : DataTypes.StringType,
              true));
    }
    return DataTypes.createStructType(fields);
  }
}
