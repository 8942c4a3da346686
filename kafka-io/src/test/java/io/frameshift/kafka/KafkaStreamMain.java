package io.frameshift.kafka;

import io.frameshift.Frameshift;
import io.frameshift.pipeline.BatchSource;
import io.frameshift.pipeline.Pipeline;
import io.frameshift.pipeline.StreamReport;
import io.frameshift.pipeline.StreamRun;
import io.frameshift.testkit.LakeSessions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Streams a Kafka topic into a table through a spec, in a JVM of its own (local engine, no Spark),
 * printing {@code TAKEN <batch id>} as each batch leaves the source: the test kills it mid-stream.
 * Arguments: warehouse, spec, bootstrap servers, topic.
 */
public final class KafkaStreamMain {
  private KafkaStreamMain() {}

  public static void main(String[] args) {
    Pipeline p = Pipeline.load(Path.of(args[1]));
    KafkaSource kafka =
        KafkaSource.open(KafkaSettings.of(args[2], args[3]).maxRecordsPerPartition(5));
    try (Frameshift fs = LakeSessions.builder("local", Path.of(args[0])).build()) {
      StreamReport r =
          StreamRun.of(p)
              .run(
                  fs,
                  new BatchSource() {
                    @Override
                    public String describe() {
                      return kafka.describe();
                    }

                    @Override
                    public void resume(String position) {
                      kafka.resume(position);
                    }

                    @Override
                    public Optional<Batch> next() {
                      Optional<Batch> b = kafka.next();
                      b.ifPresent(x -> System.out.println("TAKEN " + x.id()));
                      System.out.flush();
                      return b;
                    }

                    @Override
                    public void close() {
                      kafka.close();
                    }
                  });
      System.out.println("DONE " + r.batches().size());
    }
  }
}
