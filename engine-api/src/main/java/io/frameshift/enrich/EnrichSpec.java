package io.frameshift.enrich;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.types.DataType;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code DataFrame.enrich} calls an HTTP service: the request made from each row, the columns
 * read from the answer, the rate limit, retries, circuit breaker and failure policy. Immutable:
 * every method returns a changed copy; build one from {@link #get} or {@link #post}.
 *
 * <pre>{@code
 * EnrichSpec spec = EnrichSpec.get("http://127.0.0.1:8080/score/{customer_id}")
 *     .output("score", "/score", DataType.FLOAT64)
 *     .output("tier", "/tier", DataType.STRING)
 *     .ratePerSecond(5000)
 *     .onFailure(FailurePolicy.CONTINUE);
 * }</pre>
 *
 * <p>The URL template's {@code {column}} places take the row's values, URL-encoded. A POST sends
 * the chosen columns as a JSON object ({@code {"id": 7, "country": "NL"}}); with {@link
 * #perBatch(int, String)} one call carries up to that many rows as a JSON array of such objects and
 * the answer must hold an array of as many results. Serializable: it travels to Spark's executors.
 */
public final class EnrichSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern PLACE = Pattern.compile("\\{([^{}]+)}");

  private final Fields f;

  /** The settings, copied on every change. */
  private static final class Fields implements Serializable, Cloneable {
    private static final long serialVersionUID = 1L;
    String method;
    String url;
    List<String> body = List.of();
    Map<String, String> headers = Map.of();
    List<OutputField> outputs = List.of();
    int batchRows = 1;
    String resultsPointer = "";
    double ratePerSecond = 100;
    int concurrency = 64;
    Duration timeout = Duration.ofSeconds(10);
    int maxAttempts = 4;
    Duration initialBackoff = Duration.ofMillis(100);
    double backoffMultiplier = 2;
    Duration maxBackoff = Duration.ofSeconds(10);
    int breakerWindow = 50;
    int breakerMinimumCalls = 20;
    float breakerFailureRate = 50;
    Duration breakerOpenFor = Duration.ofSeconds(5);
    int breakerHalfOpenCalls = 5;
    FailurePolicy onFailure = FailurePolicy.FAIL;
    String errorColumn = "enrich_error";
    List<String> keys = List.of();
    String name;

    @Override
    protected Fields clone() {
      try {
        return (Fields) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private EnrichSpec(Fields f) {
    this.f = f;
  }

  private EnrichSpec with(Consumer<Fields> change) {
    Fields copy = f.clone();
    change.accept(copy);
    return new EnrichSpec(copy);
  }

  /** A GET of {@code urlTemplate} for each row, e.g. {@code http://host/score/{id}}. */
  public static EnrichSpec get(String urlTemplate) {
    return of("GET", urlTemplate, List.of());
  }

  /**
   * A POST to {@code urlTemplate} for each row whose JSON body is an object of {@code bodyColumns}
   * (name to value; numbers as numbers, dates and timestamps as ISO-8601 strings).
   */
  public static EnrichSpec post(String urlTemplate, String... bodyColumns) {
    if (bodyColumns.length == 0) {
      throw new InvalidOptionException(
          "EnrichSpec.post needs the columns of the JSON body; use EnrichSpec.get for a call"
              + " without a body");
    }
    return of("POST", urlTemplate, List.of(bodyColumns));
  }

  private static EnrichSpec of(String method, String urlTemplate, List<String> body) {
    Objects.requireNonNull(urlTemplate, "urlTemplate");
    String lower = urlTemplate.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new InvalidOptionException(
          "Enrichment URL '" + urlTemplate + "' is not http:// or https://");
    }
    Fields f = new Fields();
    f.method = method;
    f.url = urlTemplate;
    f.body = body;
    f.name = defaultName(urlTemplate);
    return new EnrichSpec(f);
  }

  /** The host and the template's path, places kept ({@code 127.0.0.1/score/{id}}). */
  private static String defaultName(String template) {
    int start = template.indexOf("//") + 2;
    int slash = template.indexOf('/', start);
    int q = template.indexOf('?', start);
    int hostEnd = slash < 0 ? (q < 0 ? template.length() : q) : slash;
    String host = template.substring(start, hostEnd);
    int colon = host.lastIndexOf(':');
    if (colon > host.lastIndexOf(']')) {
      host = host.substring(0, colon); // the port changes from run to run on loopback services
    }
    String path =
        slash < 0 ? "" : template.substring(slash, q < 0 || q < slash ? template.length() : q);
    return host + path;
  }

  /** Adds a header to every request (e.g. an API key). */
  public EnrichSpec header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return with(
        c -> {
          Map<String, String> h = new LinkedHashMap<>(c.headers);
          h.put(name, value);
          c.headers = Map.copyOf(h);
        });
  }

  /**
   * Adds the column {@code name} of type {@code type}: the value at {@code pointer} in the answer,
   * a JSON pointer ({@code /score}) or a top-level field name ({@code score}).
   */
  public EnrichSpec output(String name, String pointer, DataType type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(type, "type");
    String p =
        pointer.startsWith("/") ? pointer : "/" + pointer.replace("~", "~0").replace("/", "~1");
    return with(
        c -> {
          List<OutputField> o = new ArrayList<>(c.outputs);
          o.add(new OutputField(name, p, type));
          c.outputs = List.copyOf(o);
        });
  }

  /**
   * One call per up to {@code rows} rows: the body is a JSON array of the rows' objects (GET sends
   * none, so batching needs a POST), and the answer's array at {@code resultsPointer} ({@code ""}
   * for the answer itself) holds one result per row, in order.
   */
  public EnrichSpec perBatch(int rows, String resultsPointer) {
    positive("perBatch rows", rows);
    Objects.requireNonNull(resultsPointer, "resultsPointer");
    if (!f.method.equals("POST") && rows > 1) {
      throw new InvalidOptionException(
          "perBatch(" + rows + ") needs a POST: a GET has no body to carry the rows");
    }
    return with(
        c -> {
          c.batchRows = rows;
          c.resultsPointer = resultsPointer;
        });
  }

  /**
   * The most calls per second, attempts and retries included, in each JVM that makes them. On Spark
   * the engine divides it by the number of executors, so the total stays at the limit.
   */
  public EnrichSpec ratePerSecond(double callsPerSecond) {
    if (!(callsPerSecond > 0) || Double.isInfinite(callsPerSecond)) {
      throw new InvalidOptionException(
          "ratePerSecond must be a positive finite number of calls, got " + callsPerSecond);
    }
    return with(c -> c.ratePerSecond = callsPerSecond);
  }

  /** The most calls in flight at once in one JVM (64 by default). */
  public EnrichSpec concurrency(int calls) {
    positive("concurrency", calls);
    return with(c -> c.concurrency = calls);
  }

  /** How long one attempt may take before it counts as a timeout (10 s by default). */
  public EnrichSpec timeout(Duration timeout) {
    positive("timeout", timeout);
    return with(c -> c.timeout = timeout);
  }

  /**
   * Retries: at most {@code maxAttempts} attempts per call (4 by default) on timeouts, dropped
   * connections, 429 and 5xx, waiting {@code initialBackoff} times {@code multiplier} to the power
   * of the retry, randomised by ±50% (jitter), at most {@code maxBackoff}; a 429's {@code
   * Retry-After} replaces the backoff, capped by {@code maxBackoff} too.
   */
  public EnrichSpec retry(
      int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {
    positive("maxAttempts", maxAttempts);
    positive("initialBackoff", initialBackoff);
    positive("maxBackoff", maxBackoff);
    if (!(multiplier >= 1)) {
      throw new InvalidOptionException("retry multiplier must be at least 1, got " + multiplier);
    }
    return with(
        c -> {
          c.maxAttempts = maxAttempts;
          c.initialBackoff = initialBackoff;
          c.backoffMultiplier = multiplier;
          c.maxBackoff = maxBackoff;
        });
  }

  /**
   * The circuit breaker (one per JVM and enrichment): over the last {@code windowCalls} attempts
   * (once {@code minimumCalls} were made) a share of failures (timeouts, dropped connections, 5xx)
   * of at least {@code failureRatePercent} opens it; open, it refuses calls for {@code openFor},
   * then lets {@code halfOpenCalls} probes through and closes if enough of them succeed.
   */
  public EnrichSpec circuitBreaker(
      int windowCalls,
      int minimumCalls,
      double failureRatePercent,
      Duration openFor,
      int halfOpenCalls) {
    positive("windowCalls", windowCalls);
    positive("minimumCalls", minimumCalls);
    positive("halfOpenCalls", halfOpenCalls);
    positive("openFor", openFor);
    if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
      throw new InvalidOptionException(
          "failureRatePercent must be in (0, 100], got " + failureRatePercent);
    }
    return with(
        c -> {
          c.breakerWindow = windowCalls;
          c.breakerMinimumCalls = minimumCalls;
          c.breakerFailureRate = (float) failureRatePercent;
          c.breakerOpenFor = openFor;
          c.breakerHalfOpenCalls = halfOpenCalls;
        });
  }

  /** What a row whose call failed for good does: fail the job (default) or continue. */
  public EnrichSpec onFailure(FailurePolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return with(c -> c.onFailure = policy);
  }

  /** The column that holds a failed row's error under {@link FailurePolicy#CONTINUE}. */
  public EnrichSpec errorColumn(String name) {
    Objects.requireNonNull(name, "name");
    return with(c -> c.errorColumn = name);
  }

  /** The columns that name a row in errors and logs (the row's position otherwise). */
  public EnrichSpec key(String... columns) {
    return with(c -> c.keys = List.of(columns));
  }

  /** The enrichment's name in metrics, logs and explain() (the URL's host and path by default). */
  public EnrichSpec named(String name) {
    Objects.requireNonNull(name, "name");
    return with(c -> c.name = name);
  }

  private static void positive(String what, int v) {
    if (v <= 0) {
      throw new InvalidOptionException(what + " must be positive, got " + v);
    }
  }

  private static void positive(String what, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidOptionException(what + " must be a positive duration, got " + d);
    }
  }

  /** GET or POST. */
  public String method() {
    return f.method;
  }

  /** The URL template. */
  public String url() {
    return f.url;
  }

  /** The columns the URL template's places name, in order of appearance. */
  public List<String> urlColumns() {
    List<String> out = new ArrayList<>();
    Matcher m = PLACE.matcher(f.url);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  public List<String> bodyColumns() {
    return f.body;
  }

  public Map<String, String> headers() {
    return f.headers;
  }

  public List<OutputField> outputs() {
    return f.outputs;
  }

  /** Rows per call: 1, or what {@link #perBatch} set. */
  public int batchRows() {
    return f.batchRows;
  }

  public String resultsPointer() {
    return f.resultsPointer;
  }

  public double ratePerSecond() {
    return f.ratePerSecond;
  }

  public int concurrency() {
    return f.concurrency;
  }

  public Duration timeout() {
    return f.timeout;
  }

  public int maxAttempts() {
    return f.maxAttempts;
  }

  public Duration initialBackoff() {
    return f.initialBackoff;
  }

  public double backoffMultiplier() {
    return f.backoffMultiplier;
  }

  public Duration maxBackoff() {
    return f.maxBackoff;
  }

  public int breakerWindow() {
    return f.breakerWindow;
  }

  public int breakerMinimumCalls() {
    return f.breakerMinimumCalls;
  }

  public float breakerFailureRate() {
    return f.breakerFailureRate;
  }

  public Duration breakerOpenFor() {
    return f.breakerOpenFor;
  }

  public int breakerHalfOpenCalls() {
    return f.breakerHalfOpenCalls;
  }

  public FailurePolicy onFailure() {
    return f.onFailure;
  }

  public String errorColumn() {
    return f.errorColumn;
  }

  public List<String> keys() {
    return f.keys;
  }

  public String name() {
    return f.name;
  }

  /** The URL template with the row's values in place of {@code {column}}, each URL-encoded. */
  public String url(java.util.function.Function<String, String> valueOf) {
    Matcher m = PLACE.matcher(f.url);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = valueOf.apply(m.group(1));
      m.appendReplacement(
          sb,
          Matcher.quoteReplacement(
              java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)
                  .replace("+", "%20")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** One line for explain() and logs. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(f.name).append(": ").append(f.method).append(' ').append(f.url);
    if (!f.body.isEmpty()) {
      sb.append(" body ").append(f.body);
    }
    if (f.batchRows > 1) {
      sb.append(" per ").append(f.batchRows).append(" rows");
    }
    sb.append(" -> ");
    List<String> outs = new ArrayList<>();
    for (OutputField o : f.outputs) {
      outs.add(o.name() + " " + o.type() + " at " + o.pointer());
    }
    sb.append(outs)
        .append(String.format(Locale.ROOT, ", %.0f calls/s", f.ratePerSecond))
        .append(", ")
        .append(f.concurrency)
        .append(" in flight, ")
        .append(f.maxAttempts)
        .append(" attempts, on failure ")
        .append(f.onFailure);
    return sb.toString();
  }
}
