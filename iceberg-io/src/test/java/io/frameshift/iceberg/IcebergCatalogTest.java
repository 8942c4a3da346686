package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Catalog;
import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.TableNotFoundException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IcebergCatalogTest {
  private static Frameshift fs;

  @BeforeAll
  static void open() {
    fs = Lake.session("local");
  }

  @AfterAll
  static void close() {
    fs.close();
  }

  @Test
  void theEmbeddedCatalogListsCreatesDescribesAndDropsTables() throws Exception {
    String ns = Lake.namespace("cat");
    Catalog lake = fs.catalog("lake");
    assertThat(lake.name()).isEqualTo("lake");
    lake.createNamespace(ns + ".inner");
    assertThat(lake.namespaces()).contains(ns, ns + ".inner");
    assertThat(lake.tables(ns)).isEmpty();

    PartitionSpec spec =
        PartitionSpec.of(
            PartitionField.identity("category"),
            PartitionField.bucket("id", 4),
            PartitionField.truncate("category", 2),
            PartitionField.day("ts"));
    Table t = lake.createTable(ns + ".products", Lake.PRODUCTS, spec, Map.of("owner", "tests"));
    assertThat(t.name()).isEqualTo("lake." + ns + ".products");
    assertThat(t.schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(t.spec()).isEqualTo(spec);
    assertThat(t.location()).startsWith(Lake.WAREHOUSE.toString());
    assertThat(t.properties()).containsEntry("owner", "tests");
    assertThat(t.currentSnapshot()).isEmpty();
    assertThat(t.snapshots()).isEmpty();
    assertThat(lake.exists(ns + ".products")).isTrue();
    assertThat(lake.tables(ns)).containsExactly(ns + ".products");
    assertThat(fs.table("lake." + ns + ".products").schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(fs.read().table("lake." + ns + ".products").schema()).isEqualTo(Lake.PRODUCTS);

    for (PartitionSpec other :
        new PartitionSpec[] {
          PartitionSpec.of(PartitionField.year("day")),
          PartitionSpec.of(PartitionField.month("ts")),
          PartitionSpec.of(PartitionField.hour("ts"))
        }) {
      String name = ns + ".by_" + other.fields().get(0).transform().name().toLowerCase();
      assertThat(lake.createTable(name, Lake.PRODUCTS, other, Map.of()).spec()).isEqualTo(other);
    }

    assertThatThrownBy(() -> lake.createTable(ns + ".products", Lake.PRODUCTS))
        .isInstanceOf(OutputExistsException.class)
        .hasMessageContaining(ns + ".products");

    Path location = Path.of(t.location());
    assertThat(lake.dropTable(ns + ".products")).isTrue();
    assertThat(lake.exists(ns + ".products")).isFalse();
    assertThat(lake.dropTable(ns + ".products")).isFalse();
    assertThat(Files.exists(location.resolve("metadata"))).isTrue();

    Table purged = lake.createTable(ns + ".gone", Lake.PRODUCTS);
    Path gone = Path.of(purged.location());
    assertThat(lake.purgeTable(ns + ".gone")).isTrue();
    try (var left = Files.walk(gone)) {
      assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  @Test
  void decimalsTimestampsWithoutZoneAndRequiredColumnsKeepTheirTypes() {
    String ns = Lake.namespace("types");
    Schema s =
        Schema.builder()
            .column("k", DataType.INT32, false)
            .column("amount", DataType.decimal(12, 2))
            .column("local", DataType.TIMESTAMP_NTZ)
            .column("f", DataType.FLOAT32)
            .column("ok", DataType.BOOLEAN)
            .build();
    Table t = fs.catalog("lake").createTable(ns + ".t", s);
    assertThat(t.schema()).isEqualTo(s);
  }

  @Test
  void badNamesListWhatExists() {
    String ns = Lake.namespace("bad");
    Catalog lake = fs.catalog("lake");
    lake.createTable(ns + ".one", Lake.PRODUCTS);
    lake.createTable(ns + ".two", Lake.PRODUCTS);

    assertThatThrownBy(() -> fs.table("lake." + ns + ".three"))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("lake." + ns + ".three")
        .hasMessageContaining(ns + ".one")
        .hasMessageContaining(ns + ".two");
    assertThatThrownBy(() -> fs.read().table("lake.nowhere_" + ns + ".t"))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("nowhere_" + ns)
        .hasMessageContaining(ns);
    assertThatThrownBy(() -> lake.tables("nowhere_" + ns))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining(ns);
    assertThatThrownBy(() -> fs.table("warehouse." + ns + ".one"))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("warehouse")
        .hasMessageContaining("[lake]");
    assertThatThrownBy(() -> fs.catalog("warehouse"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("warehouse")
        .hasMessageContaining("[lake]");
    assertThatThrownBy(() -> fs.table("lake." + ns))
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("namespace.table");
  }

  @Test
  void aColumnOfATypeFrameshiftLacksIsNamed() throws Exception {
    String ns = Lake.namespace("unsupported");
    Map<String, String> props = CatalogSettings.embedded(fs.config());
    try (var catalog =
        (java.io.Closeable) CatalogUtil.buildIcebergCatalog("lake", props, new Configuration())) {
      ((org.apache.iceberg.catalog.Catalog) catalog)
          .createTable(
              TableIdentifier.of(ns, "blobs"),
              new org.apache.iceberg.Schema(
                  Types.NestedField.required(1, "id", Types.LongType.get()),
                  Types.NestedField.optional(2, "payload", Types.BinaryType.get())));
    }
    assertThatThrownBy(() -> fs.table("lake." + ns + ".blobs").schema())
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("'payload'")
        .hasMessageContaining("binary")
        .hasMessageContaining("lake." + ns + ".blobs");
  }

  @Test
  void aHadoopCatalogConfiguredBySettingsWorks(@TempDir Path dir) {
    try (Frameshift hadoop =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.catalog.files.type", "hadoop")
            .config("frameshift.catalog.files.warehouse", dir.toString())
            .build()) {
      assertThatThrownBy(() -> hadoop.catalog("lake"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("[files]");
      Catalog files = hadoop.catalog("files");
      files.createNamespace("shop");
      Table t =
          files.createTable(
              "shop.products",
              Lake.PRODUCTS,
              PartitionSpec.of(PartitionField.identity("category")),
              Map.of());
      assertThat(files.tables("shop")).containsExactly("shop.products");
      assertThat(t.location()).contains(dir.getFileName().toString());
      assertThat(hadoop.table("files.shop.products").spec()).isEqualTo(t.spec());
      assertThat(files.dropTable("shop.products")).isTrue();
    }
  }

  @Test
  void catalogSettingsNeedATypeOrAnImplementation() {
    try (Frameshift bad =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.catalog.prod.uri", "jdbc:sqlite:/nowhere.db")
            .build()) {
      assertThatThrownBy(() -> bad.catalog("prod"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("frameshift.catalog.prod.type")
          .hasMessageContaining("catalog-impl");
    }
  }
}
