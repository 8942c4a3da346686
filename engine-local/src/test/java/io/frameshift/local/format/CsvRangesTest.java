package io.frameshift.local.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.InputException;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Text;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files cut into many byte ranges read as univocity reads them whole (range size 0): same rows,
 * same inferred schema, same errors with the lines of the whole file; files with quotes or carriage
 * returns are read whole.
 */
class CsvRangesTest {
  @TempDir Path dir;

  private static final long[] RANGES = {1L << 30, 777, 64, 0};

  private static final Schema S =
      Schema.of(
          Field.of("i", DataType.INT32),
          Field.of("l", DataType.INT64),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("day", DataType.DATE),
          Field.of("b", DataType.BOOLEAN));

  /** Rows of every type with nulls, blank lines, spaces and {@code NA}; one bad row if asked. */
  private Path file(String name, int n, int badLine, String bad, String prefix) throws IOException {
    StringBuilder sb = new StringBuilder(prefix).append("i,l,d,s,day,b\n");
    for (int line = 2; line <= n; line++) {
      if (line == badLine) {
        sb.append(bad).append('\n');
      } else if (line % 11 == 0) {
        sb.append('\n');
      } else if (line % 13 == 0) {
        sb.append(",,,,,\n");
      } else if (line % 17 == 0) {
        sb.append("NA, 5 ,NA,NA,NA,NA\n");
      } else {
        sb.append(line % 2 == 0 ? line : -line)
            .append(',')
            .append(line * 3_000_000_000L)
            .append(',')
            .append(line % 5 == 0 ? "1e3" : line % 3 == 0 ? "NaN" : "-" + line + ".125")
            .append(',')
            .append(line % 7 == 0 ? "caf\u00e9 " + line % 3 : "k" + line % 50)
            .append(",2024-01-")
            .append(10 + line % 20)
            .append(',')
            .append(line % 2 == 0)
            .append('\n');
      }
    }
    return Files.writeString(dir.resolve(name), sb.toString());
  }

  private static Source source(Path p, Schema schema) {
    return new Source(Format.CSV, List.of(p.toString()), Map.of("nullValue", "NA"), schema);
  }

  private static void assertSame(LocalFrame a, LocalFrame b) {
    assertThat(a.rows()).isEqualTo(b.rows());
    for (int c = 0; c < a.schema().size(); c++) {
      for (int r = 0; r < a.rows(); r++) {
        assertThat(a.column(c).isNull(r)).isEqualTo(b.column(c).isNull(r));
        if (!a.column(c).isNull(r)) {
          assertThat(Text.format(a.column(c), r)).isEqualTo(Text.format(b.column(c), r));
        }
      }
    }
  }

  @Test
  void rangesReadAsUnivocityReadsTheWholeFile() throws IOException {
    Path p = file("many.csv", 3000, -1, "", "\uFEFF");
    LocalFrame whole = Csv.read(source(p, S), 0);
    assertThat(whole.rows()).isEqualTo(3000 - 1 - 3000 / 11);
    for (long range : RANGES) {
      assertSame(Csv.read(source(p, S), range), whole);
      assertThat(Csv.infer(source(p, null), range)).isEqualTo(S);
    }
  }

  @Test
  void errorsNameTheLineOfTheFile() throws IOException {
    Path cell = file("cell.csv", 3000, 2345, "1,2,3.5,x,2024-01-01,maybe", "");
    Path width = file("width.csv", 3000, 2345, "1,2,3.5,x", "");
    for (long range : RANGES) {
      assertThatThrownBy(() -> Csv.read(source(cell, S), range))
          .isInstanceOf(InputException.class)
          .hasMessage(cell + " line 2345, column 'b': expected boolean, found 'maybe'");
      assertThatThrownBy(() -> Csv.read(source(width, S), range))
          .isInstanceOf(InputException.class)
          .hasMessage(width + " line 2345: expected 6 fields [i, l, d, s, day, b], found 4");
    }
    // a bad number read from the bytes, in the first column that has one
    Path number = file("number.csv", 3000, 1999, "1,2,3.5x,x,2024-01-01,true", "");
    for (long range : RANGES) {
      assertThatThrownBy(() -> Csv.read(source(number, S), range))
          .hasMessage(number + " line 1999, column 'd': expected float64, found '3.5x'");
    }
  }

  @Test
  void quotedLineBreaksAndCarriageReturnsSendTheFileToUnivocity() throws IOException {
    // a quoted field spanning lines near the end: every cut before it is fine, the file is not
    Path quoted = file("quoted.csv", 3000, 2900, "1,2,3.5,\"two\nlines\",2024-01-01,true", "");
    Schema s = S;
    LocalFrame whole = Csv.read(source(quoted, s), 0);
    for (long range : RANGES) {
      assertSame(Csv.read(source(quoted, s), range), whole);
      assertThat(Csv.infer(source(quoted, null), range)).isEqualTo(S);
    }
    // the record written as line 2902 follows the two-line record: it starts on line 2903
    String text = Files.readString(quoted).replace("\n2902,", "\n2902x,");
    Path bad = Files.writeString(dir.resolve("quoted-bad.csv"), text);
    for (long range : RANGES) {
      assertThatThrownBy(() -> Csv.read(source(bad, s), range))
          .hasMessage(bad + " line 2903, column 'i': expected int32, found '2902x'");
    }
    Path crlf =
        Files.writeString(
            dir.resolve("crlf.csv"),
            Files.readString(file("lf.csv", 500, -1, "", "")).replace("\n", "\r\n"));
    LocalFrame crlfWhole = Csv.read(source(crlf, s), 0);
    for (long range : RANGES) {
      assertSame(Csv.read(source(crlf, s), range), crlfWhole);
      assertThat(Csv.infer(source(crlf, null), range)).isEqualTo(S);
    }
  }

  @Test
  void inferenceWidensAcrossRanges() throws IOException {
    StringBuilder sb = new StringBuilder("a,b,c\n");
    for (int i = 0; i < 2000; i++) {
      sb.append(i).append(',').append(i).append(',').append(i).append('\n');
    }
    // the last lines widen a to INT64, b to FLOAT64 and c to STRING
    sb.append("9999999999,1.5,x\n");
    Path p = Files.writeString(dir.resolve("widen.csv"), sb.toString());
    Schema expected =
        Schema.of(
            Field.of("a", DataType.INT64),
            Field.of("b", DataType.FLOAT64),
            Field.of("c", DataType.STRING));
    for (long range : RANGES) {
      assertThat(Csv.infer(source(p, null), range)).isEqualTo(expected);
    }
  }
}
