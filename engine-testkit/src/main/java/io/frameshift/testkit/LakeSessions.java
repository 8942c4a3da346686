package io.frameshift.testkit;

import io.frameshift.Frameshift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sessions of tests that write tables of the embedded catalog on the local engine or on Spark
 * (stream runs, their crash children): a warehouse folder and a session small enough for the shared
 * test machine.
 */
public final class LakeSessions {
  private LakeSessions() {}

  /**
   * A new temporary warehouse folder. Spark loads the catalog once per session, and the session
   * lives as long as the JVM: a test class keeps one warehouse for all its sessions.
   */
  public static Path warehouse(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A session on {@code engine} whose catalog keeps its tables in {@code warehouse}. */
  public static Frameshift.Builder builder(String engine, Path warehouse) {
    return Frameshift.builder()
        .engine(engine)
        .config("frameshift.warehouse", warehouse.toString())
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false");
  }
}
