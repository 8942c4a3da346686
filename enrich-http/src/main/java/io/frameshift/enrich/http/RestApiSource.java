package io.frameshift.enrich.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.enrich.EnrichStats;
import io.frameshift.enrich.http.RestApi.Pagination;
import io.frameshift.error.InputException;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.spi.JsonKind;
import io.frameshift.spi.Progress;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link RestApi} into a frame: the pages one after another (a cursor is only known once
 * the previous page came), each request through the enrichment's {@link Calls} (rate limiter,
 * retries honouring {@code Retry-After}, circuit breaker), the records typed by the declared schema
 * or by the JSON-lines reader's inference rules. The frame holds the rows in memory and is placed
 * by the selector like any other in-memory frame, on either engine.
 */
public final class RestApiSource {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.source.rest");

  private RestApiSource() {}

  /**
   * Fetches every page of {@code api} now and returns its records as a frame.
   *
   * @throws RestApiException when a request fails for good
   * @throws InputException when an answer is not JSON, has no array at the records path, or holds a
   *     value that does not fit its column
   * @throws PaginationException when the pages loop or outnumber {@link RestApi#maxPages()}
   */
  public static DataFrame read(Frameshift fs, RestApi api) {
    Fetched f = fetch(api);
    return fs.createDataFrame(f.schema(), f.rows());
  }

  /** What one read fetched. */
  record Fetched(Schema schema, List<Row> rows, int pages) {}

  static Fetched fetch(RestApi api) {
    String runId = "rest-api-" + UUID.randomUUID();
    EnrichStats stats = EnrichStats.begin(runId, Progress.NONE);
    try {
      return fetch(api, runId, stats);
    } finally {
      EnrichStats.end(runId);
    }
  }

  private static Fetched fetch(RestApi api, String runId, EnrichStats stats) {
    long t0 = System.nanoTime();
    String pointer = JsonPath.pointer(api.recordsPath());
    Calls calls = Calls.of(runId, api.http(), api.http().ratePerSecond());
    List<JsonNode> records = new ArrayList<>();
    List<String> recordPages = new ArrayList<>();
    Set<String> cursors = new HashSet<>();
    Pagination pagination = api.pagination();
    long pageNumber = pagination instanceof Pagination.Page p ? p.first() : 0;
    String url = firstUrl(api, pageNumber);
    int page = 0;
    while (true) {
      page++;
      JsonNode answer = get(api, calls, url, page);
      JsonNode array = answer.at(pointer);
      if (!array.isArray()) {
        throw new InputException(
            onPage(api, page, url)
                + " has no array at records path '"
                + api.recordsPath()
                + "' (JSON pointer '"
                + pointer
                + "'): "
                + found(answer, pointer)
                + "; set the records path to where the records array is");
      }
      int index = 0;
      for (JsonNode record : array) {
        String at = onPage(api, page, url) + ", record " + index;
        if (!record.isObject()) {
          throw new InputException(
              at
                  + " at '"
                  + api.recordsPath()
                  + "' is "
                  + shown(record)
                  + ", not a JSON object; a record must be an object of fields");
        }
        records.add(record);
        recordPages.add(at);
        index++;
      }
      String next = null;
      if (pagination instanceof Pagination.Page p) {
        boolean last = array.isEmpty() || (p.sizeParam() != null && array.size() < p.size());
        next = last ? null : firstUrl(api, ++pageNumber);
      } else if (pagination instanceof Pagination.Cursor c) {
        next = nextByCursor(api, c, answer, url, page, cursors);
      }
      if (next == null) {
        break;
      }
      if (page >= api.maxPages()) {
        throw new PaginationException(
            "rest_api "
                + api.url()
                + " has more than maxPages = "
                + api.maxPages()
                + " pages (the next would be GET "
                + next
                + "); raise maxPages if the API is that long");
      }
      url = next;
    }
    Schema schema = api.schema() != null ? api.schema() : infer(api, records);
    List<Row> rows = new ArrayList<>(records.size());
    for (int r = 0; r < records.size(); r++) {
      rows.add(row(schema, records.get(r), recordPages.get(r)));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    EnrichEvent e = stats.event(api.http().name(), api.http().ratePerSecond(), took);
    LOG.info(
        "rest_api {}: {} pages, {} records in {} ms; {} requests ({} retried, {} throttled, {} server"
            + " errors), latency p95 {} ms, at most {} requests/s",
        api.url(),
        page,
        rows.size(),
        took.toMillis(),
        e.calls(),
        e.retries(),
        e.throttled(),
        e.serverErrors(),
        e.latencyP95().toMillis(),
        api.http().ratePerSecond());
    return new Fetched(schema, rows, page);
  }

  /** The next page's URL by the cursor in {@code answer}, or null when it is the last page. */
  private static String nextByCursor(
      RestApi api, Pagination.Cursor c, JsonNode answer, String url, int page, Set<String> seen) {
    JsonNode v = answer.at(JsonPath.pointer(c.path()));
    if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
      return null;
    }
    String cursor = v.isTextual() ? v.textValue() : v.toString();
    if (!seen.add(cursor)) {
      throw new PaginationException(
          onPage(api, page, url)
              + " gave cursor '"
              + cursor
              + "' at '"
              + c.path()
              + "', which an earlier page gave already: the API's pages loop");
    }
    return c.param() == null
        ? URI.create(url).resolve(cursor).toString()
        : withQuery(withQuery(api.url(), api.params()), Map.of(c.param(), cursor));
  }

