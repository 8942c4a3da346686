package io.frameshift.pipeline;

import io.frameshift.Frameshift;
import io.frameshift.testkit.LakeSessions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The child JVM of {@link StreamCrashTest}: runs the spec's stream input on the engine given into
 * the warehouse given and prints {@code TAKEN <id>} as each batch leaves the source, so the parent
 * can kill it while a batch is being computed or committed.
 *
 * <p>Arguments: {@code warehouse spec engine}.
 */
public final class StreamCrashMain {
  private StreamCrashMain() {}

  public static void main(String[] args) {
    Pipeline p = Pipeline.load(Path.of(args[1]));
    String input = p.spec().inputs().get(0);
    BatchSource folder = StreamRun.source(p.spec().sources().get(input));
    try (Frameshift fs = LakeSessions.builder(args[2], Path.of(args[0])).build()) {
      StreamReport r =
          StreamRun.of(p, input)
              .run(
                  fs,
                  new BatchSource() {
                    @Override
                    public String describe() {
                      return folder.describe();
                    }

                    @Override
                    public void resume(String position) {
                      folder.resume(position);
                    }

                    @Override
                    public Optional<Batch> next() {
                      Optional<Batch> b = folder.next();
                      b.ifPresent(x -> System.out.println("TAKEN " + x.id()));
                      System.out.flush();
                      return b;
                    }

                    @Override
                    public void close() {
                      folder.close();
                    }
                  });
      System.out.println("DONE " + r.batches().size());
    }
  }
}
