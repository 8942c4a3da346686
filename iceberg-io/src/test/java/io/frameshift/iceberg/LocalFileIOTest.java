package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileIOTest {

  @Test
  void writesReadsSeeksListsAndDeletesFiles(@TempDir Path dir) throws IOException {
    LocalFileIO io = new LocalFileIO();
    io.initialize(Map.of("k", "v"));
    String location = "file:" + dir.resolve("a/b/f.bin");
    byte[] bytes = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    try (PositionOutputStream out = io.newOutputFile(location).create()) {
      out.write(bytes, 0, 10);
      out.write(bytes[10]);
      assertThat(out.getPos()).isEqualTo(11);
    }
    assertThatThrownBy(() -> io.newOutputFile(location).create())
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(io.newInputFile(location).getLength()).isEqualTo(11);
    try (SeekableInputStream in = io.newInputFile(location).newStream()) {
      in.seek(7);
      assertThat(in.read()).isEqualTo('7');
      byte[] rest = new byte[8];
      assertThat(in.read(rest, 0, 8)).isEqualTo(3);
      assertThat(new String(rest, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("89a");
      assertThat(in.getPos()).isEqualTo(11);
      assertThat(in.read()).isEqualTo(-1);
    }
    // a plain path means the same file as its file: URI
    try (PositionOutputStream out =
        io.newOutputFile(dir.resolve("a/b/f.bin").toString()).createOrOverwrite()) {
      out.write(bytes, 0, 4);
    }
    assertThat(io.newInputFile(location).getLength()).isEqualTo(4);
    io.newOutputFile(dir.resolve("a/g.bin").toString()).create().close();

    List<String> listed =
        StreamSupport.stream(io.listPrefix("file:" + dir.resolve("a")).spliterator(), false)
            .map(FileInfo::location)
            .sorted()
            .toList();
    assertThat(listed).containsExactly(location, "file:" + dir.resolve("a/g.bin"));

    io.deleteFile(location);
    assertThat(io.newInputFile(location).exists()).isFalse();
    assertThatThrownBy(() -> io.newInputFile(location).newStream())
        .isInstanceOf(NotFoundException.class);
    io.deletePrefix(dir.resolve("a").toString());
    assertThat(dir.resolve("a")).doesNotExist();
    assertThatThrownBy(() -> io.newInputFile("s3://bucket/x"))
        .hasMessageContaining("s3://bucket/x");
  }

  @Test
  void theEmbeddedCatalogWritesNoChecksumFiles(@TempDir Path warehouse) throws IOException {
    try (Frameshift fs =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.warehouse", warehouse.toString())
            .build()) {
      for (int i = 0; i < 2; i++) {
        fs.createDataFrame(Lake.PRODUCTS, Lake.product(i, "a", 1.5))
            .write()
            .mode(WriteMode.APPEND)
            .table("lake.io.products");
      }
      assertThat(fs.read().table("lake.io.products").count()).isEqualTo(2);
    }
    try (Stream<Path> files = Files.walk(warehouse)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      assertThat(names).anyMatch(n -> n.endsWith(".metadata.json"));
      assertThat(names).noneMatch(n -> n.endsWith(".crc"));
    }
  }
}
