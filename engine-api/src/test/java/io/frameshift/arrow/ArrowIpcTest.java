package io.frameshift.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.ConversionException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrowIpcTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("x", DataType.FLOAT64)
          .column("s", DataType.STRING)
          .build();

  private static VectorSchemaRoot batch(BufferAllocator a, long start, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(SCHEMA), a);
    BigIntVector id = (BigIntVector) root.getVector("id");
    Float8Vector x = (Float8Vector) root.getVector("x");
    VarCharVector s = (VarCharVector) root.getVector("s");
    root.allocateNew();
    for (int i = 0; i < n; i++) {
      id.setSafe(i, start + i);
      if (i % 3 == 0) {
        x.setNull(i);
      } else {
        x.setSafe(i, i == 1 ? Double.NaN : -0.0 - i);
      }
      s.setSafe(i, ("é𝄞" + (start + i)).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
    return root;
  }

  private static List<String> drain(ArrowBatches batches) {
    List<String> out = new ArrayList<>();
    for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
      try (VectorSchemaRoot r = b) {
        for (int i = 0; i < r.getRowCount(); i++) {
          out.add(
              r.getVector(0).getObject(i)
                  + "|"
                  + r.getVector(1).getObject(i)
                  + "|"
                  + r.getVector(2).getObject(i));
        }
      }
    }
    return out;
  }

  @Test
  void fileAndStreamRoundTripWithoutLeaks(@TempDir Path dir) {
    long before = ArrowMemory.allocatedBytes();
    for (boolean stream : new boolean[] {false, true}) {
      Path file = dir.resolve(stream ? "data.arrows" : "data.arrow");
      try (BufferAllocator a = ArrowMemory.child("test-write")) {
        try (ArrowBatches in = ArrowBatches.of(SCHEMA, List.of(batch(a, 0, 5), batch(a, 100, 3)))) {
          ArrowIpc.write(in, file, stream);
        }
      }
      try (BufferAllocator a = ArrowMemory.child("test-read");
          ArrowBatches back = ArrowIpc.read(file, a)) {
        assertThat(back.schema()).isEqualTo(SCHEMA);
        List<String> rows = drain(back);
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0)).isEqualTo("0|null|é𝄞0");
        assertThat(rows.get(1)).isEqualTo("1|NaN|é𝄞1");
        assertThat(rows.get(2)).isEqualTo("2|-2.0|é𝄞2");
        assertThat(rows.get(7)).isEqualTo("102|-2.0|é𝄞102");
      }
    }
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void streamsRoundTripInMemory() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BufferAllocator a = ArrowMemory.child("test");
        ArrowBatches in = ArrowBatches.of(SCHEMA, List.of(batch(a, 7, 2)))) {
      ArrowIpc.writeStream(in, bytes);
    }
    try (BufferAllocator a = ArrowMemory.child("test");
        ArrowBatches back = ArrowIpc.readStream(new ByteArrayInputStream(bytes.toByteArray()), a)) {
      assertThat(drain(back)).containsExactly("7|null|é𝄞7", "8|NaN|é𝄞8");
    }
  }

  @Test
  void closingAStreamReleasesBatchesNotTaken() {
    try (BufferAllocator a = ArrowMemory.child("test")) {
      ArrowBatches in = ArrowBatches.of(SCHEMA, List.of(batch(a, 0, 4), batch(a, 4, 4)));
      in.next().close();
      in.close();
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void everyTypeMapsBothWays() {
    for (DataType t :
        List.of(
            DataType.BOOLEAN,
            DataType.INT32,
            DataType.INT64,
            DataType.FLOAT32,
            DataType.FLOAT64,
            DataType.STRING,
            DataType.DATE,
            DataType.TIMESTAMP,
            DataType.TIMESTAMP_NTZ,
            DataType.decimal(38, 9))) {
      assertThat(ArrowTypes.fromArrow("c", ArrowTypes.toArrow(t))).isEqualTo(t);
    }
  }

  @Test
  void typesWithoutAnExactCounterpartNameTheColumn() {
    assertThatThrownBy(
            () ->
                ArrowTypes.fromArrow("created", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("Column 'created' has Arrow type Timestamp(NANOSECOND, null)");
    assertThatThrownBy(() -> ArrowTypes.fromArrow("small", new ArrowType.Int(16, true)))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'small'");
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    try (BufferAllocator a = ArrowMemory.child("test")) {
      assertThatThrownBy(() -> ArrowIpc.read(dir.resolve("none.arrow"), a))
          .isInstanceOf(SourceNotFoundException.class)
          .hasMessageContaining("none.arrow");
    }
  }
}
