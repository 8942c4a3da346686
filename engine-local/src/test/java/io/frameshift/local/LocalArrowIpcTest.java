package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowIpc;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.error.ConversionException;
import io.frameshift.error.InputException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow IPC as the local engine's load/save format: layout, modes, schemas and bad input. */
class LocalArrowIpcTest {
  @TempDir Path dir;

  private final LocalEngine engine = new LocalEngine();

  private LocalFrame frame(List<Row> rows) {
    return (LocalFrame) engine.create(LocalArrowTest.ALL, rows);
  }

  private void save(LocalFrame f, Path out, WriteMode mode) {
    engine.save(f, new Sink(Format.ARROW, out.toString(), mode, Map.of()));
  }

  private List<Row> load(Path path, Schema schema) {
    return engine.collect(
        engine.load(new Source(Format.ARROW, List.of(path.toString()), Map.of(), schema)));
  }

  private Schema infer(Path path) {
    return engine.inferSchema(new Source(Format.ARROW, List.of(path.toString()), Map.of(), null));
  }

  @Test
  void savedDatasetLoadsBackWithEveryValueAndItsSchema() throws IOException {
    List<Row> rows = LocalArrowTest.rows(41, ArrowExport.BATCH_ROWS + 1000); // two batches
    Path out = dir.resolve("all");
    long before = ArrowMemory.allocatedBytes();
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("part-00000.arrow", "_SUCCESS");
    }
    assertThat(infer(out)).isEqualTo(LocalArrowTest.ALL);
    assertThat(load(out, LocalArrowTest.ALL)).isEqualTo(rows);
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void thePartFileIsWhatTheReferenceReads() {
    List<Row> rows = LocalArrowTest.rows(43, 1000);
    Path out = dir.resolve("ref");
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS);
    try (BufferAllocator a = ArrowMemory.child("test-read")) {
      assertThat(ArrowRows.toRows(ArrowIpc.read(out.resolve("part-00000.arrow"), a)))
          .isEqualTo(rows);
    }
  }

  @Test
  void aSingleIpcFileAndAnIpcStreamAreDatasetsToo() {
    List<Row> rows = LocalArrowTest.rows(47, 100);
    Path file = dir.resolve("one.arrow");
    Path stream = dir.resolve("one.arrows");
    try (ArrowBatches b = ArrowRows.toBatches(LocalArrowTest.ALL, rows)) {
      ArrowIpc.write(b, file, false);
    }
    try (ArrowBatches b = ArrowRows.toBatches(LocalArrowTest.ALL, rows)) {
      ArrowIpc.write(b, stream, true);
    }
    assertThat(infer(file)).isEqualTo(LocalArrowTest.ALL);
    assertThat(load(file, LocalArrowTest.ALL)).isEqualTo(rows);
    assertThat(load(stream, LocalArrowTest.ALL)).isEqualTo(rows);
  }

  @Test
  void emptyFrameRoundTrips() {
    Path out = dir.resolve("empty");
    save(frame(List.of()), out, WriteMode.ERROR_IF_EXISTS);
    assertThat(infer(out)).isEqualTo(LocalArrowTest.ALL);
    assertThat(load(out, LocalArrowTest.ALL)).isEmpty();
  }

  @Test
  void writeModesFollowTheContract() {
    List<Row> first = LocalArrowTest.rows(53, 10);
    List<Row> second = LocalArrowTest.rows(59, 7);
    Path out = dir.resolve("modes");
    save(frame(first), out, WriteMode.ERROR_IF_EXISTS);
    assertThatThrownBy(() -> save(frame(second), out, WriteMode.ERROR_IF_EXISTS))
        .isInstanceOf(OutputExistsException.class);
    save(frame(second), out, WriteMode.IGNORE);
    assertThat(load(out, LocalArrowTest.ALL)).isEqualTo(first);

    save(frame(second), out, WriteMode.APPEND);
    List<Row> both = load(out, LocalArrowTest.ALL);
    assertThat(both).hasSize(17).containsAll(first).containsAll(second);

    save(frame(second), out, WriteMode.OVERWRITE);
    assertThat(load(out, LocalArrowTest.ALL)).isEqualTo(second);
  }

  @Test
  void columnsAreFoundByNameAndMustHaveTheirTypes() {
    List<Row> rows = LocalArrowTest.rows(61, 50);
    Path out = dir.resolve("byname");
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS);

    Schema some = Schema.of(Field.of("s", DataType.STRING), Field.of("i", DataType.INT32));
    List<Row> expected = new ArrayList<>();
    for (Row r : rows) {
      expected.add(Row.of(some, r.get("s"), r.get("i")));
    }
    assertThat(load(out, some)).isEqualTo(expected);

    assertThatThrownBy(() -> load(out, Schema.of(Field.of("i", DataType.INT64))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'i'")
        .hasMessageContaining("int32")
        .hasMessageContaining("int64");
    assertThatThrownBy(() -> load(out, Schema.of(Field.of("nope", DataType.INT32))))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void badInputIsReportedByName() throws IOException {
    assertThatThrownBy(() -> infer(dir.resolve("missing")))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("missing");

    Path text = dir.resolve("text.arrow");
    Files.writeString(text, "a,b\n1,2\n");
    assertThatThrownBy(() -> infer(text))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("text.arrow");

    Path emptyDir = Files.createDirectory(dir.resolve("nothing"));
    assertThatThrownBy(() -> infer(emptyDir))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("nothing");
  }

  @Test
  void aTypeFrameshiftCannotHoldIsRefusedWithItsColumn() throws IOException {
    Path file = dir.resolve("short.arrow");
    try (BufferAllocator a = ArrowMemory.child("test-int16");
        VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(
                    List.of(
                        new org.apache.arrow.vector.types.pojo.Field(
                            "tiny", FieldType.nullable(new ArrowType.Int(16, true)), null))),
                a);
        FileChannel ch =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      ((SmallIntVector) root.getVector(0)).allocateNew(1);
      ((SmallIntVector) root.getVector(0)).set(0, 3);
      root.setRowCount(1);
      w.start();
      w.writeBatch();
      w.end();
    }
    assertThatThrownBy(() -> infer(file))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'tiny'");
  }
}
