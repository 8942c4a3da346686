package io.frameshift.arrow;

import io.frameshift.error.EvaluationException;
import io.frameshift.types.Schema;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The output stream of {@link BatchFunction#map}. */
final class MappedBatches implements Iterator<VectorSchemaRoot>, AutoCloseable {
  private final ArrowBatches input;
  private final BatchFunction fn;
  private final Schema schema;
  private final String unit;
  private final BufferAllocator allocator = ArrowMemory.child("map-batches");
  private VectorSchemaRoot ready;
  private VectorSchemaRoot previousInput;
  private int index;

  private MappedBatches(ArrowBatches input, BatchFunction fn, Schema schema, String unit) {
    this.input = input;
    this.fn = fn;
    this.schema = schema;
    this.unit = unit;
  }

  static ArrowBatches of(ArrowBatches input, BatchFunction fn, Schema schema, String unit) {
    MappedBatches m = new MappedBatches(input, fn, schema, unit);
    return ArrowBatches.from(schema, m, m);
  }

  @Override
  public boolean hasNext() {
    if (ready == null) {
      // the caller is done with the last output, which may have shared the input's vectors
      closePrevious();
      VectorSchemaRoot in = input.next();
      while (in != null && in.getRowCount() == 0) {
        // an empty chunk or partition: nothing for the function to do
        in.close();
        in = input.next();
      }
      if (in != null) {
        try {
          ready = BatchFunction.applyChecked(fn, in, allocator, schema, unit + " " + index++);
        } catch (RuntimeException e) {
          in.close();
          throw e;
        }
        previousInput = ready == in ? null : in;
      }
    }
    return ready != null;
  }

  @Override
  public VectorSchemaRoot next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    VectorSchemaRoot out = ready;
    ready = null;
    return out;
  }

  private void closePrevious() {
    if (previousInput != null) {
      previousInput.close();
      previousInput = null;
    }
  }

  @Override
  public void close() {
    try {
      if (ready != null) {
        ready.close();
        ready = null;
      }
      closePrevious();
    } finally {
      input.close();
      long left = allocator.getAllocatedMemory();
      try {
        allocator.close();
      } catch (IllegalStateException leak) {
        throw new EvaluationException(
            "The batch function of mapBatches left "
                + left
                + " bytes of Arrow memory allocated: it must close every vector it allocates and"
                + " does not return",
            leak);
      }
    }
  }
}
