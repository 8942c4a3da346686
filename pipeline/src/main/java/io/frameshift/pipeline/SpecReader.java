package io.frameshift.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.frameshift.error.FrameshiftException;
import io.frameshift.expr.Expr;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import io.frameshift.pipeline.PipelineSpec.SinkSpec;
import io.frameshift.pipeline.PipelineSpec.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a spec into a tree that remembers where each value stood (Jackson's tree model forgets
 * locations, and a message without a line is of little use in a 200-line spec), validates it
 * against the published schema, then binds it to {@link PipelineSpec} with the checks the schema
 * cannot express.
 */
final class SpecReader {
  /** The schema's place on the class path; docs/pipelines.md links the same file. */
  static final String SCHEMA = "/io/frameshift/pipeline/pipeline.schema.json";

  static final Set<String> STEP_KINDS =
      Set.of(
          "filter",
          "select",
          "withColumn",
          "rename",
          "dropDuplicates",
          "groupBy",
          "join",
          "sort",
          "window",
          "udf",
          "limit");

  private static final JsonNode RAW = rawSchema();
  private static final Schema COMPILED =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(RAW);

  private final String file;

  /** The folder relative paths are resolved against: the spec's own, or none for text. */
  private final java.nio.file.Path base;

  private final Map<String, JsonLocation> valueAt = new HashMap<>();
  private final Map<String, JsonLocation> keyAt = new HashMap<>();
  private final List<Problem> problems = new ArrayList<>();

  private SpecReader(String file, java.nio.file.Path base) {
    this.file = file;
    this.base = base;
  }

