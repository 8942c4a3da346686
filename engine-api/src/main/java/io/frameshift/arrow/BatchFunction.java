package io.frameshift.arrow;

import io.frameshift.error.EvaluationException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A function over Arrow record batches, for {@code DataFrame.mapBatches(fn, outputSchema)}: it
 * takes one batch of the frame and returns a batch of the output schema, which may have another
 * number of rows. Locally it runs on each chunk the engine exports; on Spark on each partition's
 * batches, on the executors (so it is serializable, and so must be what it captures).
 *
 * <p>Ownership: the input batch belongs to Frameshift, which closes it after the output has been
 * read; the function must not close it. The output batch passes to Frameshift, which closes it;
 * allocate it from {@code allocator} (it may reuse the input's vectors, e.g. {@code new
 * VectorSchemaRoot(List.of(batch.getVector("id"), computed))}, or return the input itself). Any
 * other buffer the function allocates it must release before returning.
 */
@FunctionalInterface
public interface BatchFunction extends Serializable {

  /** The output batch for {@code batch}; an exception fails the job (EvaluationException). */
  VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator) throws Exception;

  /**
   * The batches {@code fn} makes of {@code input}'s, as they are taken: each input batch stays open
   * until the caller asks for the next output (an output may share its vectors), then is closed.
   * Closing the stream closes what was not taken, {@code input}, and the allocator the outputs came
   * from; a function that left buffers allocated fails there with an {@link EvaluationException}.
   * For engines.
   *
   * @param unit how errors name a batch, e.g. {@code "batch"} gives "batch 3"
   */
  static ArrowBatches map(ArrowBatches input, BatchFunction fn, Schema schema, String unit) {
    return MappedBatches.of(input, fn, schema, unit);
  }

  /**
   * Calls {@code fn} on {@code batch} and checks the output has {@code expected}'s columns, in
   * order and of the same types; for engines.
   *
   * @param where the batch in the engine's words (e.g. "batch 3", "partition 2"), for errors
   * @throws EvaluationException when the function throws or returns a batch of another schema (the
   *     message names the missing, extra or mistyped column)
   */
  static VectorSchemaRoot applyChecked(
      BatchFunction fn,
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      Schema expected,
      String where) {
    VectorSchemaRoot out;
    try {
      out = fn.apply(batch, allocator);
    } catch (FrameshiftException e) {
      throw e; // names what failed already (e.g. an enrichment's call)
    } catch (Exception | LinkageError | StackOverflowError e) {
      throw new EvaluationException(
          "The batch function of mapBatches failed on "
              + where
              + " ("
              + batch.getRowCount()
              + " rows): "
              + e.getClass().getName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
    if (out == null) {
      throw new EvaluationException(
          "The batch function of mapBatches returned null for " + where + "; return a batch");
    }
    try {
      check(out.getSchema(), expected, where);
    } catch (EvaluationException e) {
      if (out != batch) {
        out.close();
      }
      throw e;
    }
    return out;
  }

  /**
   * Checks that an output batch's Arrow schema has exactly {@code expected}'s columns and types.
   *
   * @throws EvaluationException naming the first column missing, extra, mistyped or out of order
   */
  static void check(
      org.apache.arrow.vector.types.pojo.Schema actual, Schema expected, String where) {
    List<String> names = new ArrayList<>();
    for (org.apache.arrow.vector.types.pojo.Field f : actual.getFields()) {
      names.add(f.getName());
    }
    String prefix = "The batch function of mapBatches returned, for " + where + ", a batch ";
    for (Field f : expected.fields()) {
      if (!names.contains(f.name())) {
        throw new EvaluationException(
            prefix
                + "without column '"
                + f.name()
                + "' ("
                + f.type()
                + ") of the output schema "
                + expected
                + "; its columns: "
                + names);
      }
    }
    for (String n : names) {
      if (!expected.contains(n)) {
        throw new EvaluationException(
            prefix
                + "with column '"
                + n
                + "', which the output schema "
                + expected
                + " does not have; expected columns: "
                + expected.names());
      }
    }
    if (names.size() != expected.size()) {
      throw new EvaluationException(
          prefix + "with a repeated column: " + names + "; expected columns: " + expected.names());
    }
    for (int i = 0; i < names.size(); i++) {
      Field want = expected.fields().get(i);
      org.apache.arrow.vector.types.pojo.Field got = actual.getFields().get(i);
      if (!got.getName().equals(want.name())) {
        throw new EvaluationException(
            prefix
                + "whose columns are in another order: "
                + names
                + "; expected "
                + expected.names());
      }
      DataType type;
      try {
        type = ArrowTypes.fromArrow(got.getName(), got.getType());
      } catch (RuntimeException e) {
        type = null;
      }
      if (!want.type().equals(type)) {
        throw new EvaluationException(
            prefix
                + "whose column '"
                + want.name()
                + "' is "
                + (type == null ? "of Arrow type " + got.getType() : type)
                + ", not "
                + want.type()
                + " (Arrow "
                + ArrowTypes.toArrow(want.type())
                + ")");
      }
    }
  }
}
