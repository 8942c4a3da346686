package io.frameshift.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches recorded in a dead-letter folder, one per record that names rows, in file order, each
 * under its failed batch's id.
 */
final class DeadLetterSource implements BatchSource {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSource.class);

  private final Path folder;
  private Deque<Path> records;

  DeadLetterSource(Path folder) {
    this.folder = folder.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return "dead letters " + folder;
  }

  @Override
  public void resume(String position) {
    // the run skips batches the sinks committed; the records need no starting point
  }

  @Override
  public Optional<Batch> next() {
    if (records == null) {
      records = new ArrayDeque<>(list());
    }
    for (Path p; (p = records.poll()) != null; ) {
      JsonNode r;
      try {
        r = DeadLetters.JSON.readTree(p.toFile());
      } catch (IOException e) {
        throw new InputException("Cannot read the dead letter " + p + ": " + e, e);
      }
      JsonNode rows = r.get("rows");
      if (rows == null || !r.hasNonNull("batch")) {
        LOG.warn("Dead letter {} holds no rows to run again ({}): skipped", p, r.path("error"));
        continue;
      }
      List<String> paths = new ArrayList<>();
      rows.path("paths").forEach(n -> paths.add(n.asText()));
      Map<String, String> options = new LinkedHashMap<>();
      rows.path("options")
          .fields()
          .forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
      String id = r.get("batch").asText();
      return Optional.of(
          new Batch(
              id,
              folder.relativize(p).toString(),
              "dead letter " + p + " of " + r.path("reference").asText(),
              new Rows.Files(rows.path("format").asText(), paths, options)));
    }
    return Optional.empty();
  }

  private List<Path> list() {
    if (!Files.isDirectory(folder)) {
      throw new InputException(
          "The dead-letter folder " + folder + " does not exist or is not a folder");
    }
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InputException("Cannot list the dead-letter folder " + folder + ": " + e, e);
    }
  }

  @Override
  public void close() {
    records = null;
  }
}
