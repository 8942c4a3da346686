package io.frameshift.pipeline;

import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files arriving in a folder, one batch per file. Which files were done is known from the sinks'
 * commits (the run skips a batch every sink holds), so the source itself keeps no state: a
 * restarted run lists the folder again and {@link #resume} has nothing to do.
 */
final class FolderSource implements BatchSource {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

  private final Path folder;
  private final String format;
  private final Map<String, String> options;
  private final Duration poll;
  private final Duration idle;
  private final Set<Path> seen = new HashSet<>();
  private final Deque<Path> pending = new ArrayDeque<>();
  private long lastNewFile = System.nanoTime();

  FolderSource(
      Path folder, String format, Map<String, String> options, Duration poll, Duration idle) {
    this.folder = folder.toAbsolutePath().normalize();
    this.format = format;
    this.options = Map.copyOf(options);
    this.poll = poll;
    this.idle = idle;
  }

  @Override
  public String describe() {
    return "folder " + folder + " (" + format + ")";
  }

  @Override
  public void resume(String position) {
    // the run skips the files the sinks committed; the listing needs no starting point
  }

  @Override
  public Optional<Batch> next() {
    while (pending.isEmpty()) {
      list();
      if (!pending.isEmpty()) {
        break;
      }
      if (idle != null && System.nanoTime() - lastNewFile >= idle.toNanos()) {
        LOG.info("No new file in {} for {} ms: the stream ends", folder, idle.toMillis());
        return Optional.empty();
      }
      try {
        Thread.sleep(Math.max(1, poll.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    Path file = pending.poll();
    String id = folder.relativize(file).toString().replace('\\', '/');
    return Optional.of(
        new Batch(
            id, id, file.toString(), new Rows.Files(format, List.of(file.toString()), options)));
  }

  /** Adds the visible files not seen before, in name order. */
  private void list() {
    if (!Files.isDirectory(folder)) {
      throw new InputException(
          "The stream folder " + folder + " does not exist or is not a folder");
    }
    try (Stream<Path> all = Files.walk(folder)) {
      List<Path> fresh =
          all.filter(Files::isRegularFile)
              .filter(p -> !hidden(folder.relativize(p)))
              .filter(p -> !seen.contains(p))
              .sorted()
              .toList();
      if (!fresh.isEmpty()) {
        seen.addAll(fresh);
        pending.addAll(fresh);
        lastNewFile = System.nanoTime();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InputException("Cannot list the stream folder " + folder + ": " + e, e);
    }
  }

  /** Files being written under a temporary name ({@code .x}, {@code _x}) are not taken yet. */
  private static boolean hidden(Path relative) {
    for (Path segment : relative) {
      String s = segment.toString();
      if (s.startsWith(".") || s.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    pending.clear();
  }
}
