package io.frameshift.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP service on the loopback interface (127.0.0.1, an ephemeral port) for enrichment tests
 * and benchmarks: each request gets the {@link Reply} a {@link Behaviour} chooses (a delay, a
 * status, a {@code Retry-After}, a dropped connection), and the service records when each arrived,
 * so that tests measure the call rate where the calls land. {@link #healthy} is the answer of a
 * working scoring service. Close it after use.
 */
public final class EnrichService implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("/score/(-?\\d+)");
  private static final Pattern BODY_ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)");

  /**
   * One request as it arrived.
   *
   * @param number its position among all requests, from 1
   * @param nanos {@link System#nanoTime()} on arrival
   * @param method GET or POST
   * @param path the path, e.g. {@code /score/7}
   * @param body the request body ("" for none)
   * @param attempt how many requests with this method, path, query and body came so far, this one
   *     included: 1 for a first attempt, 2 for its first retry...
   * @param query the decoded query string ("" for none), e.g. {@code page=2&size=10}
   */
  public record Request(
      int number, long nanos, String method, String path, String body, int attempt, String query) {

    /** The query parameter {@code name}, or null. */
    public String param(String name) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return pair.substring(eq + 1);
        }
      }
      return null;
    }
  }

  /**
   * What the service does with a request.
   *
   * @param status the HTTP status
   * @param body the JSON body
   * @param delayMillis how long to wait before answering
   * @param retryAfter the {@code Retry-After} header, or null
   * @param dropConnection close the connection without an answer instead
   */
  public record Reply(
      int status, String body, long delayMillis, String retryAfter, boolean dropConnection) {
    public static Reply ok(String json) {
      return new Reply(200, json, 0, null, false);
    }

    public static Reply status(int status) {
      return new Reply(status, "{\"error\":\"status " + status + "\"}", 0, null, false);
    }

    /** A 429 asking to come back after {@code seconds}. */
    public static Reply throttle(String seconds) {
      return new Reply(429, "{\"error\":\"slow down\"}", 0, seconds, false);
    }

    /** No answer: the connection is closed. */
    public static Reply drop() {
      return new Reply(0, "", 0, null, true);
    }

    public Reply after(long millis) {
      return new Reply(status, body, millis, retryAfter, dropConnection);
    }
  }

  /** Chooses the reply to each request; called from the service's threads at once. */
  @FunctionalInterface
  public interface Behaviour {
    Reply answer(Request request);
  }

  static {
    // The JDK's server writes headers and body separately with Nagle's algorithm on: against the
    // client's delayed acknowledgement every small answer then waits ~40 ms. Read once, when the
    // JVM's first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final Behaviour behaviour;
  private final AtomicInteger count = new AtomicInteger();
  private final ConcurrentLinkedQueue<Request> seen = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  private EnrichService(Behaviour behaviour, int threadCount) throws IOException {
    this.behaviour = behaviour;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              Thread t = new Thread(r, "enrich-service");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a service answering as {@code behaviour} says, with 64 threads. */
  public static EnrichService start(Behaviour behaviour) {
    return start(behaviour, 64);
  }

  /** Starts a service with {@code threads} threads (each delayed answer holds one). */
  public static EnrichService start(Behaviour behaviour, int threads) {
    try {
      return new EnrichService(behaviour, threads);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a loopback service", e);
    }
  }

  /**
   * The answer of a working scoring service: {@code GET /score/{id}} gives {@code {"id": id,
   * "score": id * 0.5, "tier": "gold" (even id) | "silver", "day": "2026-01-(id % 28 + 1)", "big":
   * id * 1e10}}; a POST of a JSON array of objects with an {@code id} gives {@code {"results": [one
   * such object per element]}}; a POST of one such object gives one object.
   */
  public static Reply healthy(Request r) {
    if (r.method().equals("POST")) {
      Matcher m = BODY_ID.matcher(r.body());
      List<String> results = new ArrayList<>();
      while (m.find()) {
        results.add(score(Long.parseLong(m.group(1))));
      }
      if (r.body().trim().startsWith("[")) {
        return Reply.ok("{\"results\":[" + String.join(",", results) + "]}");
      }
      return results.isEmpty() ? Reply.status(400) : Reply.ok(results.get(0));
    }
    Matcher m = ID.matcher(r.path());
    return m.matches() ? Reply.ok(score(Long.parseLong(m.group(1)))) : Reply.status(404);
  }

  /** The id a request is about: of its path or its body's first object; -1 when none. */
  public static long id(Request r) {
    Matcher m = ID.matcher(r.path());
    if (m.matches()) {
      return Long.parseLong(m.group(1));
    }
    Matcher b = BODY_ID.matcher(r.body());
    return b.find() ? Long.parseLong(b.group(1)) : -1;
  }

  private static String score(long id) {
    return String.format(
        Locale.ROOT,
        "{\"id\":%d,\"score\":%s,\"tier\":\"%s\",\"day\":\"2026-01-%02d\",\"big\":%d}",
        id,
        Double.toString(id * 0.5),
        id % 2 == 0 ? "gold" : "silver",
        Math.floorMod(id, 28) + 1,
        id * 10_000_000_000L);
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests received so far. */
  public int requests() {
    return count.get();
  }

  /** Every request received so far, in order of arrival. */
  public List<Request> seen() {
    List<Request> out = new ArrayList<>(seen);
    out.sort((a, b) -> Integer.compare(a.number(), b.number()));
    return out;
  }

  /** The most requests that arrived within any {@code window} (a sliding window over arrivals). */
  public int maxInWindow(Duration window) {
    List<Request> all = seen();
    long w = window.toNanos();
    long[] at = all.stream().mapToLong(Request::nanos).sorted().toArray();
    int best = 0;
    int start = 0;
    for (int end = 0; end < at.length; end++) {
      while (at[end] - at[start] >= w) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] in = ex.getRequestBody().readAllBytes();
    String body = new String(in, StandardCharsets.UTF_8);
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
    int attempt =
        attempts
            .computeIfAbsent(
                method + " " + path + "?" + query + " " + body, k -> new AtomicInteger())
            .incrementAndGet();
    Request request =
        new Request(count.incrementAndGet(), System.nanoTime(), method, path, body, attempt, query);
    seen.add(request);
    Reply reply = behaviour.answer(request);
    if (reply.delayMillis() > 0) {
      try {
        Thread.sleep(reply.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (reply.dropConnection()) {
      // the server closes a connection whose handler throws, without a response
      throw new IOException("dropping the connection on purpose");
    }
    byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (reply.retryAfter() != null) {
      ex.getResponseHeaders().set("Retry-After", reply.retryAfter());
    }
    ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
