package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.WriteMode;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.spi.Capability;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading and writing CSV. Engines without {@link Capability#READ_CSV} or {@link
 * Capability#WRITE_CSV} must refuse with {@link UnsupportedCapabilityException}; the tests assert
 * that instead of the rows.
 */
public interface CsvConformance extends ConformanceBase {

  private DataFrame readCsv(Path path, Schema schema) {
    return session().read().schema(schema).csv(path.toString());
  }

  /**
   * Whether the engines read CSV; if not, asserts that reading {@code file} with {@code schema}
   * fails as unsupported.
   */
  private boolean readsCsv(Path file, Schema schema) {
    if (supports(Capability.READ_CSV)) {
      return true;
    }
    assertFailure(() -> rows(readCsv(file, schema)), UnsupportedCapabilityException.class, "csv");
    return false;
  }

  /** Whether the engines write CSV; if not, asserts that writing {@code df} fails so. */
  private boolean writesCsv(DataFrame df, Path target) {
    if (supports(Capability.WRITE_CSV)) {
      return true;
    }
    assertFailure(
        df, d -> d.write().csv(target.toString()), UnsupportedCapabilityException.class, "csv");
    return false;
  }

  @Test
  default void readsWithAGivenSchema(@TempDir Path dir) {
    Path file =
        textFile(
            dir,
            "people.csv",
            """
            id,name,born,amount
            1,ann,2020-01-02,1.50
            2,"b,ob",1969-12-31,-0.25
            3,,2150-06-30,
            4,"say ""hi\"\"\",1900-01-01,12345678.99
            """);
    Schema s =
        schema(
            field("id", INT32),
            field("name", STRING),
            field("born", DATE),
            field("amount", decimal(10, 2)));
    if (!readsCsv(file, s)) {
      return;
    }
    DataFrame people = readCsv(file, s);
    assertSchema(
        people,
        field("id", INT32),
        field("name", STRING),
        field("born", DATE),
        field("amount", decimal(10, 2)));
    assertRows(
        people,
        row(1, "ann", date("2020-01-02"), dec("1.50")),
        row(2, "b,ob", date("1969-12-31"), dec("-0.25")),
        row(3, null, date("2150-06-30"), null),
        row(4, "say \"hi\"", date("1900-01-01"), dec("12345678.99")));
  }

  @Test
  default void readsUtf8Text(@TempDir Path dir) {
    Path file = textFile(dir, "text.csv", "id,text\n1,𝄞 clef\n2,héllo wörld\n3,Ωmega ✓\n");
    Schema s = schema(field("id", INT32), field("text", STRING));
    if (!readsCsv(file, s)) {
      return;
    }
    assertRows(readCsv(file, s), row(1, "𝄞 clef"), row(2, "héllo wörld"), row(3, "Ωmega ✓"));
  }

  @Test
  default void infersColumnTypes(@TempDir Path dir) {
    Path file = textFile(dir, "infer.csv", "i,f,s\n1,1.5,x\n2,2.25,y\n");
    if (!supports(Capability.READ_CSV)) {
      assertFailure(
          () -> rows(session().read().csv(file.toString())), UnsupportedCapabilityException.class);
      return;
    }
    DataFrame df = session().read().csv(file.toString());
    assertThat(df.columns()).containsExactly("i", "f", "s");
    // the width of an inferred integer column is the engine's choice; that it is one is not
    assertThat(df.schema().field("i").type().isIntegral()).as("type of i").isTrue();
    assertThat(df.schema().field("f").type()).isEqualTo(FLOAT64);
    assertThat(df.schema().field("s").type()).isEqualTo(STRING);
    assertRows(
        df.select(col("i").cast(INT64).as("i"), col("f"), col("s")),
        row(1L, 1.5, "x"),
        row(2L, 2.25, "y"));
  }

  @Test
  default void inferSchemaFalseReadsEveryColumnAsString(@TempDir Path dir) {
    Path file = textFile(dir, "strings.csv", "i,f\n1,1.5\n2,\n");
    if (!supports(Capability.READ_CSV)) {
      assertFailure(
          () -> rows(session().read().option("inferSchema", "false").csv(file.toString())),
          UnsupportedCapabilityException.class);
      return;
    }
    DataFrame df = session().read().option("inferSchema", "false").csv(file.toString());
    assertSchema(df, field("i", STRING), field("f", STRING));
    assertRows(df, row("1", "1.5"), row("2", null));
  }

  @Test
  default void headerFalseReadsTheFirstLineAsData(@TempDir Path dir) {
    Path file = textFile(dir, "noheader.csv", "1,a\n2,b\n");
    Schema s = schema(field("n", INT32), field("s", STRING));
    if (!readsCsv(file, s)) {
      return;
    }
    assertRows(
        session().read().option("header", "false").schema(s).csv(file.toString()),
        row(1, "a"),
        row(2, "b"));
  }

  @Test
  default void delimiterQuoteAndNullValueOptions(@TempDir Path dir) {
    Path semicolons = textFile(dir, "semi.csv", "a;b\n1;NA\nNA;x\n");
    Path tabs = textFile(dir, "tabs.csv", "a\tb\n1\tx,y\n");
    Path quotes = textFile(dir, "quotes.csv", "a,b\n1,'x,y'\n");
    Schema s = schema(field("a", INT32), field("b", STRING));
    if (!readsCsv(semicolons, s)) {
      return;
    }
    assertRows(
        session()
            .read()
            .option("delimiter", ";")
            .option("nullValue", "NA")
            .schema(s)
            .csv(semicolons.toString()),
        row(1, null),
        row(null, "x"));
    assertRows(
        session().read().option("delimiter", "\\t").schema(s).csv(tabs.toString()), row(1, "x,y"));
    assertRows(
        session().read().option("quote", "'").schema(s).csv(quotes.toString()), row(1, "x,y"));
    Path escaped = textFile(dir, "escaped.csv", "a,b\n1,\"x\\\"y\"\n");
    assertRows(
        session().read().option("escape", "\\").schema(s).csv(escaped.toString()), row(1, "x\"y"));
  }

  @Test
  default void writeOptionsAreReadBackWithTheSameOptions(@TempDir Path dir) {
    Schema s = schema(field("a", INT32), field("b", STRING));
    DataFrame df = frame(s, row(1, "semi;colon"), row(2, "quote\"d"), row(3, null), row(null, "x"));
    Path out = dir.resolve("semicolons");
    if (!writesCsv(df, out)) {
      return;
    }
    df.write().option("delimiter", ";").option("nullValue", "NA").csv(out.toString());
    if (!readsCsv(out, s)) {
      return;
    }
    assertRows(
        session()
            .read()
            .option("delimiter", ";")
            .option("nullValue", "NA")
            .schema(s)
            .csv(out.toString()),
        row(1, "semi;colon"),
        row(2, "quote\"d"),
        row(3, null),
        row(null, "x"));
  }

  @Test
  default void headerOnlyFileHasNoRows(@TempDir Path dir) {
    Path file = textFile(dir, "empty.csv", "a,b\n");
    Schema s = schema(field("a", INT32), field("b", STRING));
    if (!readsCsv(file, s)) {
      return;
    }
    DataFrame df = readCsv(file, s);
    assertSchema(df, field("a", INT32), field("b", STRING));
    assertRows(df);
  }

  @Test
  default void readsADirectoryOfPartFiles(@TempDir Path dir) throws IOException {
    Path parts = Files.createDirectory(dir.resolve("parts"));
    textFile(parts, "part-00000.csv", "a,b\n1,x\n");
    textFile(parts, "part-00001.csv", "a,b\n2,y\n3,z\n");
    Schema s = schema(field("a", INT32), field("b", STRING));
    if (!readsCsv(parts, s)) {
      return;
    }
    assertRows(readCsv(parts, s), row(1, "x"), row(2, "y"), row(3, "z"));
  }

  @Test
  default void badCellNamesFileLineColumnAndExpectedType(@TempDir Path dir) {
    Path file = textFile(dir, "bad_cell.csv", "id,name\n1,a\nx7,b\n");
    Schema s = schema(field("id", INT32), field("name", STRING));
    if (!readsCsv(file, s)) {
      return;
    }
    assertRunFailure(
        readCsv(file, s), InputException.class, "bad_cell.csv", "line 3", "id", "int32");
  }

  @Test
  default void missingFileIsNamed(@TempDir Path dir) {
    assertFailure(
        () -> session().read().csv("nope.csv"), SourceNotFoundException.class, "nope.csv");
    String absent = dir.resolve("absent.csv").toString();
    assertFailure(() -> session().read().csv(absent), SourceNotFoundException.class, absent);
  }

  @Test
  default void unknownOrMalformedOptionListsWhatIsAccepted(@TempDir Path dir) {
    Path file = textFile(dir, "ok.csv", "a\n1\n");
    assertFailure(
        () -> session().read().option("delimeter", ";").csv(file.toString()),
        InvalidOptionException.class,
        "delimeter",
        "header",
        "delimiter",
        "quote",
        "escape",
        "nullValue",
        "inferSchema");
    assertFailure(
        () -> session().read().option("header", "maybe").csv(file.toString()),
        InvalidOptionException.class,
        "header",
        "maybe",
        "true or false");
    DataFrame one = column("a", INT32, 1);
    String out = dir.resolve("out").toString();
    assertFailure(
        () -> one.write().option("bogus", "1").csv(out),
        InvalidOptionException.class,
        "bogus",
        "delimiter");
  }

  @Test
  default void writeThenReadBackEveryType(@TempDir Path dir) {
    DataFrame all = frame(Samples.EVERY_TYPE, Samples.everyTypeRows().toArray(new Object[0][]));
    Path out = dir.resolve("every_type");
    if (!writesCsv(all, out)) {
      return;
    }
    all.write().csv(out.toString());
    if (!readsCsv(out, Samples.EVERY_TYPE)) {
      return;
    }
    assertRows(readCsv(out, Samples.EVERY_TYPE), Samples.everyTypeRows().toArray(new Object[0][]));
  }

  @Test
  default void writeModes(@TempDir Path dir) {
    Schema s = schema(field("a", INT32), field("b", STRING));
    DataFrame first = frame(s, row(1, "x"));
    DataFrame second = frame(s, row(2, "y"));
    Path out = dir.resolve("modes_out");
    if (!writesCsv(first, out)) {
      return;
    }
    first.write().csv(out.toString());
    assertFailure(
        second, d -> d.write().csv(out.toString()), OutputExistsException.class, "modes_out");
    second.write().mode(WriteMode.IGNORE).csv(out.toString());
    boolean reads = readsCsv(out, s);
    if (reads) {
      assertRows(readCsv(out, s), row(1, "x"));
    }
    second.write().mode(WriteMode.APPEND).csv(out.toString());
    if (reads) {
      assertRows(readCsv(out, s), row(1, "x"), row(2, "y"));
    }
    second.write().mode(WriteMode.OVERWRITE).csv(out.toString());
    if (reads) {
      assertRows(readCsv(out, s), row(2, "y"));
    }
  }
}
