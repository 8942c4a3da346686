package io.frameshift.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.enrich.http.RestApi;
import io.frameshift.enrich.http.RestApi.Pagination;
import io.frameshift.enrich.http.RestApiSource;
import io.frameshift.error.FrameshiftException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code rest_api} sources: binds their fields to a {@link RestApi} (the HTTP settings
 * onto the enrichment's {@link EnrichSpec}, so both use one client and one set of resilience
 * settings), and fetches each once per run: checking the steps, counting the rows in and computing
 * the result all read the same fetched frame, so a rate-limited API is not asked three times.
 */
final class RestApiSources {

  /** Where binding reports a problem: the path below {@code rest_api}, the field, the message. */
  @FunctionalInterface
  interface Problems {
    void at(List<Object> path, String field, String message);
  }

  private Frameshift session;
  private final Map<String, DataFrame> fetched = new LinkedHashMap<>();

  /** Forgets what was fetched: a new run asks the APIs again. */
  synchronized void clear() {
    fetched.clear();
    session = null;
  }

  /** The frame of source {@code name}, fetched on first use in this run and session. */
  synchronized DataFrame read(Frameshift fs, String name, RestApi api) {
    if (session != fs) {
      fetched.clear();
      session = fs;
    }
    DataFrame df = fetched.get(name);
    if (df == null) {
      df = RestApiSource.read(fs, api);
      fetched.put(name, df);
    }
    return df;
  }

  /** The {@link RestApi} of a {@code rest_api} node the JSON Schema accepted; null on problems. */
  static RestApi bind(JsonNode n, Problems reported) {
    Counting problems = new Counting(reported);
    String url = n.get("url").asText();
    RestApi api;
    try {
      api = RestApi.get(url);
    } catch (FrameshiftException e) {
      problems.at(List.of(), "url", e.getMessage());
      return null;
    }
    if (n.has("params")) {
      for (Map.Entry<String, JsonNode> e : fields(n.get("params"))) {
        api = api.param(e.getKey(), e.getValue().asText());
      }
    }
    if (n.has("records")) {
      try {
        api = api.records(n.get("records").asText());
      } catch (FrameshiftException e) {
        problems.at(List.of(), "records", e.getMessage());
      }
    }
    if (n.has("pagination")) {
      Pagination p = pagination(n.get("pagination"), problems);
      if (p != null) {
        api = api.pagination(p);
      }
    }
    if (n.has("schema")) {
      List<Field> columns = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : fields(n.get("schema"))) {
        try {
          columns.add(Field.of(e.getKey(), DataType.parse(e.getValue().asText())));
        } catch (FrameshiftException x) {
          problems.at(List.of("schema"), e.getKey(), x.getMessage());
        }
      }
      api = api.schema(Schema.of(columns));
    }
    if (n.has("maxPages")) {
      api = api.maxPages(n.get("maxPages").asInt());
    }
    try {
      api = api.http(h -> http(h, n));
    } catch (FrameshiftException e) {
      problems.at(List.of(), "", e.getMessage());
    }
    return problems.count == 0 ? api : null;
  }

  /** The source's HTTP settings onto the enrichment's: one client, one set of settings. */
  private static EnrichSpec http(EnrichSpec h, JsonNode n) {
    EnrichSpec out = h;
    if (n.has("headers")) {
      for (Map.Entry<String, JsonNode> e : fields(n.get("headers"))) {
        out = out.header(e.getKey(), e.getValue().asText());
      }
    }
    if (n.has("rate")) {
      out = out.ratePerSecond(n.get("rate").asDouble());
    }
    if (n.has("timeout")) {
      out = out.timeout(RetryPolicy.duration(n.get("timeout").asText()));
    }
    JsonNode r = n.get("retry");
    if (r != null) {
      out =
          out.retry(
              r.has("attempts") ? r.get("attempts").asInt() : out.maxAttempts(),
              r.has("backoff")
                  ? RetryPolicy.duration(r.get("backoff").asText())
                  : out.initialBackoff(),
              r.has("multiplier") ? r.get("multiplier").asDouble() : out.backoffMultiplier(),
              r.has("maxBackoff")
                  ? RetryPolicy.duration(r.get("maxBackoff").asText())
                  : out.maxBackoff());
    }
    JsonNode b = n.get("circuitBreaker");
    if (b != null) {
      out =
          out.circuitBreaker(
              b.has("window") ? b.get("window").asInt() : out.breakerWindow(),
              b.has("minimumCalls") ? b.get("minimumCalls").asInt() : out.breakerMinimumCalls(),
              b.has("failureRate") ? b.get("failureRate").asDouble() : out.breakerFailureRate(),
              b.has("openFor")
                  ? RetryPolicy.duration(b.get("openFor").asText())
                  : out.breakerOpenFor(),
              b.has("halfOpenCalls") ? b.get("halfOpenCalls").asInt() : out.breakerHalfOpenCalls());
    }
    return out;
  }

  private static Pagination pagination(JsonNode p, Problems problems) {
    String type = p.get("type").asText();
    List<Object> at = List.of("pagination");
    List<String> takes =
        switch (type) {
          case "page" -> List.of("type", "param", "first", "sizeParam", "size");
          case "cursor" -> List.of("type", "param", "path");
          case "next_url" -> List.of("type", "path");
          default -> List.of("type");
        };
    boolean ok = true;
    for (Map.Entry<String, JsonNode> e : fields(p)) {
      if (!takes.contains(e.getKey())) {
        problems.at(at, e.getKey(), "pagination " + type + " takes only " + takes);
        ok = false;
      }
    }
    for (String needed :
        switch (type) {
          case "page" -> List.of("param");
          case "cursor" -> List.of("param", "path");
          case "next_url" -> List.of("path");
          default -> List.<String>of();
        }) {
      if (!p.has(needed)) {
        problems.at(at, "type", "pagination " + type + " needs '" + needed + "'");
        ok = false;
      }
    }
    if (type.equals("page") && p.has("sizeParam") != p.has("size")) {
      problems.at(at, p.has("size") ? "size" : "sizeParam", "sizeParam and size go together");
      ok = false;
    }
    if (!ok) {
      return null;
    }
    try {
      return switch (type) {
        case "page" ->
            new Pagination.Page(
                p.get("param").asText(),
                p.has("first") ? p.get("first").asLong() : 1,
                p.has("sizeParam") ? p.get("sizeParam").asText() : null,
                p.has("size") ? p.get("size").asInt() : 0);
        case "cursor" -> new Pagination.Cursor(p.get("param").asText(), p.get("path").asText());
        case "next_url" -> new Pagination.Cursor(null, p.get("path").asText());
        default -> new Pagination.None();
      };
    } catch (FrameshiftException e) {
      problems.at(at, "path", e.getMessage());
      return null;
    }
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    n.fields().forEachRemaining(out::add);
    return out;
  }

  /** Counts what it passes on, so {@link #bind} knows whether the node had problems. */
  private static final class Counting implements Problems {
    private final Problems to;
    int count;

    Counting(Problems to) {
      this.to = to;
    }

    @Override
    public void at(List<Object> path, String field, String message) {
      count++;
      to.at(path, field, message);
    }
  }
}
