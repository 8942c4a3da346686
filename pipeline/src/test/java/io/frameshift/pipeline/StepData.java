package io.frameshift.pipeline;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * What the step tests run on and read back: a CSV of {@code id,country,<value>} rows, row {@code i}
 * in {@link #country} {@code i}, so the tests compute every expected value from {@code i} in plain
 * Java, and the Parquet the run wrote, by id.
 */
final class StepData {
  static final List<String> COUNTRIES = List.of("de", "fr", "it");

  private StepData() {}

  /** de, fr, it in turn. */
  static String country(int i) {
    return COUNTRIES.get(i % COUNTRIES.size());
  }

  /** Writes rows 0 to {@code rows - 1}, the column {@code value} holding {@code values(i)}. */
  static void writeCsv(Path file, int rows, String value, IntToDoubleFunction values)
      throws IOException {
    StringBuilder csv = new StringBuilder("id,country,").append(value).append('\n');
    for (int i = 0; i < rows; i++) {
      csv.append(i).append(',').append(country(i)).append(',').append(values.applyAsDouble(i));
      csv.append('\n');
    }
    Files.writeString(file, csv);
  }

  /** The Parquet dataset at {@code path} as id -> {@code values} of its row. */
  static Map<Long, List<Object>> byId(
      Frameshift fs, String path, Function<Row, List<Object>> values) {
    Map<Long, List<Object>> out = new HashMap<>();
    for (Row r : fs.read().parquet(path).collect()) {
      out.put(((Number) r.get("id")).longValue(), values.apply(r));
    }
    return out;
  }
}
