package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.StorageLevel;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Window;
import io.frameshift.spi.Capability;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache()}, {@code persist(level)} and {@code unpersist()}: once an action has computed a
 * cached frame, later actions on it and on frames built on it read the kept data, not the source
 * (shown by changing the source file under a cached frame); after {@code unpersist()} actions read
 * the source again. Every storage level is accepted by every engine.
 */
public interface CacheConformance extends ConformanceBase {

  /** The cached file's first content: three rows. */
  private static String first() {
    return "id,name\n1,a\n2,b\n3,c\n";
  }

  /** What replaces it: four other rows. */
  private static String second() {
    return "id,name\n7,x\n8,y\n9,z\n10,w\n";
  }

  private Schema idName() {
    return schema(field("id", INT32), field("name", STRING));
  }

  /** A small frame whose plan has several nodes, for the frames built on it. */
  private DataFrame sales() {
    return frame(
            schema(field("k", STRING), field("v", INT64)),
            row("a", 1L),
            row("a", 2L),
            row("b", 3L),
            row("b", -4L),
            row("c", 5L),
            row(null, 6L))
        .filter(col("v").gt(0L))
        .withColumn("w", col("v").times(lit(10L)));
  }

  @Test
  default void aCachedFrameDoesNotReadItsSourceAgain(@TempDir Path dir) throws IOException {
    Path file = textFile(dir, "people.csv", first());
    if (!supports(Capability.READ_CSV)) {
      assertFailure(
          () -> session().read().schema(idName()).csv(file.toString()).cache().count(),
          UnsupportedCapabilityException.class,
          "csv");
      return;
    }
    DataFrame people = session().read().schema(idName()).csv(file.toString());
    // built before cache(): it shares the cached node, so it reads the kept data too
    DataFrame names = people.select("name");
    assertThat(people.cache()).as("cache() returns the frame it marks").isSameAs(people);
    assertThat(people.storageLevel()).contains(StorageLevel.DEFAULT);
    assertThat(people.count()).as("the action that computes the cache").isEqualTo(3);

    textFile(dir, "people.csv", second());
    assertThat(people.count()).as("count after the file changed").isEqualTo(3);
    assertRows(people, row(1, "a"), row(2, "b"), row(3, "c"));
    assertRows(names, row("a"), row("b"), row("c"));
    assertRows(people.filter(col("id").gt(1)).select("name"), row("b"), row("c"));
    assertThat(people.showString(5)).contains("a").doesNotContain("x");

    Files.delete(file);
    assertThat(people.count()).as("count after the file was deleted").isEqualTo(3);
    assertRows(people.groupBy().agg(sum("id").as("total")), row(6L));

    textFile(dir, "people.csv", second());
    assertThat(people.unpersist()).isSameAs(people);
    assertThat(people.storageLevel()).isEmpty();
    assertThat(people.count()).as("count after unpersist() reads the file").isEqualTo(4);
    assertRows(people, row(7, "x"), row(8, "y"), row(9, "z"), row(10, "w"));
    assertRows(names, row("x"), row("y"), row("z"), row("w"));
  }

  @Test
  default void aCacheIsKeptUntilUnpersistAndThenComputedAgain(@TempDir Path dir) {
    Path file = textFile(dir, "again.csv", first());
    if (!supports(Capability.READ_CSV)) {
      return; // aCachedFrameDoesNotReadItsSourceAgain asserts the failure
    }
    DataFrame people = session().read().schema(idName()).csv(file.toString()).persist();
    assertThat(people.count()).isEqualTo(3);
    people.unpersist();
    // cached again: computed by the next action from the file as it is then
    textFile(dir, "again.csv", second());
    people.persist("MEMORY_ONLY");
    assertThat(people.storageLevel()).contains(StorageLevel.MEMORY_ONLY);
    assertThat(people.count()).isEqualTo(4);
    textFile(dir, "again.csv", first());
    assertThat(people.count()).isEqualTo(4);
    people.unpersist();
    assertThat(people.count()).isEqualTo(3);
  }

  @Test
  default void framesBuiltOnACachedFrameGiveTheSameAnswers() {
    DataFrame sales = sales().cache();
    assertThat(sales.count()).as("the action that computes the cache").isEqualTo(5);
    assertRows(
        sales,
        row("a", 1L, 10L),
        row("a", 2L, 20L),
        row("b", 3L, 30L),
        row("c", 5L, 50L),
        row(null, 6L, 60L));
    assertRows(
        sales.groupBy("k").agg(count().as("n"), sum("w").as("w")),
        row("a", 2L, 30L),
        row("b", 1L, 30L),
        row("c", 1L, 50L),
        row(null, 1L, 60L));
    assertOrderedRows(sales.sort(desc("v")).limit(2).select("v"), row(6L), row(5L));
    assertRows(
        sales
            .withColumn("rn", rowNumber().over(Window.partitionBy("k").orderBy(desc("v"))))
            .filter(col("rn").eq(1))
            .select("k", "v"),
        row("a", 2L),
        row("b", 3L),
        row("c", 5L),
        row(null, 6L));
    // the cached node on both sides of one plan, read from the cache, then computed again
    for (boolean cached : new boolean[] {true, false}) {
      if (!cached) {
        sales.unpersist();
      }
      assertRows(
          sales.select("k", "v").join(sales.select(col("k"), col("w").as("w2")), "k"),
          row("a", 1L, 10L),
          row("a", 1L, 20L),
          row("a", 2L, 10L),
          row("a", 2L, 20L),
          row("b", 3L, 30L),
          row("c", 5L, 50L));
    }
  }

  @Test
  default void everyStorageLevelKeepsTheFrame() {
    for (StorageLevel level : StorageLevel.values()) {
      DataFrame sales = sales().persist(level.name());
      try {
        assertThat(sales.storageLevel()).as("level of %s", level).contains(level);
        assertThat(sales.count()).as("count at %s", level).isEqualTo(5);
        assertRows(sales.filter(col("v").gt(2L)).select("v"), row(3L), row(5L), row(6L));
      } finally {
        sales.unpersist();
      }
      assertThat(sales.storageLevel()).isEmpty();
    }
    // names are Spark's, in any case
    DataFrame lower = sales().persist("memory_and_disk_ser");
    assertThat(lower.storageLevel()).contains(StorageLevel.MEMORY_AND_DISK_SER);
    assertThat(lower.count()).isEqualTo(5);
    lower.unpersist();
  }

  @Test
  default void anUnknownStorageLevelIsAnErrorListingTheValidOnes() {
    DataFrame sales = sales();
    assertFailure(
        () -> sales.persist("MEMORY"),
        InvalidOptionException.class,
        "'MEMORY'",
        "MEMORY_ONLY",
        "MEMORY_AND_DISK",
        "DISK_ONLY",
        "MEMORY_AND_DISK_SER",
        "OFF_HEAP");
    assertFailure(() -> sales.persist(""), InvalidOptionException.class, "storage level");
    assertThat(sales.storageLevel()).isEmpty();
  }

  @Test
  default void cachingTwiceKeepsTheFirstLevelAndUnpersistingTwiceDoesNothing() {
    DataFrame sales = sales();
    sales.unpersist(); // not cached: nothing to do
    sales.persist(StorageLevel.DISK_ONLY);
    sales.cache();
    assertThat(sales.storageLevel()).contains(StorageLevel.DISK_ONLY);
    assertThat(sales.count()).isEqualTo(5);
    sales.unpersist();
    sales.unpersist();
    assertThat(sales.storageLevel()).isEmpty();
    assertThat(sales.count()).isEqualTo(5);
  }
}
