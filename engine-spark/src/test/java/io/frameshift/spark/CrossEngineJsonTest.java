package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local JSON-lines reader infers and reads what the Spark engine does for the same files: the
 * same schema (Spark's type lattice, columns sorted by name) and the same rows in every read mode.
 */
class CrossEngineJsonTest {
  private static Frameshift local;
  private static Frameshift spark;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    local = Frameshift.builder().engine("local").build();
    spark =
        Frameshift.builder()
            .engine("spark")
            .config("spark.master", "local[2]")
            .config("spark.sql.shuffle.partitions", "2")
            .build();
  }

  @AfterAll
  static void close() {
    local.close();
    spark.close();
  }

  private static List<List<Object>> values(DataFrame df) {
    return df.collect().stream().map(Row::values).toList();
  }

  private void sameSchemaAndRows(Path path, Map<String, String> options) {
    DataFrame l = local.read().options(options).json(path.toString());
    DataFrame s = spark.read().options(options).json(path.toString());
    assertThat(l.schema()).as("inferred schema").isEqualTo(s.schema());
    String first = l.schema().field(0).name();
    assertThat(values(l.sort(first))).isEqualTo(values(s.sort(first)));
  }

  @Test
  void inferenceAndValuesMatchSpark() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("mixed.jsonl"),
            String.join(
                "\n",
                "{\"id\":1,\"long\":1,\"mixed\":1,\"num\":1,\"flag\":true,\"none\":null,"
                    + "\"big\":12345678901234567890,\"obj\":{\"x\":1},\"arr\":[1,2],\"Up\":\"s\"}",
                "",
                "{\"id\":2,\"long\":2,\"mixed\":\"x\",\"num\":2.5,\"flag\":false,\"big\":1,"
                    + "\"obj\":\"text\",\"late\":\"2024-01-01\",\"nan\":NaN,\"\u00e9\":'single'}",
                "{\"id\":3,\"mixed\":true,\"num\":-1e300,\"big\":-2}",
                ""));
    sameSchemaAndRows(f, Map.of());
  }

  @Test
  void readModesMatchSpark() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\"\n\n[1]\n{\"a\":\"three\",\"b\":\"z\"}\n");
    sameSchemaAndRows(f, Map.of("mode", "DROPMALFORMED"));
    sameSchemaAndRows(f, Map.of("mode", "PERMISSIVE"));
    for (Frameshift fs : List.of(local, spark)) {
      assertThatThrownBy(() -> fs.read().json(f.toString()).collect())
          .isInstanceOf(InputException.class)
          .hasMessageContaining("bad.jsonl")
          .hasMessageContaining("line 2");
    }
  }
}
