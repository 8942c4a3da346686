package io.frameshift.spark;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowIpc;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC stream on the Java heap as consecutive chunks, one per message, each left in the
 * array it was written into: writing a stream copies each Arrow buffer once, straight into that
 * array (not through a stream's 8 KB bounce buffer into an array that doubles as it grows and is
 * copied once more to trim it), and reading copies each chunk straight into Arrow's buffers.
 */
record IpcChunks(List<Chunk> chunks) implements Serializable {
  /** The first {@code length} bytes of {@code bytes}. */
  record Chunk(byte[] bytes, int length) implements Serializable {}

  /** The stream's batches, allocated from {@code allocator}; the caller owns each one it takes. */
  ArrowBatches open(BufferAllocator allocator) {
    return ArrowIpc.readStream(new Reader(chunks), allocator);
  }

  /** Bytes in the stream. */
  long size() {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.length();
    }
    return n;
  }

  /** Writes a stream: the schema, then batches, then end-of-stream. */
  static final class Writer {
    private final List<Chunk> chunks = new ArrayList<>();
    private long size;

    Writer(Schema schema) {
      add(1 << 12, channel -> MessageSerializer.serialize(channel, schema));
    }

    /** Appends {@code batch} (the caller still owns it). */
    void write(VectorSchemaRoot batch) {
      try (ArrowRecordBatch rb = new VectorUnloader(batch).getRecordBatch()) {
        // the body and room for the message's metadata (a few hundred bytes per column)
        add(
            rb.computeBodyLength() + 64L * batch.getFieldVectors().size() + (1 << 12),
            channel -> {
              MessageSerializer.serialize(channel, rb);
              return null;
            });
      }
    }

    long size() {
      return size;
    }

    IpcChunks finish() {
      add(
          16,
          channel -> {
            ArrowStreamWriter.writeEndOfStream(channel, IpcOption.DEFAULT);
            return null;
          });
      return new IpcChunks(List.copyOf(chunks));
    }

    private void add(long expected, Message message) {
      Growing out = new Growing((int) Math.min(expected, Integer.MAX_VALUE - 16));
      try {
        message.write(new WriteChannel(out));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      chunks.add(new Chunk(out.bytes, out.count));
      size += out.count;
    }
  }

  private interface Message {
    Object write(WriteChannel channel) throws IOException;
  }

  /** A channel into one array, grown only if the expected size was short. */
  private static final class Growing implements WritableByteChannel {
    private byte[] bytes;
    private int count;

    Growing(int expected) {
      bytes = new byte[expected];
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      if (count + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(count + n, 2 * bytes.length));
      }
      src.get(bytes, count, n);
      count += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** Reads the chunks in order, each copied straight into the reader's buffer. */
  private static final class Reader implements ReadableByteChannel {
    private final List<Chunk> chunks;
    private int chunk;
    private int at;

    Reader(List<Chunk> chunks) {
      this.chunks = chunks;
    }

    @Override
    public int read(ByteBuffer dst) {
      while (chunk < chunks.size() && at == chunks.get(chunk).length()) {
        chunk++;
        at = 0;
      }
      if (chunk == chunks.size()) {
        return -1;
      }
      Chunk c = chunks.get(chunk);
      int n = Math.min(dst.remaining(), c.length() - at);
      dst.put(c.bytes(), at, n);
      at += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
