package io.frameshift.arrow;

import io.frameshift.error.InputException;
import io.frameshift.error.OutputException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.types.Schema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Arrow IPC files ({@code ARROW1} random-access format) and streams as a load/save format. Both
 * engines read and write through here, so each reads what the other wrote.
 */
public final class ArrowIpc {
  private static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

  private ArrowIpc() {}

  /**
   * Writes every batch of {@code batches} to {@code out} as an IPC file (or stream), closing each
   * batch once written; the caller still owns and closes {@code batches}.
   */
  public static void write(ArrowBatches batches, Path out, boolean stream) {
    try (FileChannel ch =
            FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        BufferAllocator allocator = ArrowMemory.child("ipc-write");
        VectorSchemaRoot sink =
            VectorSchemaRoot.create(ArrowTypes.toArrow(batches.schema()), allocator)) {
      ArrowWriter writer =
          stream ? new ArrowStreamWriter(sink, null, ch) : new ArrowFileWriter(sink, null, ch);
      try (writer) {
        writeAll(batches, sink, writer);
      }
    } catch (IOException e) {
      throw new OutputException("Cannot write Arrow IPC to " + out + ": " + e.getMessage(), e);
    }
  }

  /** Writes to a stream in the IPC streaming format. */
  public static void writeStream(ArrowBatches batches, OutputStream out) {
    try (BufferAllocator allocator = ArrowMemory.child("ipc-write");
        VectorSchemaRoot sink =
            VectorSchemaRoot.create(ArrowTypes.toArrow(batches.schema()), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(sink, null, Channels.newChannel(out))) {
      writeAll(batches, sink, writer);
    } catch (IOException e) {
      throw new OutputException("Cannot write an Arrow IPC stream: " + e.getMessage(), e);
    }
  }

  /** Writes each batch through {@code sink}, releasing each as soon as it is written. */
  private static void writeAll(ArrowBatches batches, VectorSchemaRoot sink, ArrowWriter writer)
      throws IOException {
    writer.start();
    for (VectorSchemaRoot batch = batches.next(); batch != null; batch = batches.next()) {
      try (VectorSchemaRoot b = batch) {
        moveInto(b, sink);
        writer.writeBatch();
      }
    }
    writer.end();
  }

  /** Moves the buffers of {@code from} into {@code to} without copying. */
  private static void moveInto(VectorSchemaRoot from, VectorSchemaRoot to) {
    for (int i = 0; i < from.getFieldVectors().size(); i++) {
      FieldVector src = from.getVector(i);
      TransferPair tp = src.makeTransferPair(to.getVector(i));
      tp.transfer();
    }
    to.setRowCount(from.getRowCount());
  }

  /**
   * Reads an IPC file or stream (told apart by the file's magic bytes). Batches are allocated from
   * {@code allocator}; the caller owns each batch it takes.
   */
  public static ArrowBatches read(Path path, BufferAllocator allocator) {
    if (!Files.exists(path)) {
      throw new SourceNotFoundException("Input path does not exist: " + path.toAbsolutePath());
    }
    try {
      ArrowReader reader;
      if (hasFileMagic(path)) {
        reader = new ArrowFileReader(FileChannel.open(path, StandardOpenOption.READ), allocator);
      } else {
        InputStream in = new BufferedInputStream(Files.newInputStream(path));
        reader = new ArrowStreamReader(in, allocator);
      }
      return fromReader(reader, allocator, path.toString());
    } catch (IOException e) {
      throw new InputException(
          path + " is not a readable Arrow IPC file or stream: " + e.getMessage(), e);
    }
  }

  /** Reads an IPC stream; the caller owns each batch it takes. */
  public static ArrowBatches readStream(InputStream in, BufferAllocator allocator) {
    return fromReader(new ArrowStreamReader(in, allocator), allocator, "an Arrow IPC stream");
  }

  /**
   * Reads an IPC stream from a channel, which Arrow fills its buffers from directly (a stream is
   * read through a small intermediate array); the caller owns each batch it takes.
   */
  public static ArrowBatches readStream(ReadableByteChannel in, BufferAllocator allocator) {
    return fromReader(new ArrowStreamReader(in, allocator), allocator, "an Arrow IPC stream");
  }

  private static boolean hasFileMagic(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return Arrays.equals(in.readNBytes(FILE_MAGIC.length), FILE_MAGIC);
    }
  }

  /**
   * Adapts a reader, which refills one root per batch, to owned batches: each batch's buffers are
   * transferred (not copied) into a fresh root handed to the caller.
   */
  private static ArrowBatches fromReader(
      ArrowReader reader, BufferAllocator allocator, String what) {
    Schema schema;
    try {
      schema = ArrowTypes.fromArrow(reader.getVectorSchemaRoot().getSchema());
    } catch (IOException e) {
      throw new InputException("Cannot read the schema of " + what + ": " + e.getMessage(), e);
    }
    Iterator<VectorSchemaRoot> it =
        new Iterator<>() {
          private Boolean ready;

          @Override
          public boolean hasNext() {
            if (ready == null) {
              try {
                ready = reader.loadNextBatch();
              } catch (IOException e) {
                throw new InputException(
                    "Cannot read a batch of " + what + ": " + e.getMessage(), e);
              }
            }
            return ready;
          }

          @Override
          public VectorSchemaRoot next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            ready = null;
            try {
              VectorSchemaRoot src = reader.getVectorSchemaRoot();
              VectorSchemaRoot out = VectorSchemaRoot.create(src.getSchema(), allocator);
              moveInto(src, out);
              return out;
            } catch (IOException e) {
              throw new InputException("Cannot read a batch of " + what + ": " + e.getMessage(), e);
            }
          }
        };
    return ArrowBatches.from(schema, it, reader);
  }
}