  private static JsonNode rawSchema() {
    try (InputStream in = SpecReader.class.getResourceAsStream(SCHEMA)) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses, validates and binds {@code text}; {@code file} names it in messages, relative paths are
   * resolved against {@code base} (null: left as they are).
   */
  static PipelineSpec read(String text, String file, java.nio.file.Path base) {
    return new SpecReader(file, base).bind(text);
  }

  /** A relative path is taken from the spec's folder, so a spec runs the same from anywhere. */
  private String resolve(String path) {
    if (path == null || base == null || java.nio.file.Path.of(path).isAbsolute()) {
      return path;
    }
    return base.resolve(path).normalize().toString();
  }

  private PipelineSpec bind(String text) {
    JsonNode root = parse(text);
    for (String part : List.of("steps", "sinks")) {
      JsonNode list = root.get(part);
      for (int i = 0; list != null && list.isArray() && i < list.size(); i++) {
        String name = text(list.get(i), "name");
        if (name != null) {
          names.put(part + "/" + i, name);
        }
      }
    }
    for (Error e : COMPILED.validate(root)) {
      List<Object> at = new ArrayList<>();
      for (int i = 0; i < e.getInstanceLocation().getNameCount(); i++) {
        at.add(e.getInstanceLocation().getElement(i));
      }
      String property = e.getProperty();
      problem(at, property, schemaMessage(e));
    }
    fail();
    PipelineSpec spec = toSpec(root);
    fail();
    return spec;
  }

  private void fail() {
    if (!problems.isEmpty()) {
      throw new InvalidPipelineException(problems);
    }
  }

  /** The validator's message without its leading instance path (the problem carries it). */
  private static String schemaMessage(Error e) {
    String m = e.getMessage();
    int colon = m.indexOf(": ");
    String msg = colon >= 0 && m.startsWith("$") ? m.substring(colon + 2) : m;
    if ("additionalProperties".equals(e.getKeyword())) {
      // the object schema that refused the key lists the ones it takes
      com.networknt.schema.path.NodePath at = e.getSchemaLocation().getFragment();
      StringBuilder pointer = new StringBuilder();
      for (int i = 0; i < at.getNameCount() - 1; i++) {
        pointer.append('/').append(at.getElement(i));
      }
      JsonNode owner = RAW.at(pointer.toString());
      JsonNode props = owner.get("properties");
      if (props != null) {
        List<String> keys = new ArrayList<>();
        props.fieldNames().forEachRemaining(keys::add);
        return msg + "; expected one of " + keys;
      }
    }
    return msg;
  }

  // ==== the located tree =====================================================================

  private JsonNode parse(String text) {
    JsonFactory factory =
        file.toLowerCase(Locale.ROOT).endsWith(".json") ? new JsonFactory() : new YAMLFactory();
    try (JsonParser p = factory.createParser(text)) {
      if (p.nextToken() == null) {
        problems.add(new Problem(file, 1, 1, "spec", "", "the file is empty"));
        fail();
      }
      return node(p, new ArrayList<>());
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      problems.add(
          new Problem(
              file,
              l == null ? 0 : l.getLineNr(),
              l == null ? 0 : l.getColumnNr(),
              "spec",
              "",
              "not valid "
                  + (factory instanceof YAMLFactory ? "YAML" : "JSON")
                  + ": "
                  + e.getOriginalMessage()));
      fail();
      throw new IllegalStateException("unreachable");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode node(JsonParser p, List<Object> path) throws IOException {
    JsonNodeFactory f = JsonNodeFactory.instance;
    valueAt.put(pointer(path), p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        ObjectNode o = f.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          path.add(key);
          JsonLocation at = p.currentTokenLocation();
          if (o.has(key)) {
            problems.add(
                new Problem(
                    file,
                    at.getLineNr(),
                    at.getColumnNr(),
                    where(path),
                    key,
                    "the key appears twice"));
          }
          keyAt.put(pointer(path), at);
          p.nextToken();
          o.set(key, node(p, path));
          path.remove(path.size() - 1);
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = f.arrayNode();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          path.add(i++);
          a.add(node(p, path));
          path.remove(path.size() - 1);
        }
        return a;
      }
      case VALUE_STRING -> {
        return f.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return f.numberNode(p.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return f.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return f.booleanNode(t == JsonToken.VALUE_TRUE);
      }
      default -> {
        return f.nullNode();
      }
    }
  }

  private static String pointer(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object o : path) {
      sb.append('/').append(o);
    }
    return sb.toString();
  }

  /** How many leading path elements name the part: 2 for {@code steps/2}, {@code sources/a}. */
  private static int partLength(List<Object> path) {
    return path.size() >= 2 && (path.get(1) instanceof Integer || "sources".equals(path.get(0)))
        ? 2
        : 0;
  }

  /** {@code steps[2] (positive)}, {@code sources.orders}, {@code sinks[0]}: a part's name. */
  private String where(List<Object> path) {
    if (partLength(path) == 0) {
      return "spec";
    }
    Object top = path.get(0);
    if (path.get(1) instanceof Integer i) {
      String label = top + "[" + i + "]";
      String name = names.get(top + "/" + i);
      return name == null ? label : label + " (" + name + ")";
    }
    return "sources." + path.get(1);
  }

  /** Step and sink names by {@code steps/2}, set while binding, so problems can name them. */
  private final Map<String, String> names = new HashMap<>();

  /**
   * Records a problem at {@code path}; {@code field} (a key below it, or null) is placed at its key
   * when the key exists.
   */
  void problem(List<Object> path, String field, String message) {
    JsonLocation loc = null;
    String fieldName = "";
    List<Object> full = new ArrayList<>(path);
    if (field != null) {
      full.add(field);
      loc = keyAt.get(pointer(full));
      fieldName = fieldOf(full);
    }
    if (loc == null) {
      loc = keyAt.get(pointer(path));
      if (loc == null) {
        loc = valueAt.get(pointer(path));
      }
    }
    if (fieldName.isEmpty()) {
      fieldName = fieldOf(path);
    }
    problems.add(
        new Problem(
            file,
            loc == null ? 0 : loc.getLineNr(),
            loc == null ? 0 : loc.getColumnNr(),
            where(path),
            fieldName,
            message));
  }

  /** The field a path points into below its part: {@code groupBy.agg.total} for a step's. */
  private static String fieldOf(List<Object> path) {
    int from = partLength(path);
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < path.size(); i++) {
      if (path.get(i) instanceof Integer n) {
        sb.append('[').append(n).append(']');
      } else {
        sb.append(sb.isEmpty() ? "" : ".").append(path.get(i));
      }
    }
    return sb.toString();
  }

