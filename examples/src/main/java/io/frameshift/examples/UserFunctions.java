package io.frameshift.examples;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.udf;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.error.EvaluationException;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * User functions on the sample shop data (docs/functions.md): a scalar function from a Java lambda
 * used in withColumn, a group key and SQL text, what an exception inside one looks like, and an
 * Arrow batch function that adds a column with {@code mapBatches}.
 *
 * <p>Run it with {@code ./mvnw -B -q -Pdemo package -DskipTests
 * -Ddemo.mainClass=io.frameshift.examples.UserFunctions}. Arguments: data directory, number of
 * orders, engine ({@code auto}, {@code local} or {@code spark}).
 */
public final class UserFunctions {
  private UserFunctions() {}

  public static void main(String[] args) {
    Path dir = Paths.get(args.length > 0 ? args[0] : "target/quickstart-data");
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    String engine = args.length > 2 ? args[2] : Frameshift.AUTO;
    SampleData.generate(dir, 20_000, orders, 42);

    try (Frameshift fs = Frameshift.builder().engine(engine).build()) {
      DataFrame orderRows = fs.read().csv(dir.resolve("orders.csv").toString()).cache();
      DataFrame customers = fs.read().csv(dir.resolve("customers.csv").toString());
      DataFrame sales = orderRows.join(customers, "customer_id");
      System.out.println("sales: " + sales.schema());

      // A scalar function: a serializable lambda. Its parameter classes type its arguments
      // (Double takes FLOAT64, and integers widened to it); what it captures (the rates) travels
      // with it to Spark's executors.
      Map<String, Double> rates = Map.of("DE", 0.19, "FR", 0.20, "NL", 0.21, "US", 0.07);
      UserFunction vat =
          udf(
              "vat",
              (Double amount, String country) -> amount * rates.getOrDefault(country, 0.15),
              DataType.FLOAT64);
      UserFunction band =
          udf(
              "band",
              (Double amount) -> amount < 50 ? "small" : amount < 200 ? "medium" : "large",
              DataType.STRING);
      fs.register(vat); // now SQL text can call it by name

      DataFrame taxed =
          sales
              .withColumn("vat", vat.apply(col("amount").cast(DataType.FLOAT64), col("country")))
              .filter("vat(amount, country) > 10");
      taxed
          .groupBy(band.apply(col("amount").cast(DataType.FLOAT64)).as("band"))
          .agg(count().as("orders"), sum("vat").as("vat"))
          .sort(desc("vat"))
          .show();

      // An exception inside a function fails the job naming the function, its arguments and row.
      UserFunction picky =
          udf(
              "picky",
              (String country) -> {
                if (country.equals("FR")) {
                  throw new IllegalArgumentException("no rate table for " + country);
                }
                return country.length();
              },
              DataType.INT32);
      try {
        customers.select(picky.apply(col("country")).as("n")).collect();
      } catch (EvaluationException e) {
        System.out.println("As expected: " + e.getMessage());
        System.out.println();
      }

      // A batch function: Arrow batches in, Arrow batches out (per chunk locally, per partition on
      // Spark's executors); here it keeps the input's columns and adds one.
      List<Field> fields = new java.util.ArrayList<>(customers.schema().fields());
      fields.add(Field.of("initial", DataType.STRING));
      Schema withInitial = Schema.of(fields);
      customers
          .mapBatches(
              (batch, allocator) -> {
                VarCharVector name = (VarCharVector) batch.getVector("name");
                VarCharVector initial = new VarCharVector("initial", allocator);
                initial.allocateNew(batch.getRowCount());
                for (int i = 0; i < batch.getRowCount(); i++) {
                  if (!name.isNull(i)) {
                    initial.setSafe(i, new byte[] {name.get(i)[0]});
                  }
                }
                initial.setValueCount(batch.getRowCount());
                List<FieldVector> vectors = new java.util.ArrayList<>(batch.getFieldVectors());
                vectors.add(initial);
                VectorSchemaRoot out = new VectorSchemaRoot(vectors);
                out.setRowCount(batch.getRowCount());
                return out;
              },
              withInitial)
          .groupBy("initial")
          .agg(count().as("customers"))
          .sort(desc("customers"))
          .show(5);
      System.out.println(taxed.explain());
    }
  }
}
