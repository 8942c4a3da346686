package io.frameshift.iceberg;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded catalog of the test JVM. Spark loads a catalog once per session and the session
 * lives as long as the JVM, so every test uses the same warehouse and catalog name and keeps apart
 * by namespace.
 */
final class Lake {
  static final Path WAREHOUSE = temp();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private Lake() {}

  private static Path temp() {
    try {
      Path p = Files.createTempDirectory("frameshift-lake");
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A session on {@code engine} whose default catalog {@code lake} lives in {@link #WAREHOUSE}. */
  static Frameshift session(String engine) {
    return Frameshift.builder()
        .engine(engine)
        .config("frameshift.warehouse", WAREHOUSE.toString())
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2")
        .build();
  }

  /** A namespace no other test uses. */
  static String namespace(String prefix) {
    return prefix + NAMESPACES.incrementAndGet();
  }

  static final Schema PRODUCTS =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("category", DataType.STRING)
          .column("price", DataType.FLOAT64)
          .column("day", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .build();

  static Object[] product(long id, String category, double price) {
    return new Object[] {
      id,
      category,
      price,
      LocalDate.of(2026, 1, 1).plusDays(id % 3),
      Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id * 3600)
    };
  }

  static List<Long> ids(List<Row> rows) {
    return rows.stream().map(r -> (Long) r.get("id")).sorted().toList();
  }
}
