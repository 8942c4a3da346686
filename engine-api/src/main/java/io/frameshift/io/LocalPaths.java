package io.frameshift.io;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/** Tells dataset paths on this machine's file system from remote ones ({@code hdfs://}, ...). */
public final class LocalPaths {
  private LocalPaths() {}

  /**
   * The local file-system path of {@code path} (plain or {@code file:} URI), or empty for a remote
   * file system, which only the engine reading it can check.
   */
  public static Optional<Path> of(String path) {
    if (path.startsWith("file:")) {
      return Optional.of(Paths.get(URI.create(path)));
    }
    return path.contains("://") ? Optional.empty() : Optional.of(Paths.get(path));
  }
}