  // ==== binding ==============================================================================

  private PipelineSpec toSpec(JsonNode root) {
    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    root.get("sources")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode s = e.getValue();
              boolean dead = s.has("deadLetters");
              boolean kafka = s.has("kafka");
              sources.put(
                  e.getKey(),
                  new SourceSpec(
                      e.getKey(),
                      text(s, "format"),
                      resolve(dead ? text(s, "deadLetters") : text(s, "path")),
                      text(s, "table"),
                      options(s.get("options")),
                      line(keyAt.get("/sources/" + e.getKey())),
                      column(keyAt.get("/sources/" + e.getKey())),
                      dead || kafka || s.has("stream") ? stream(s.get("stream"), dead) : null,
                      retry(s.get("retry")),
                      s.has("rest_api")
                          ? RestApiSources.bind(
                              s.get("rest_api"),
                              (sub, field, message) -> {
                                List<Object> at =
                                    new ArrayList<>(List.of("sources", e.getKey(), "rest_api"));
                                at.addAll(sub);
                                problem(at, field, message);
                              })
                          : null,
                      kafka ? new PipelineSpec.Connector("kafka", flatten(s.get("kafka"))) : null));
              JsonNode st = s.get("stream");
              for (String waits : List.of("poll", "idle")) {
                if (kafka && st != null && st.has(waits)) {
                  problem(
                      List.of("sources", e.getKey(), "stream"),
                      waits,
                      "a kafka source waits for records as kafka.idleTimeout says; its stream takes"
                          + " only maxBatches");
                }
              }
            });
    List<String> inputs = new ArrayList<>();
    JsonNode input = root.get("input");
    if (input == null) {
      inputs.add(sources.keySet().iterator().next());
    } else if (input.isArray()) {
      input.forEach(n -> inputs.add(n.asText()));
    } else {
      inputs.add(input.asText());
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (!sources.containsKey(inputs.get(i))) {
        problem(
            input.isArray() ? List.of("input", i) : List.of("input"),
            null,
            "no source '" + inputs.get(i) + "'; sources: " + sources.keySet());
      }
    }
    List<Step> steps = new ArrayList<>();
    JsonNode stepsNode = root.get("steps");
    if (stepsNode != null) {
      for (int i = 0; i < stepsNode.size(); i++) {
        Step s = step(stepsNode.get(i), i, sources.keySet(), streamNames(sources));
        if (s != null) {
          steps.add(s);
        }
      }
    }
    List<SinkSpec> sinks = new ArrayList<>();
    JsonNode sinksNode = root.get("sinks");
    for (int i = 0; i < sinksNode.size(); i++) {
      sinks.add(sink(sinksNode.get(i), i, inputs.size()));
    }
    String name = text(root, "name");
    if (name == null) {
      String base = file.replace('\\', '/');
      base = base.substring(base.lastIndexOf('/') + 1);
      name = base.contains(".") ? base.substring(0, base.lastIndexOf('.')) : base;
    }
    String engine = root.has("engine") ? text(root, "engine") : "auto";
    streamChecks(inputs, sources, sinks);
    return new PipelineSpec(
        file,
        name,
        engine,
        inputs,
        sources,
        steps,
        sinks,
        retry(root.get("retry")),
        resolve(text(root, "deadLetters")));
  }

  /** A stream source's settings; durations were checked by the schema. */
  private static PipelineSpec.StreamSpec stream(JsonNode n, boolean deadLetters) {
    String poll = text(n, "poll");
    String idle = text(n, "idle");
    return new PipelineSpec.StreamSpec(
        poll == null ? java.time.Duration.ofSeconds(1) : RetryPolicy.duration(poll),
        idle == null ? null : RetryPolicy.duration(idle),
        n != null && n.has("maxBatches") ? n.get("maxBatches").asLong() : 0,
        deadLetters);
  }

  /** A retry policy: the fields given, {@link RetryPolicy#DEFAULT}'s for the others. */
  private static RetryPolicy retry(JsonNode n) {
    RetryPolicy d = RetryPolicy.DEFAULT;
    if (n == null) {
      return d;
    }
    return new RetryPolicy(
        n.has("attempts") ? n.get("attempts").asInt() : d.attempts(),
        n.has("backoff") ? RetryPolicy.duration(text(n, "backoff")) : d.backoff(),
        n.has("maxBackoff") ? RetryPolicy.duration(text(n, "maxBackoff")) : d.maxBackoff(),
        n.has("jitter") ? n.get("jitter").asDouble() : d.jitter());
  }

  /**
   * A stream input writes tables batch by batch (append, overwrite or upsert each batch); its steps
   * cannot join another stream, whose rows are not there to join with.
   */
  private void streamChecks(
      List<String> inputs, Map<String, SourceSpec> sources, List<SinkSpec> sinks) {
    boolean anyStream =
        inputs.stream().anyMatch(i -> sources.containsKey(i) && sources.get(i).stream() != null);
    if (!anyStream) {
      return;
    }
    for (SinkSpec sink : sinks) {
      if (sink.table() != null && !Set.of("append", "overwrite", "upsert").contains(sink.mode())) {
        problem(
            List.of("sinks", sink.index()),
            "mode",
            "a stream writes a table batch by batch with mode append, overwrite or upsert, not "
                + sink.mode());
      }
    }
  }

  private static Set<String> streamNames(Map<String, SourceSpec> sources) {
    Set<String> out = new java.util.HashSet<>();
    sources.forEach(
        (k, v) -> {
          if (v.stream() != null) {
            out.add(k);
          }
        });
    return out;
  }

  private Step step(JsonNode n, int index, Set<String> sources, Set<String> streams) {
    List<Object> at = List.of("steps", index);
    String name = text(n, "name");
    List<String> kinds = new ArrayList<>();
    n.fieldNames()
        .forEachRemaining(
            k -> {
              if (STEP_KINDS.contains(k)) {
                kinds.add(k);
              }
            });
    if (kinds.size() != 1) {
      problem(
          at,
          kinds.isEmpty() ? null : kinds.get(1),
          kinds.isEmpty()
              ? "the step has no kind; expected one of " + new java.util.TreeSet<>(STEP_KINDS)
              : "a step has one kind, this one has " + kinds + ": make them separate steps");
      return null;
    }
    String kind = kinds.get(0);
    JsonLocation loc = keyAt.get("/steps/" + index + "/" + kind);
    Step.Header h = new Step.Header(index, name, text(n, "engine"), line(loc), column(loc));
    JsonNode v = n.get(kind);
    return switch (kind) {
      case "filter" -> {
        expression(at, "filter", v.asText());
        yield new Step.Filter(h, v.asText());
      }
      case "select" -> new Step.Select(h, strings(v));
      case "withColumn" -> {
        expression(List.of("steps", index, "withColumn"), "expr", text(v, "expr"));
        yield new Step.WithColumn(h, text(v, "name"), text(v, "expr"));
      }
      case "rename" -> new Step.Rename(h, options(v));
      case "dropDuplicates" -> new Step.DropDuplicates(h, strings(v));
      case "groupBy" -> {
        Map<String, String> aggs = options(v.get("agg"));
        aggs.forEach((out, sql) -> expression(List.of("steps", index, "groupBy", "agg"), out, sql));
        yield new Step.GroupBy(h, v.has("keys") ? strings(v.get("keys")) : List.of(), aggs);
      }
      case "join" -> {
        String with = text(v, "with");
        if (streams.contains(with)) {
          problem(
              List.of("steps", index, "join"),
              "with",
              "'" + with + "' is a stream: a step joins with a file or table source");
        } else if (!sources.contains(with)) {
          problem(
              List.of("steps", index, "join"),
              "with",
              "no source '" + with + "'; sources: " + sources);
        }
        yield new Step.Join(
            h, with, strings(v.get("on")), v.has("type") ? text(v, "type") : "inner");
      }
      case "sort" -> new Step.Sort(h, sortItems(v));
      case "window" -> {
        List<Step.SortItem> order = sortItems(v.get("orderBy"));
        Map<String, String> columns = options(v.get("columns"));
        columns.forEach(
            (out, sql) -> {
              try {
                WindowFunctions.parse(sql, !order.isEmpty());
              } catch (FrameshiftException e) {
                problem(List.of("steps", index, "window", "columns"), out, e.getMessage());
              }
            });
        yield new Step.Window(h, strings(v.get("partitionBy")), order, columns);
      }
      case "udf" -> new Step.Udf(h, text(v, "name"), strings(v.get("args")), text(v, "as"));
      case "limit" -> new Step.Limit(h, v.asLong());
      default -> throw new IllegalStateException(kind);
    };
  }

  private static List<Step.SortItem> sortItems(JsonNode n) {
    List<Step.SortItem> keys = new ArrayList<>();
    if (n != null) {
      for (JsonNode k : n) {
        keys.add(
            k.isTextual()
                ? new Step.SortItem(k.asText(), false, null)
                : new Step.SortItem(
                    text(k, "column"), "desc".equals(text(k, "order")), text(k, "nulls")));
      }
    }
    return keys;
  }

  /** Parses SQL text as the DataFrame API will, so a bad expression fails before anything runs. */
  private void expression(List<Object> at, String field, String sql) {
    try {
      Expr.parse(sql);
    } catch (FrameshiftException e) {
      problem(at, field, e.getMessage());
    }
  }

  private SinkSpec sink(JsonNode n, int index, int inputs) {
    List<Object> at = List.of("sinks", index);
    String name = text(n, "name");
    String table = text(n, "table");
    String mode = n.has("mode") ? text(n, "mode") : (table != null ? "append" : "error");
    List<String> keys = n.has("keys") ? strings(n.get("keys")) : List.of();
    if ("upsert".equals(mode) && table == null) {
      problem(
          at,
          "mode",
          "upsert writes tables only; for files use error, overwrite, append or ignore");
    }
    if ("upsert".equals(mode) && keys.isEmpty()) {
      problem(at, "mode", "upsert needs 'keys': the columns that identify a row");
    }
    if (!keys.isEmpty() && !"upsert".equals(mode)) {
      problem(at, "keys", "keys are for mode upsert; this sink's mode is " + mode);
    }
    String path = text(n, "path");
    if (path != null
        && inputs > 1
        && !path.contains(PipelineSpec.SOURCE_PLACEHOLDER)
        && !"append".equals(mode)) {
      problem(
          at,
          "path",
          "the pipeline has "
              + inputs
              + " inputs, which would write over each other at '"
              + path
              + "': put {source} in the path, or use mode append");
    }
    return new SinkSpec(
        index,
        name,
        text(n, "format"),
        resolve(path),
        table,
        mode,
        keys,
        n.has("partitionBy") ? strings(n.get("partitionBy")) : List.of(),
        options(n.get("options")));
  }

  private static int line(JsonLocation l) {
    return l == null ? 0 : l.getLineNr();
  }

  private static int column(JsonLocation l) {
    return l == null ? 0 : l.getColumnNr();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null) {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  /** An object's values as text, nested objects' keys joined with dots. */
  private static Map<String, String> flatten(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    n.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isObject()) {
                flatten(e.getValue()).forEach((k, v) -> out.put(e.getKey() + "." + k, v));
              } else {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  private static Map<String, String> options(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n != null) {
      n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
