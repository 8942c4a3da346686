package io.frameshift.pipeline;

import io.frameshift.Frameshift;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code frameshift calibrate}: measures this machine's engines with {@link Calibration} and writes
 * the cost profile that later sessions (and runs) load, so AUTO places each node by measured costs
 * instead of size thresholds.
 */
@Command(
    name = "calibrate",
    description =
        "Measures this machine's engines and writes the selector's cost profile"
            + " (about a minute with Spark on 2 cores at the default sizes).")
final class Calibrate implements Callable<Integer> {
  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "where to write the profile (default: ${DEFAULT-VALUE}, where sessions look)")
  Path out = CostProfile.DEFAULT_PATH;

  @Option(
      names = "--rows",
      split = ",",
      paramLabel = "N",
      description = "sizes of the synthetic frame measured (default: 20000,200000)")
  List<Integer> rows = Calibration.Options.DEFAULT.rows();

  @Option(
      names = "--repeats",
      paramLabel = "N",
      description = "runs per measurement, the best counts (default: 2)")
  int repeats = Calibration.Options.DEFAULT.repeats();

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress on stderr")
  boolean quiet;

  @CommandLine.Mixin Cli.Settings settings;

  @CommandLine.Spec CommandLine.Model.CommandSpec command;

  @Override
  public Integer call() {
    Calibration.Options options;
    try {
      options = new Calibration.Options(rows, repeats);
    } catch (InvalidOptionException e) {
      throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
    }
    PrintWriter err = command.commandLine().getErr();
    // the profile being replaced must neither steer nor learn from the measuring runs
    settings.conf.put("frameshift.selector.profile", "none");
    settings.conf.put("frameshift.selector.learn", "false");
    try (Frameshift fs = settings.open(Frameshift.AUTO)) {
      if (!quiet) {
        err.printf(
            Locale.ROOT,
            "calibrating engines %s at %s rows, best of %d%n",
            fs.availableEngines(),
            options.rows(),
            options.repeats());
        err.flush();
      }
      long t0 = System.nanoTime();
      CostProfile p = Calibration.calibrate(fs, out, options);
      PrintWriter o = command.commandLine().getOut();
      o.printf(
          Locale.ROOT,
          "calibrated in %.1f s; profile written to %s%n",
          (System.nanoTime() - t0) / 1e9,
          out);
      p.engines()
          .forEach(
              (engine, c) ->
                  o.printf(
                      Locale.ROOT,
                      "  %s: start-up %.0f ms, overhead %.2f ms, %s%n",
                      engine,
                      c.startupMillis(),
                      c.overheadMillis(),
                      c.nanosPerRow()));
      o.printf(Locale.ROOT, "  transfer %.2f ns/byte%n", p.transferNanosPerByte());
    }
    return Cli.OK;
  }
}
