package io.frameshift.enrich.http;

import io.frameshift.enrich.EnrichSpec;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.types.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A JSON API read as a table (the pipeline spec's {@code rest_api} source): GET requests page by
 * page, the records of each answer taken from {@link #recordsPath}, until the {@link Pagination}
 * says the last page came. The HTTP side (headers, timeout, rate limit, retries with backoff and
 * {@code Retry-After}, circuit breaker) is an {@link EnrichSpec}'s, made by the same client that
 * {@code DataFrame.enrich} uses. Read it with {@link RestApiSource#read}.
 *
 * <pre>{@code
 * RestApi api = RestApi.get("http://127.0.0.1:8080/v3/tickers")
 *     .param("market", "stocks")
 *     .records("results")
 *     .pagination(new Pagination.Cursor("cursor", "next_cursor"))
 *     .http(h -> h.ratePerSecond(20).header("Authorization", "Bearer ..."));
 * }</pre>
 *
 * @param url the first page's URL (it may carry a query already)
 * @param params query parameters added to every request, URL-encoded
 * @param recordsPath where the records array is in each answer: a JSON pointer ({@code
 *     /data/items}), a dotted path ({@code data.items}, {@code $.data.items}), or {@code ""} /
 *     {@code $} for the answer itself
 * @param pagination how the next page is asked for
 * @param schema the columns to read, or null to infer them from the records (as the JSON-lines
 *     reader infers: columns sorted by name, whole numbers INT64, numbers FLOAT64, {@code
 *     true}/{@code false} BOOLEAN, anything else and nested values STRING)
 * @param maxPages the most pages one read asks for; an API that still has more fails the read
 * @param http the HTTP settings: rate, retries, circuit breaker, timeout, headers
 */
public record RestApi(
    String url,
    Map<String, String> params,
    String recordsPath,
    Pagination pagination,
    Schema schema,
    int maxPages,
    EnrichSpec http) {

  /** The default bound on pages per read. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  public RestApi {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(recordsPath, "recordsPath");
    Objects.requireNonNull(pagination, "pagination");
    Objects.requireNonNull(http, "http");
    params = Map.copyOf(params);
    if (maxPages <= 0) {
      throw new InvalidOptionException("rest_api maxPages must be positive, got " + maxPages);
    }
    JsonPath.pointer(recordsPath); // refuses a malformed path here, not on the first page
  }

  /**
   * A GET of {@code url}, one page, records at the answer's top level, schema inferred, the
   * enrichment's default HTTP settings (100 calls a second, 4 attempts, a circuit breaker).
   */
  public static RestApi get(String url) {
    return new RestApi(
        url, Map.of(), "", new Pagination.None(), null, DEFAULT_MAX_PAGES, EnrichSpec.get(url));
  }

  /** Adds a query parameter to every request. */
  public RestApi param(String name, String value) {
    Map<String, String> p = new LinkedHashMap<>(params);
    p.put(name, value);
    return new RestApi(url, p, recordsPath, pagination, schema, maxPages, http);
  }

  public RestApi records(String path) {
    return new RestApi(url, params, path, pagination, schema, maxPages, http);
  }

  public RestApi pagination(Pagination p) {
    return new RestApi(url, params, recordsPath, p, schema, maxPages, http);
  }

  public RestApi schema(Schema s) {
    return new RestApi(url, params, recordsPath, pagination, s, maxPages, http);
  }

  public RestApi maxPages(int n) {
    return new RestApi(url, params, recordsPath, pagination, schema, n, http);
  }

  /** Changes the HTTP settings: {@code h -> h.ratePerSecond(5).retry(...)}. */
  public RestApi http(UnaryOperator<EnrichSpec> change) {
    return new RestApi(url, params, recordsPath, pagination, schema, maxPages, change.apply(http));
  }

  /** How the next page is asked for. */
  public sealed interface Pagination {

    /** One request: the answer holds every record. */
    record None() implements Pagination {}

    /**
     * Numbered pages: {@code param} is {@code first}, then one more per page; with {@code
     * sizeParam} set, {@code sizeParam=size} goes with each request. The last page is the first
     * with no records, or (with a size) with fewer than {@code size} records.
     *
     * @param param the page number's query parameter ({@code page})
     * @param first the first page's number (often 1 or 0)
     * @param sizeParam the page size's query parameter, or null
     * @param size the page size asked for, 0 without {@code sizeParam}
     */
    record Page(String param, long first, String sizeParam, int size) implements Pagination {
      public Page {
        Objects.requireNonNull(param, "param");
        if (sizeParam != null && size <= 0) {
          throw new InvalidOptionException(
              "rest_api page size must be positive with sizeParam '"
                  + sizeParam
                  + "', got "
                  + size);
        }
      }
    }

    /**
     * A cursor from each answer: the value at {@code path} goes into the next request as {@code
     * param}; with no {@code param} it is the next page's URL itself (as {@code next_url} links
     * are), resolved against the current one. A missing, null or empty cursor ends the read.
     *
     * @param param the cursor's query parameter, or null when the value is the next URL
     * @param path where the cursor is in each answer (JSON pointer or dotted path)
     */
    record Cursor(String param, String path) implements Pagination {
      public Cursor {
        Objects.requireNonNull(path, "path");
        JsonPath.pointer(path);
      }
    }
  }
}
