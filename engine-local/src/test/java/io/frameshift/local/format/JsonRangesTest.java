package io.frameshift.local.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.InputException;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Text;
import io.frameshift.spi.Progress;
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

/** Files cut into many byte ranges read as one: rows in order, line numbers of the whole file. */
class JsonRangesTest {
  @TempDir Path dir;

  private static final Schema S =
      Schema.of(Field.of("n", DataType.INT64), Field.of("s", DataType.STRING));

  private Path lines(String name, int n, int badLine) throws IOException {
    StringBuilder sb = new StringBuilder("\uFEFF");
    for (int i = 1; i <= n; i++) {
      if (i == badLine) {
        sb.append("{\"n\":\"bad\"}\n");
      } else if (i % 7 == 0) {
        sb.append("\r\n"); // blank lines count as lines
      } else {
        sb.append("{\"s\":\"row ").append(i).append(" \u00e9\",\"n\":").append(i).append("}\r\n");
      }
    }
    return Files.writeString(dir.resolve(name), sb.toString());
  }

  @Test
  void rangesKeepRowOrderAndLineNumbers() throws IOException {
    Path p = lines("many.json", 5000, -1);
    Source src = new Source(Format.JSON, List.of(p.toString()), Map.of(), S);
    LocalFrame whole = Json.read(src, 1L << 30, Progress.NONE);
    LocalFrame cut = Json.read(src, 777, Progress.NONE);
    assertThat(cut.rows()).isEqualTo(whole.rows()).isEqualTo(5000 - 5000 / 7);
    for (int r = 0; r < whole.rows(); r++) {
      assertThat(Text.format(cut.column(0), r)).isEqualTo(Text.format(whole.column(0), r));
      assertThat(Text.format(cut.column(1), r)).isEqualTo(Text.format(whole.column(1), r));
    }
    assertThat(Text.format(cut.column(1), 0)).isEqualTo("row 1 \u00e9");

    Path bad = lines("bad.json", 5000, 4321);
    Source badSrc = new Source(Format.JSON, List.of(bad.toString()), Map.of(), S);
    for (long range : new long[] {1L << 30, 777, 64}) {
      assertThatThrownBy(() -> Json.read(badSrc, range, Progress.NONE))
          .isInstanceOf(InputException.class)
          .hasMessage(bad + " line 4321, column 'n': expected int64, found \"bad\"");
    }
  }
}
