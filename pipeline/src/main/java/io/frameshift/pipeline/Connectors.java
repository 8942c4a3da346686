package io.frameshift.pipeline;

import io.frameshift.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link BatchSourceProvider} of a source kind that another module brings. */
final class Connectors {
  private Connectors() {}

  /** The module each known kind is in, for the message when it is missing. */
  private static final java.util.Map<String, String> MODULES =
      java.util.Map.of("kafka", "io.frameshift:frameshift-kafka");

  static BatchSource open(PipelineSpec.Connector c) {
    List<String> kinds = new ArrayList<>();
    for (BatchSourceProvider p : ServiceLoader.load(BatchSourceProvider.class)) {
      if (p.kind().equals(c.kind())) {
        return p.open(c.settings());
      }
      kinds.add(p.kind());
    }
    throw new ConfigurationException(
        "A "
            + c.kind()
            + " source needs "
            + MODULES.getOrDefault(c.kind(), "the module that provides it")
            + " on the class path; source kinds found: "
            + kinds);
  }
}
