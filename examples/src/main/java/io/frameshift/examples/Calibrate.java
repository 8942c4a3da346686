package io.frameshift.examples;

import io.frameshift.Frameshift;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Measures this machine's engines (about a minute with Spark on 2 cores) and writes the cost
 * profile later sessions load, so that {@code auto} places each step on the engine that is faster
 * here rather than by the default size thresholds.
 *
 * <p>Run it with {@code ./mvnw -B -q -Pdemo package -DskipTests
 * -Ddemo.mainClass=io.frameshift.examples.Calibrate -Ddemo.args=} (argument: where to write the
 * profile; by default {@code ~/.frameshift/profile.json}, where sessions look for it).
 */
public final class Calibrate {
  private Calibrate() {}

  public static void main(String[] args) {
    Path out = args.length > 0 ? Paths.get(args[0]) : CostProfile.DEFAULT_PATH;
    // the profile being replaced must not steer or learn from the measuring runs
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.learn", "false")
            .build()) {
      long t0 = System.nanoTime();
      CostProfile p = Calibration.calibrate(fs, out);
      System.out.printf(
          "Calibrated in %.1f s; profile written to %s:%n%s%n",
          (System.nanoTime() - t0) / 1e9, out, p.toJson());
    }
  }
}
