package io.frameshift.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A parsed pipeline spec: named sources, the input(s) the steps start from, ordered steps, sinks
 * and the engine. Made by {@link Pipeline#load}; see docs/pipelines.md for the fields.
 *
 * @param file the file it was read from (for messages)
 * @param name the pipeline's name (the file name without extension when absent)
 * @param engine {@code auto}, {@code local} or {@code spark}
 * @param inputs the sources the steps run over, each in turn
 * @param sources every source by name, in the spec's order
 * @param steps the steps, in order
 * @param sinks where each input's result goes
 * @param retry the tries of each stream batch
 * @param deadLetters the folder stream batches that fail every try are recorded in, or null
 */
public record PipelineSpec(
    String file,
    String name,
    String engine,
    List<String> inputs,
    Map<String, SourceSpec> sources,
    List<Step> steps,
    List<SinkSpec> sinks,
    RetryPolicy retry,
    String deadLetters) {

  /**
   * A source: a file dataset ({@code format} and {@code path}), a table, a folder that files arrive
   * in ({@code format}, {@code path} and {@code stream}), a dead-letter folder ({@code path} and a
   * {@code stream} of dead letters), or a JSON API ({@code rest_api}).
   *
   * @param name its name in {@code sources}
   * @param format {@code csv}, {@code json}, {@code parquet}, {@code arrow}; null for a table
   * @param path a file, directory or glob; null for a table
   * @param table {@code catalog.namespace.table}; null for files
   * @param options reader options (Spark's names: {@code header}, {@code delimiter}, ...)
   * @param line the line of its name in the spec, from 1
   * @param column its column, from 1
   * @param stream how batches arrive, or null for a batch source
   * @param retry the tries of each fetch from a stream source
   * @param restApi the {@code rest_api} source's settings; null for other sources
   * @param connector the kind and settings of a stream source another module provides ({@code
   *     kafka}); null for other sources
   */
  public record SourceSpec(
      String name,
      String format,
      String path,
      String table,
      Map<String, String> options,
      int line,
      int column,
      StreamSpec stream,
      RetryPolicy retry,
      io.frameshift.enrich.http.RestApi restApi,
      Connector connector) {

    /** A source that is no {@code rest_api} and no connector's. */
    public SourceSpec(
        String name,
        String format,
        String path,
        String table,
        Map<String, String> options,
        int line,
        int column,
        StreamSpec stream,
        RetryPolicy retry) {
      this(name, format, path, table, options, line, column, stream, retry, null, null);
    }

    /**
     * {@code csv data/orders.csv}, {@code table lake.shop.orders}, {@code stream of json in/},
     * {@code rest_api URL}.
     */
    public String describe() {
      if (connector != null) {
        return connector.kind() + " " + connector.settings();
      }
      if (restApi != null) {
        return "rest_api " + restApi.url();
      }
      if (stream != null) {
        return stream.deadLetters() ? "dead letters " + path : "stream of " + format + " " + path;
      }
      return table != null ? "table " + table : format + " " + path;
    }
  }

  /**
   * A stream source of a kind another module provides through {@link BatchSourceProvider}.
   *
   * @param kind the spec key, e.g. {@code kafka}
   * @param settings its settings as text, nested objects flattened with dots
   */
  public record Connector(String kind, Map<String, String> settings) {
    public Connector {
      settings = Map.copyOf(settings);
    }
  }

  /**
   * How a stream source's batches arrive.
   *
   * @param poll the wait between listings of the folder when no new file is there
   * @param idle the stream ends after this long without a new file; null: it does not
   * @param maxBatches the run stops after this many batches; 0: when the stream ends
   * @param deadLetters whether the folder holds dead letters (one batch per record) rather than
   *     arriving files
   */
  public record StreamSpec(
      java.time.Duration poll, java.time.Duration idle, long maxBatches, boolean deadLetters) {}

  /**
   * A sink: files ({@code format}, {@code path}) or a table.
   *
   * @param index position in {@code sinks}
   * @param name the sink's name, or null
   * @param format file format; null for a table
   * @param path output path, where {@code {source}} stands for the input's name; null for a table
   * @param table table name; null for files
   * @param mode {@code error}, {@code overwrite}, {@code append}, {@code ignore}, or for tables
   *     {@code upsert}
   * @param keys the upsert keys
   * @param partitionBy partition columns of a file sink
   * @param options writer options
   */
  public record SinkSpec(
      int index,
      String name,
      String format,
      String path,
      String table,
      String mode,
      List<String> keys,
      List<String> partitionBy,
      Map<String, String> options) {

    /** {@code sinks[0] (landing)}: how messages and reports name the sink. */
    public String label() {
      return "sinks[" + index + "]" + (name == null ? "" : " (" + name + ")");
    }

    /** The target for one input: the path with {@code {source}} replaced, or the table. */
    public String target(String input) {
      return table != null ? table : path.replace(SOURCE_PLACEHOLDER, input);
    }
  }

  /** What a sink path holds in place of the input's name when the pipeline has several. */
  public static final String SOURCE_PLACEHOLDER = "{source}";
}
