package io.frameshift.spark;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowIpc;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.InputException;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.SparkSession;

/**
 * Format.ARROW datasets, laid out as the local engine lays them out: a path is one Arrow IPC file
 * (or stream) or a directory of part files; a save writes {@code part-NNNNN-<id>.arrow} IPC files
 * and {@code _SUCCESS}. Executors read and write the part files, so the data never passes through
 * the driver.
 */
final class SparkArrowFiles {
  private SparkArrowFiles() {}

  /** The schema of the first file of {@code source}. */
  static Schema inferSchema(SparkSession spark, Source source) {
    List<String> files = files(spark, source);
    if (files.isEmpty()) {
      throw new InputException("No Arrow files found in " + source.paths());
    }
    try (BufferAllocator allocator = ArrowMemory.child("spark-arrow-schema");
        ArrowBatches batches = open(files.get(0), allocator)) {
      return batches.schema();
    }
  }

  /** A frame reading every file of {@code source}, one partition per file. */
  static SparkFrame load(SparkSession spark, Source source) {
    Schema schema = source.schema();
    String expected = ArrowTypes.toArrow(schema).toJson();
    List<ArrowSource.ArrowPartition> partitions = new ArrayList<>();
    long bytes = 0;
    for (String f : files(spark, source)) {
      partitions.add(new ArrowSource.IpcFile(f, expected));
      Path p = new Path(f);
      bytes += SparkCsv.read(p, () -> SparkCsv.fileSystem(spark, p).getFileStatus(p).getLen());
    }
    ArrowSource.Payload payload =
        new ArrowSource.Payload(SparkTypes.toSpark(schema), partitions, -1, bytes);
    return new SparkFrame(ArrowSource.dataset(spark, payload), schema);
  }

  /** The data files of every path (globs allowed): the file itself, or a directory's files. */
  private static List<String> files(SparkSession spark, Source source) {
    List<String> out = new ArrayList<>();
    for (String p : SparkCsv.existing(spark, source)) {
      Path path = new Path(p);
      FileSystem fs = SparkCsv.fileSystem(spark, path);
      for (FileStatus s : SparkCsv.read(path, () -> fs.globStatus(path))) {
        if (!s.isDirectory()) {
          out.add(s.getPath().toString());
          continue;
        }
        FileStatus[] children = SparkCsv.read(s.getPath(), () -> fs.listStatus(s.getPath()));
        Arrays.sort(children, Comparator.comparing(c -> c.getPath().getName()));
        for (FileStatus c : children) {
          String name = c.getPath().getName();
          if (c.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
            out.add(c.getPath().toString());
          }
        }
      }
    }
    return out;
  }

  /**
   * An IPC file's batches. Arrow reads IPC files through seekable channels, so a file of a
   * non-local file system is read from a local copy, deleted on close.
   */
  static ArrowBatches open(String file, BufferAllocator allocator) {
    Path p = new Path(file);
    try {
      FileSystem fs = p.getFileSystem(new Configuration());
      if (fs instanceof LocalFileSystem local) {
        return ArrowIpc.read(local.pathToFile(p).toPath(), allocator);
      }
      java.nio.file.Path copy = Files.createTempFile("frameshift-", ".arrow");
      Files.delete(copy);
      fs.copyToLocalFile(false, p, new Path(copy.toUri()), true);
      ArrowBatches inner = ArrowIpc.read(copy, allocator);
      return ArrowBatches.from(
          inner.schema(),
          new Iterator<>() {
            private org.apache.arrow.vector.VectorSchemaRoot next = inner.next();

            @Override
            public boolean hasNext() {
              return next != null;
            }

            @Override
            public org.apache.arrow.vector.VectorSchemaRoot next() {
              org.apache.arrow.vector.VectorSchemaRoot out = next;
              next = inner.next();
              return out;
            }
          },
          () -> {
            inner.close();
            Files.deleteIfExists(copy);
          });
    } catch (IOException e) {
      throw new InputException("Cannot read Arrow file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the frame as one IPC file per Spark partition, on the executors. */
  static void save(SparkSession spark, SparkFrame frame, Sink sink) {
    String schema = ArrowTypes.toArrow(frame.schema()).toJson();
    SparkCsv.atomically(
        spark,
        sink,
        dir -> {
          Path d = new Path(dir);
          FileSystem fs = SparkCsv.fileSystem(spark, d);
          SparkCsv.io(d, () -> fs.mkdirs(d));
          SparkArrow.batchRdd(frame)
              .foreachPartition(new PartWriter(dir, schema, UUID.randomUUID().toString()));
          SparkCsv.io(d, () -> fs.createNewFile(new Path(d, "_SUCCESS")));
        });
  }

  /** Writes one partition's batches to its part file (an empty partition to a file of none). */
  private record PartWriter(String dir, String schemaJson, String writeId)
      implements VoidFunction<Iterator<byte[]>> {
    @Override
    public void call(Iterator<byte[]> messages) throws IOException {
      Schema schema =
          ArrowTypes.fromArrow(org.apache.arrow.vector.types.pojo.Schema.fromJSON(schemaJson));
      String name = String.format("part-%05d-%s.arrow", TaskContext.getPartitionId(), writeId);
      Path target = new Path(dir, name);
      FileSystem fs = target.getFileSystem(new Configuration());
      try (ArrowBatches batches = SparkArrow.decoded(schema, messages)) {
        if (fs instanceof LocalFileSystem local) {
          ArrowIpc.write(batches, local.pathToFile(target).toPath(), false);
        } else {
          java.nio.file.Path local = Files.createTempFile("frameshift-", ".arrow");
          Files.delete(local);
          ArrowIpc.write(batches, local, false);
          fs.copyFromLocalFile(true, true, new Path(local.toUri()), target);
        }
      }
    }
  }
}