  private static String firstUrl(RestApi api, long pageNumber) {
    Map<String, String> q = new LinkedHashMap<>(api.params());
    if (api.pagination() instanceof Pagination.Page p) {
      q.put(p.param(), Long.toString(pageNumber));
      if (p.sizeParam() != null) {
        q.put(p.sizeParam(), Integer.toString(p.size()));
      }
    }
    return withQuery(api.url(), q);
  }

  private static String withQuery(String url, Map<String, String> params) {
    if (params.isEmpty()) {
      return url;
    }
    StringBuilder sb = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return sb.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** One page's answer, parsed; a request that fails for good throws. */
  private static JsonNode get(RestApi api, Calls calls, String url, int page) {
    try {
      calls.inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestApiException(
          "rest_api " + api.url() + ": interrupted before page " + page, url, -1, e);
    }
    Object outcome = calls.call(calls.request(url, null), () -> false).join();
    if (outcome instanceof Outcome.Failure f) {
      throw new RestApiException(
          "rest_api "
              + api.url()
              + ": page "
              + page
              + " failed: "
              + f.reason()
              + ": "
              + f.url()
              + " (retries, rate and circuit breaker are the http settings of the source)",
          f.url(),
          f.status(),
          f.cause());
    }
    HttpResponse<?> response = (HttpResponse<?>) outcome;
    try {
      return Calls.JSON.readTree((String) response.body());
    } catch (JsonProcessingException e) {
      throw new InputException(onPage(api, page, url) + " is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Where a message about one page starts: the source, the page's number and its request. */
  private static String onPage(RestApi api, int page, String url) {
    return "rest_api " + api.url() + ": page " + page + " (GET " + url + ")";
  }

  /** What stands at {@code pointer} in the answer instead of an array, or where the path ends. */
  private static String found(JsonNode answer, String pointer) {
    JsonNode at = answer.at(pointer);
    if (!at.isMissingNode()) {
      return "found " + shown(at);
    }
    // the longest prefix that exists says where the path leaves the answer
    String[] parts = pointer.substring(1).split("/");
    String prefix = "";
    JsonNode node = answer;
    for (String part : parts) {
      JsonNode child = node.at("/" + part);
      if (child.isMissingNode()) {
        String where = prefix.isEmpty() ? "the answer" : "'" + prefix + "'";
        return "found nothing: "
            + where
            + (node.isObject() ? " has the fields " + fields(node) : " is " + shown(node))
            + " and no '"
            + part.replace("~1", "/").replace("~0", "~")
            + "'";
      }
      prefix = prefix + "/" + part;
      node = child;
    }
    return "found nothing";
  }

  private static List<String> fields(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static String shown(JsonNode n) {
    String kind =
        n.isObject()
            ? "an object with the fields " + fields(n)
            : n.isArray() ? "an array" : n.isNull() ? "null" : "the value";
    if (n.isObject()) {
      return kind;
    }
    String text = n.toString();
    return kind
        + (n.isNull() ? "" : " " + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
  }

  // ==== typing ==================================================================================

  private static Schema infer(RestApi api, List<JsonNode> records) {
    Map<String, JsonKind> kinds = new TreeMap<>();
    for (JsonNode record : records) {
      for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().isEmpty()) { // as the JSON-lines reader (and Spark) drop them
          kinds.merge(e.getKey(), JsonKind.of(e.getValue()), JsonKind::merge);
        }
      }
    }
    if (kinds.isEmpty()) {
      throw new InputException(
          "rest_api "
              + api.url()
              + ": cannot infer a schema: "
              + (records.isEmpty() ? "the API gave no records" : "its records hold no field")
              + "; declare the schema");
    }
    List<Field> fields = new ArrayList<>();
    kinds.forEach((name, kind) -> fields.add(Field.of(name, kind.type())));
    return Schema.of(fields);
  }

  private static Row row(Schema schema, JsonNode record, String where) {
    Object[] values = new Object[schema.size()];
    for (int c = 0; c < values.length; c++) {
      Field f = schema.field(c);
      try {
        values[c] = JsonValues.convert(record.get(f.name()), f.type());
      } catch (JsonValues.Mismatch m) {
        throw new InputException(where + ", column '" + f.name() + "': " + m.getMessage());
      }
    }
    return Row.of(schema, values);
  }
}
