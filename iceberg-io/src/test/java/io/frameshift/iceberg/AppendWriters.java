package io.frameshift.iceberg;

import io.frameshift.WriteMode;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableWrite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

/**
 * Writers that append to one table from several threads, each write's rows tagged with the write's
 * own id in column {@code category} ({@code <process>-t<thread>-a<append>}), so a reader can count
 * every write's rows. Run in the test JVM and, through {@link #main}, in a second one.
 */
public final class AppendWriters {
  static final int ROWS = 5;

  private AppendWriters() {}

  /**
   * Appends {@code appends} times from each of {@code threads} threads; returns one line per write:
   * {@code OK <id>} for a write that returned, {@code FAIL <id> <error>} for one that threw.
   */
  static List<String> run(
      TableCatalog catalog, String table, String process, int threads, int appends)
      throws Exception {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int a = 0; a < appends; a++) {
                    String id = process + "-t" + thread + "-a" + a;
                    try {
                      append(catalog.load(table), id);
                      out.add("OK " + id);
                    } catch (RuntimeException e) {
                      out.add("FAIL " + id + " " + e.toString().replace('\n', ' '));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return out;
  }

  /** One append of {@link #ROWS} rows tagged {@code id}. */
  static void append(TableHandle table, String id) {
    TableWrite w = table.newWrite(WriteMode.APPEND, Map.of("tag", id));
    List<Object[]> rows = LongStream.range(0, ROWS).mapToObj(i -> Lake.product(i, id, i)).toList();
    w.commit(
        List.of(DataFiles.write(w, ((IcebergWrite) w).icebergSchema(), List.of(), rows)), "test");
  }

  /**
   * {@code <catalog> <table> <process> <threads> <appends> [setting=value ...]}: opens the catalog,
   * prints {@code READY}, waits for a line on standard input so that both processes start writing
   * together, writes, and prints each write's line, then {@code DONE}.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    try (TableCatalog catalog = new IcebergTableProvider().open(args[0], config)) {
      catalog.load(args[1]);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (String line :
          run(catalog, args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]))) {
        System.out.println(line);
      }
      System.out.println("DONE");
    }
  }
}
