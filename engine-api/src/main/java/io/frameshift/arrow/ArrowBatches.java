package io.frameshift.arrow;

import io.frameshift.types.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stream of Arrow record batches sharing one schema: how frames move between engines and to users
 * ({@code DataFrame.toArrow()}).
 *
 * <p>Ownership moves with each batch: {@link #next()} hands the caller a batch that the caller must
 * close once consumed, so memory is released batch by batch. {@link #close()} releases whatever was
 * not taken and the producer's resources; always close the stream.
 */
public interface ArrowBatches extends AutoCloseable {
  /** The schema every batch has. */
  Schema schema();

  /** The next batch, owned by the caller from now on; null at the end of the stream. */
  VectorSchemaRoot next();

  /** Releases the batches not taken and the producer's resources. */
  @Override
  void close();

  /**
   * A stream over batches already in memory that also releases {@code owner} (typically the
   * allocator the batches came from) when closed, after the batches not taken.
   */
  static ArrowBatches of(Schema schema, List<VectorSchemaRoot> batches, AutoCloseable owner) {
    ArrowBatches inner = of(schema, batches);
    return from(
        schema,
        new Iterator<>() {
          private VectorSchemaRoot pending = inner.next();

          @Override
          public boolean hasNext() {
            return pending != null;
          }

          @Override
          public VectorSchemaRoot next() {
            VectorSchemaRoot out = pending;
            pending = inner.next();
            return out;
          }
        },
        () -> {
          inner.close();
          owner.close();
        });
  }

  /** A stream over batches already in memory; it takes ownership of them. */
  static ArrowBatches of(Schema schema, List<VectorSchemaRoot> batches) {
    Deque<VectorSchemaRoot> queue = new ArrayDeque<>(batches);
    return new ArrowBatches() {
      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        return queue.pollFirst();
      }

      @Override
      public void close() {
        VectorSchemaRoot r;
        while ((r = queue.pollFirst()) != null) {
          r.close();
        }
      }
    };
  }

  /**
   * A stream over batches produced on demand; {@code onClose} releases the producer (it is run
   * once, after the batches not taken are closed).
   */
  static ArrowBatches from(
      Schema schema, Iterator<VectorSchemaRoot> batches, AutoCloseable onClose) {
    return new ArrowBatches() {
      private boolean closed;

      @Override
      public Schema schema() {
        return schema;
      }

      @Override
      public VectorSchemaRoot next() {
        return !closed && batches.hasNext() ? batches.next() : null;
      }

      @Override
      public void close() {
        if (closed) {
          return;
        }
        closed = true;
        try {
          onClose.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new io.frameshift.error.FrameshiftException("Closing an Arrow stream failed", e);
        }
      }
    };
  }
}
