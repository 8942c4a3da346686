package io.frameshift.enrich.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.arrow.BatchFunction;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.enrich.EnrichStats;
import io.frameshift.enrich.FailurePolicy;
import io.frameshift.enrich.OutputField;
import io.frameshift.error.EnrichmentException;
import io.frameshift.spi.EnrichCall;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Enriches one batch: one call per row (or per group of {@link EnrichSpec#batchRows()} rows), made
 * through the JVM's shared {@link Calls} of the run, all of the batch's calls in flight at once up
 * to the spec's concurrency; the output is the batch's own vectors followed by the answers' columns
 * (and the error column). Serializable: Spark ships it to the executors.
 *
 * @param call the enrichment
 * @param rate the calls per second allowed in each JVM
 */
record EnrichFunction(EnrichCall call, double rate) implements BatchFunction {
  private static final long serialVersionUID = 1L;

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator)
      throws InterruptedException {
    EnrichSpec spec = call.spec();
    Calls calls = Calls.of(call.runId(), spec, rate);
    int n = batch.getRowCount();
    int per = spec.batchRows();
    int groups = (n + per - 1) / per;
    AtomicBoolean failed = new AtomicBoolean();
    boolean failFast = spec.onFailure() == FailurePolicy.FAIL;
    Calls.Batch state = failed::get;
    List<CompletableFuture<Object>> futures = new ArrayList<>(groups);
    long deadline = System.nanoTime() + bound(spec, groups);
    for (int g = 0; g < groups && !failed.get(); g++) {
      int from = g * per;
      int to = Math.min(n, from + per);
      String url;
      try {
        url = url(spec, batch, from);
      } catch (IllegalStateException nullValue) {
        futures.add(
            CompletableFuture.completedFuture(
                new Outcome.Failure(nullValue.getMessage(), spec.url(), -1, 0, null)));
        EnrichStats.of(call.runId()).called(to - from);
        if (failFast) {
          failed.set(true);
        }
        continue;
      }
      HttpRequest request = calls.request(url, body(spec, batch, from, to));
      while (!calls.inFlight.tryAcquire(50, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() - deadline > 0) {
          throw new EnrichmentException(
              "Enrichment " + spec.name() + " did not get a free slot for its calls in time",
              url,
              -1,
              0,
              null);
        }
      }
      CompletableFuture<Object> f = calls.call(request, state);
      int rows = to - from;
      f.thenRun(() -> EnrichStats.of(call.runId()).called(rows));
      if (failFast) {
        f.thenAccept(
            o -> {
              if (o instanceof Outcome.Failure) {
                failed.set(true);
              }
            });
      }
      futures.add(f);
    }
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("an enrichment call completed exceptionally", e.getCause());
    } catch (TimeoutException e) {
      throw new EnrichmentException(
          "Enrichment "
              + spec.name()
              + " did not finish the calls of a batch of "
              + n
              + " rows within "
              + TimeUnit.NANOSECONDS.toSeconds(bound(spec, groups))
              + " s (the bound its rate, timeout, attempts and backoff allow)",
          spec.url(),
          -1,
          0,
          null);
    }
    return output(batch, allocator, futures, spec);
  }

  /** The longest the calls of {@code groups} calls may take: the rate's time and every retry's. */
  private long bound(EnrichSpec spec, int groups) {
    double rateSeconds = groups / rate;
    long perCall =
        spec.maxAttempts() * (spec.timeout().toNanos() + spec.maxBackoff().toNanos())
            + spec.breakerOpenFor().toNanos();
    return (long) (rateSeconds * 2e9) + perCall + TimeUnit.SECONDS.toNanos(30);
  }

  private VectorSchemaRoot output(
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      List<CompletableFuture<Object>> futures,
      EnrichSpec spec) {
    int n = batch.getRowCount();
    int per = spec.batchRows();
    List<OutputField> outs = spec.outputs();
    Object[][] values = new Object[outs.size()][n];
    String[] errors = new String[n];
    Outcome.Failure[] failures = new Outcome.Failure[n];
    for (int g = 0; g < futures.size(); g++) {
      int from = g * per;
      int to = Math.min(n, from + per);
      Object o = futures.get(g).join();
      List<JsonNode> answers = new ArrayList<>();
      String wrong = null;
      if (o instanceof HttpResponse<?> r) {
        try {
          JsonNode root = Calls.JSON.readTree((String) r.body());
          if (per == 1) {
            answers.add(root);
          } else {
            JsonNode array = root.at(spec.resultsPointer());
            if (!array.isArray() || array.size() != to - from) {
              wrong =
                  "the answer holds "
                      + (array.isArray()
                          ? array.size() + " results"
                          : "no array at '" + spec.resultsPointer() + "'")
                      + " for "
                      + (to - from)
                      + " rows";
            } else {
              array.forEach(answers::add);
            }
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          wrong = "the answer is not JSON (" + e.getOriginalMessage() + ")";
        }
        if (wrong != null) {
          Outcome.Failure f =
              new Outcome.Failure(
                  wrong, r.request().method() + " " + r.uri(), r.statusCode(), 1, null);
          for (int row = from; row < to; row++) {
            failures[row] = f;
          }
          continue;
        }
        for (int row = from; row < to; row++) {
          JsonNode answer = answers.get(row - from);
          for (int c = 0; c < outs.size(); c++) {
            OutputField out = outs.get(c);
            try {
              values[c][row] = JsonValues.convert(answer.at(out.pointer()), out.type());
            } catch (JsonValues.Mismatch m) {
              failures[row] =
                  new Outcome.Failure(
                      "column '"
                          + out.name()
                          + "': "
                          + m.getMessage()
                          + " (at "
                          + out.pointer()
                          + ")",
                      r.request().method() + " " + r.uri(),
                      r.statusCode(),
                      1,
                      null);
              break;
            }
          }
        }
      } else {
        Outcome.Failure f = (Outcome.Failure) o;
        for (int row = from; row < to; row++) {
          failures[row] = f;
        }
      }
    }
    long failedRows = 0;
    for (int row = 0; row < n; row++) {
      if (failures[row] != null) {
        failedRows++;
        errors[row] = failures[row].reason() + ": " + failures[row].url();
        for (Object[] column : values) {
          column[row] = null;
        }
      }
    }
    EnrichStats stats = EnrichStats.of(call.runId());
    if (spec.onFailure() == FailurePolicy.FAIL) {
      for (int row = 0; row < n; row++) {
        Outcome.Failure f = failures[row];
        if (f != null && !f.reason().startsWith("not made")) {
          stats.rows(row, 1);
          throw new EnrichmentException(
              "Enrichment "
                  + spec.name()
                  + " failed for "
                  + rowName(spec, batch, row)
                  + ": "
                  + f.reason()
                  + ": "
                  + f.url()
                  + "; use onFailure(FailurePolicy.CONTINUE) to keep failed rows with their error in"
                  + " column '"
                  + spec.errorColumn()
                  + "', or enrichWithDeadLetters(spec) to split"
                  + " them off",
              f.url(),
              f.status(),
              f.attempts(),
              f.cause());
        }
      }
    }
    stats.rows(n - failedRows, failedRows);
    List<FieldVector> vectors = new ArrayList<>(batch.getFieldVectors());
    List<FieldVector> made = new ArrayList<>();
    try {
      for (int c = 0; c < outs.size(); c++) {
        OutputField out = outs.get(c);
        made.add(vector(Field.of(out.name(), out.type()), values[c], allocator));
      }
      if (spec.onFailure() == FailurePolicy.CONTINUE) {
        made.add(vector(Field.of(spec.errorColumn(), DataType.STRING), errors, allocator));
      }
    } catch (RuntimeException e) {
      made.forEach(FieldVector::close);
      throw e;
    }
    vectors.addAll(made);
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(n);
    return root;
  }

  private static FieldVector vector(Field field, Object[] values, BufferAllocator allocator) {
    FieldVector v = ArrowTypes.toArrow(field).createVector(allocator);
    v.allocateNew();
    for (int r = 0; r < values.length; r++) {
      if (values[r] == null) {
        v.setNull(r);
      } else {
        ArrowRows.set(v, field.type(), r, values[r], field.name());
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private Object value(VectorSchemaRoot batch, String column, int row) {
    Schema in = call.input();
    return ArrowRows.value(batch.getVector(column), in.field(column).type(), row);
  }

  private String url(EnrichSpec spec, VectorSchemaRoot batch, int row) {
    return spec.url(
        column -> {
          Object v = value(batch, column, row);
          if (v == null) {
            throw new IllegalStateException(
                "column '"
                    + column
                    + "' of the URL template is null in "
                    + rowName(spec, batch, row)
                    + ", so no call was made");
          }
          return v.toString();
        });
  }

  private String body(EnrichSpec spec, VectorSchemaRoot batch, int from, int to) {
    if (spec.bodyColumns().isEmpty()) {
      return null;
    }
    if (spec.batchRows() == 1) {
      return object(spec, batch, from).toString();
    }
    ArrayNode rows = Calls.JSON.createArrayNode();
    for (int r = from; r < to; r++) {
      rows.add(object(spec, batch, r));
    }
    return rows.toString();
  }

  private ObjectNode object(EnrichSpec spec, VectorSchemaRoot batch, int row) {
    ObjectNode o = Calls.JSON.createObjectNode();
    for (String c : spec.bodyColumns()) {
      JsonValues.put(o, c, value(batch, c, row));
    }
    return o;
  }

  /** The row in an error: its key columns' values, or its position in the batch. */
  private String rowName(EnrichSpec spec, VectorSchemaRoot batch, int row) {
    if (spec.keys().isEmpty()) {
      return "row " + row + " of its batch";
    }
    List<String> parts = new ArrayList<>();
    for (String k : spec.keys()) {
      Object v = value(batch, k, row);
      parts.add(k + " = " + (v instanceof String s ? "'" + s + "'" : v));
    }
    return "row " + String.join(", ", parts);
  }
}
