package io.frameshift.pipeline;

import io.frameshift.Frameshift;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line: {@code frameshift validate spec.yaml}, {@code frameshift explain spec.yaml},
 * {@code frameshift run spec.yaml [--report out.html] [--engine auto|local|spark] [--quiet]} and
 * {@code frameshift calibrate}. Exit codes a scheduler can act on: 0 done, 1 the run failed, 2 the
 * spec or command line is invalid (nothing ran), 3 some inputs were written and others failed.
 */
@Command(
    name = "frameshift",
    mixinStandardHelpOptions = true,
    description = "Validates and runs Frameshift pipeline specs (docs/pipelines.md).",
    subcommands = {Cli.Validate.class, Cli.Explain.class, Cli.Run.class, Calibrate.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done: every input reached every sink (validate, explain: the spec is valid)",
      "1:the run failed: no input was written, or the session could not start",
      "2:the spec or the command line is invalid: nothing ran",
      "3:partly done: some inputs were written, others failed (the report says which)"
    })
public final class Cli implements Callable<Integer> {
  /** The run finished and every input reached every sink. */
  public static final int OK = 0;

  /**
   * The run failed: no input was written (or a calibration failed, or the session could not start):
   * running it again may help once the cause is fixed.
   */
  public static final int FAILED = 1;

  /**
   * The spec is invalid (or the command line is): nothing ran, and running it again will not help.
   */
  public static final int INVALID = 2;

  /**
   * Partly done: some inputs reached every sink and others failed; the report and the output name
   * the failed ones, which a later run can take alone.
   */
  public static final int PARTIAL = 3;

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with these streams and returns its exit code; for tests and tools. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Cli());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExitCodeExceptionMapper(e -> e instanceof InvalidPipelineException ? INVALID : FAILED);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println(e.getMessage());
          return e instanceof InvalidPipelineException ? INVALID : FAILED;
        });
    // a usage error (unknown option, missing spec) is the caller's mistake, like an invalid spec
    cl.setParameterExceptionHandler(
        (e, argv) -> {
          e.getCommandLine().getErr().println(e.getMessage());
          e.getCommandLine().usage(e.getCommandLine().getErr());
          return INVALID;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "Missing command: validate, explain or run");
  }

  @Command(
      name = "validate",
      description = "Checks a spec: its schema, steps, expressions, and the sources' columns.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the pipeline spec (.yaml, .yml or .json)")
    Path spec;

    @Option(
        names = "--schema-only",
        description = "check the spec alone, without reading the sources' schemas")
    boolean schemaOnly;

    @CommandLine.Mixin Settings settings;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
      Pipeline p = Pipeline.load(spec);
      if (!schemaOnly) {
        try (Frameshift fs = settings.open("local".equals(p.spec().engine()) ? "local" : "auto")) {
          p.check(fs);
        }
      }
      command
          .commandLine()
          .getOut()
          .println(
              spec
                  + ": valid ("
                  + p.spec().sources().size()
                  + " sources, "
                  + p.spec().steps().size()
                  + " steps, "
                  + p.spec().sinks().size()
                  + " sinks)");
      return OK;
    }
  }

  @Command(
      name = "explain",
      description =
          "Prints each input's plan: the engine of every node and why, without running it.")
  static final class Explain implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the pipeline spec (.yaml, .yml or .json)")
    Path spec;

    @CommandLine.Mixin EngineChoice engineChoice;

    @CommandLine.Mixin Settings settings;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
      Pipeline p = engineChoice.apply(Pipeline.load(spec), command);
      PrintWriter out = command.commandLine().getOut();
      try (Frameshift fs = settings.open(p.spec().engine())) {
        p.check(fs);
        for (String input : p.spec().inputs()) {
          out.println("== input " + input + " ==");
          out.println(p.compile(fs, input).explain());
        }
      }
      return OK;
    }
  }

  /** {@code --conf}: the session settings of every command that opens a session. */
  static final class Settings {
    @Option(
        names = "--conf",
        paramLabel = "KEY=VALUE",
        description = "a session setting (frameshift.*, spark.*), e.g. frameshift.warehouse=wh")
    java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();

    /** A session with the functions of every {@link FunctionLibrary} on the class path. */
    Frameshift open(String engine) {
      Frameshift fs = Frameshift.builder().engine(engine).config(conf).build();
      FunctionLibrary.registerAll(fs);
      return fs;
    }
  }

  /** {@code --engine}: overrides the spec's engine; a name that is no engine is a usage error. */
  static final class EngineChoice {
    @Option(
        names = "--engine",
        paramLabel = "ENGINE",
        description = "auto, local or spark: overrides the spec's engine")
    String engine;

    Pipeline apply(Pipeline p, CommandLine.Model.CommandSpec command) {
      if (engine == null) {
        return p;
      }
      if (!java.util.List.of("auto", "local", "spark").contains(engine)) {
        throw new CommandLine.ParameterException(
            command.commandLine(),
            "--engine '" + engine + "' is not an engine; expected auto, local or spark");
      }
      return p.withEngine(engine);
    }
  }

  @Command(name = "run", description = "Runs a spec over each of its inputs into its sinks.")
  static final class Run implements Callable<Integer> {
    @Parameters(paramLabel = "SPEC", description = "the pipeline spec (.yaml, .yml or .json)")
    Path spec;

    @Option(names = "--report", paramLabel = "FILE", description = "write an HTML run report here")
    Path report;

    @Option(
        names = {"-q", "--quiet"},
        description =
            "no progress on stderr (inputs, plan nodes, transfers, long reads and writes)")
    boolean quiet;

    @CommandLine.Mixin EngineChoice engineChoice;

    @CommandLine.Mixin Settings settings;

    @CommandLine.Spec CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
      Pipeline p = engineChoice.apply(Pipeline.load(spec), command);
      PrintWriter out = command.commandLine().getOut();
      RunReport r;
      try (Frameshift fs = settings.open(p.spec().engine())) {
        if (quiet) {
          r = p.run(fs);
        } else {
          ProgressPrinter progress = new ProgressPrinter(command.commandLine().getErr());
          fs.addListener(progress);
          r = p.run(fs, progress);
        }
      }
      for (RunReport.InputReport in : r.inputs()) {
        out.println(
            in.input()
                + ": "
                + (in.ok()
                    ? in.rowsIn() + " rows in, " + in.rowsOut() + " out, engines " + in.engines()
                    : "FAILED " + in.error())
                + " ("
                + in.elapsed().toMillis()
                + " ms)");
      }
      if (report != null) {
        r.writeHtml(report);
        out.println("report: " + report);
      }
      return exitCode(r, command.commandLine().getErr());
    }
  }

  /** 0 when every input was written, 3 when some were, 1 when none was. */
  static int exitCode(RunReport r, PrintWriter err) {
    long failed = r.inputs().stream().filter(in -> !in.ok()).count();
    if (failed == 0) {
      return OK;
    }
    if (failed < r.inputs().size()) {
      err.println(
          "pipeline "
              + r.pipeline()
              + " partly failed: "
              + failed
              + " of "
              + r.inputs().size()
              + " inputs");
      return PARTIAL;
    }
    err.println("pipeline " + r.pipeline() + " failed");
    return FAILED;
  }
}
