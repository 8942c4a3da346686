package io.frameshift.iceberg;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writers that change one table through the user API from several threads: each thread owns the
 * partition {@code writer = <process>-t<thread>} and, round after round, appends a batch of new ids
 * and upserts its first {@link #KEYS} ids with the round as their price plus one new id. Run in the
 * test JVM and, through {@link #main}, in a second one.
 */
public final class UpsertWriters {
  static final int KEYS = 5;

  static final Schema SCHEMA =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("writer", DataType.STRING)
          .column("price", DataType.FLOAT64)
          .build();

  private UpsertWriters() {}

  /** Ids of writer {@code w}: its upserted keys, its appended ids and its inserted ids apart. */
  static long key(int writer, int i) {
    return writer * 1_000_000L + i;
  }

  static long appended(int writer, int round, int i) {
    return writer * 1_000_000L + 1_000 + round * 10L + i;
  }

  static long inserted(int writer, int round) {
    return writer * 1_000_000L + 500_000 + round;
  }

  /**
   * {@code rounds} rounds from each of {@code threads} threads (writers numbered from {@code
   * firstWriter}); one line per change: {@code OK <writer> <round> <append|upsert>} or {@code FAIL
   * <writer> <round> <kind> <error>}.
   */
  static List<String> run(Frameshift fs, String table, int firstWriter, int threads, int rounds)
      throws Exception {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = firstWriter + t;
        done.add(
            pool.submit(
                () -> {
                  String name = "w" + writer;
                  for (int r = 0; r < rounds; r++) {
                    List<Object[]> batch = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                      batch.add(new Object[] {appended(writer, r, i), name, 0.0});
                    }
                    change(
                        out,
                        writer,
                        r,
                        "append",
                        () -> frame(fs, batch).write().mode(WriteMode.APPEND).table(table));
                    List<Object[]> updates = new ArrayList<>();
                    for (int i = 0; i < KEYS; i++) {
                      updates.add(new Object[] {key(writer, i), name, (double) r});
                    }
                    updates.add(new Object[] {inserted(writer, r), name, (double) r});
                    change(
                        out,
                        writer,
                        r,
                        "upsert",
                        () -> fs.table(table).upsert(frame(fs, updates), "id"));
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

  private static DataFrame frame(Frameshift fs, List<Object[]> rows) {
    return fs.createDataFrame(SCHEMA, rows.toArray(new Object[0][]));
  }

  private static void change(List<String> out, int writer, int round, String kind, Runnable r) {
    try {
      r.run();
      out.add("OK " + writer + " " + round + " " + kind);
    } catch (RuntimeException e) {
      out.add("FAIL " + writer + " " + round + " " + kind + " " + e.toString().replace('\n', ' '));
    }
  }

  /** A local session on the warehouse {@code warehouse}, as an application would open it. */
  static Frameshift session(String warehouse) {
    return Frameshift.builder().engine("local").config("frameshift.warehouse", warehouse).build();
  }

  /**
   * {@code <warehouse> <table> <firstWriter> <threads> <rounds>}: opens a session, prints {@code
   * READY}, waits for a line on standard input so that both processes start together, writes, and
   * prints each change's line, then {@code DONE}.
   */
  public static void main(String[] args) throws Exception {
    try (Frameshift fs = session(args[0])) {
      fs.table(args[1]).snapshots();
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      for (String line :
          run(
              fs,
              args[1],
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]))) {
        System.out.println(line);
      }
      System.out.println("DONE");
    }
  }
}
