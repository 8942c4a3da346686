package io.frameshift.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.frameshift.DataFrame;
import io.frameshift.WriteMode;
import io.frameshift.error.OutputException;
import io.frameshift.pipeline.BatchSource.Batch;
import io.frameshift.pipeline.BatchSource.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter folder of a stream: one JSON record per batch (or source) that failed every try,
 * under {@code folder/<stream>/<batch>.json}, beside the batch's rows as Parquet ({@code
 * <batch>.rows/}) when they were in memory. The record names the rows to read again (the input
 * files, or the Parquet copy), so {@link BatchSources#deadLetters} can run them again; a batch that
 * fails again replaces its record.
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path folder;

  DeadLetters(Path folder, String stream) {
    this.folder = folder.resolve(Streams.fileName(stream)).toAbsolutePath().normalize();
  }

  /**
   * Records a batch that failed: its reference and error, and its rows ({@code frame}, when they
   * were in memory and could be made into one).
   */
  Path batch(
      String pipeline,
      String stream,
      String source,
      Batch batch,
      DataFrame frame,
      int attempts,
      String error) {
    Map<String, Object> r = record(pipeline, stream, source, "batch", attempts, error);
    r.put("batch", batch.id());
    r.put("position", batch.position());
    r.put("reference", batch.reference());
    String name = Streams.fileName(batch.id());
    if (batch.rows() instanceof Rows.Files f) {
      r.put("rows", rows(f.format(), f.paths(), f.options()));
    } else if (frame != null) {
      Path copy = folder.resolve(name + ".rows");
      try {
        frame.write().mode(WriteMode.OVERWRITE).parquet(copy.toString());
        r.put("rows", rows("parquet", List.of(copy.toString()), Map.of()));
      } catch (RuntimeException e) {
        // the rows that failed the pipeline may fail a plain write too; the record still counts
        r.put("rowsError", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    } else {
      r.put("rowsError", "the rows could not be read into a frame");
    }
    return write(name, r);
  }

  /** Records a source that failed every try: no rows, the position it had reached. */
  Path source(
      String pipeline,
      String stream,
      String source,
      String lastPosition,
      int attempts,
      String error) {
    Map<String, Object> r = record(pipeline, stream, source, "source", attempts, error);
    r.put("position", lastPosition);
    return write("source-" + Instant.now().toEpochMilli(), r);
  }

  private static Map<String, Object> record(
      String pipeline, String stream, String source, String kind, int attempts, String error) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", kind);
    r.put("pipeline", pipeline);
    r.put("stream", stream);
    r.put("source", source);
    r.put("error", error);
    r.put("attempts", attempts);
    r.put("failedAt", Instant.now().toString());
    return r;
  }

  private static Map<String, Object> rows(
      String format, List<String> paths, Map<String, String> options) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", format);
    m.put("paths", paths);
    m.put("options", options);
    return m;
  }

  /** Writes the record under a hidden name and renames it, so a reader never sees half of one. */
  private Path write(String name, Map<String, Object> record) {
    Path target = folder.resolve(name + ".json");
    try {
      Files.createDirectories(folder);
      Path tmp = folder.resolve("." + name + ".json.tmp");
      JSON.writeValue(tmp.toFile(), record);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException("Cannot write the dead letter " + target + ": " + e, e);
    }
    LOG.warn("Dead letter {}: {}", target, record.get("error"));
    return target;
  }
}
