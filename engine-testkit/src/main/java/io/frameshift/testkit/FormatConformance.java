package io.frameshift.testkit;

import io.frameshift.DataFrame;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.io.Format;
import io.frameshift.spi.Capability;
import io.frameshift.types.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through the other file formats: what an engine writes it reads back with every value
 * intact. A format the engines cannot write or read must fail with {@link
 * UnsupportedCapabilityException}.
 */
public interface FormatConformance extends ConformanceBase {

  /**
   * Writes every type in {@code format} and reads it back; self-describing formats are also read
   * without a schema and must give the schema written.
   */
  private void roundTrip(
      Format format, Capability write, Capability read, boolean selfDescribing, Path dir)
      throws IOException {
    DataFrame all = frame(Samples.EVERY_TYPE, Samples.everyTypeRows().toArray(new Object[0][]));
    String out = dir.resolve("every_type." + format.label()).toString();
    if (!supports(write)) {
      assertFailure(
          all,
          d -> d.write().save(format, out),
          UnsupportedCapabilityException.class,
          format.label());
      if (!supports(read)) {
        // something to point the reader at: it must refuse the format, not miss the file
        Files.createDirectories(Path.of(out));
        Files.writeString(Path.of(out, "part-00000." + format.label()), "");
        assertFailure(
            () -> rows(session().read().schema(Samples.EVERY_TYPE).format(format, out)),
            UnsupportedCapabilityException.class,
            format.label());
      }
      return;
    }
    all.write().save(format, out);
    if (!supports(read)) {
      assertFailure(
          () -> rows(session().read().schema(Samples.EVERY_TYPE).format(format, out)),
          UnsupportedCapabilityException.class,
          format.label());
      return;
    }
    Object[][] expected = Samples.everyTypeRows().toArray(new Object[0][]);
    assertRows(session().read().schema(Samples.EVERY_TYPE).format(format, out), expected);
    if (selfDescribing) {
      DataFrame inferred = session().read().format(format, out);
      assertSchema(inferred, Samples.EVERY_TYPE.fields().toArray(new Field[0]));
      assertRows(inferred, expected);
    }
  }

  @Test
  default void jsonLinesRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.JSON, Capability.WRITE_JSON, Capability.READ_JSON, false, dir);
  }

  @Test
  default void parquetRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.PARQUET, Capability.WRITE_PARQUET, Capability.READ_PARQUET, true, dir);
  }

  @Test
  default void arrowRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.ARROW, Capability.WRITE_ARROW, Capability.READ_ARROW, true, dir);
  }
}
