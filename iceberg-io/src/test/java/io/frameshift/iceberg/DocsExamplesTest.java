package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The merge and schema-evolution examples of docs/iceberg.md, as written there (between the {@code
 * // docs:} markers), run on the local engine against the tests' embedded catalog.
 */
class DocsExamplesTest {

  @Test
  void mergeAndSchemaEvolutionExamples() {
    try (Frameshift fs = Lake.session("local")) {
      String name = "lake." + Lake.namespace("docs") + ".products";
      Schema products =
          Schema.builder()
              .column("product_id", DataType.INT64)
              .column("stock", DataType.INT32)
              .column("price", DataType.FLOAT32)
              .build();
      fs.createDataFrame(
              products,
              new Object[] {1L, 10, 2.5f},
              new Object[] {2L, 0, 4.0f},
              new Object[] {3L, 7, 1.0f})
          .write()
          .table(name);
      Schema changes =
          Schema.builder()
              .column("product_id", DataType.INT64)
              .column("delta", DataType.INT32)
              .column("discontinued", DataType.BOOLEAN)
              .build();
      DataFrame updates =
          fs.createDataFrame(
              changes,
              new Object[] {1L, 5, false},
              new Object[] {2L, 0, true},
              new Object[] {4L, 3, false});

      // docs: merge
      Table t = fs.table(name);
      t.merge(updates)
          .onKeys("product_id") // or .on("target.product_id = source.product_id")
          .whenMatchedDelete("source.discontinued")
          .whenMatchedUpdateExpr(Map.of("stock", "target.stock + source.delta"))
          .whenNotMatchedInsertExpr(
              Map.of("product_id", "source.product_id", "stock", "source.delta"))
          .commit();
      // docs: end

      assertThat(fs.read().table(name).sort("product_id").collect())
          .extracting(r -> r.get("product_id") + ":" + r.get("stock"))
          .containsExactly("1:15", "3:7", "4:3");

      // docs: evolve
      t.updateSchema()
          .addColumn("discount", DataType.FLOAT64, "off the list price")
          .renameColumn("price", "list_price")
          .widen("stock", DataType.INT64)
          .commit();
      // docs: end

      assertThat(t.schema().names())
          .containsExactly("product_id", "stock", "list_price", "discount");
      assertThat(fs.read().table(name).filter(col("product_id").eq(1L)).collect().get(0).get(2))
          .isEqualTo(2.5f);

      DataFrame withColour =
          fs.createDataFrame(
              Schema.builder()
                  .column("product_id", DataType.INT64)
                  .column("colour", DataType.STRING)
                  .build(),
              new Object[] {5L, "red"});
      // docs: mergeSchema
      withColour.write().mode(WriteMode.APPEND).option("mergeSchema", "true").table(name);
      // docs: end

      assertThat(t.schema().names()).endsWith("colour");
      assertThat(fs.read().table(name).count()).isEqualTo(4);
    }
  }
}
