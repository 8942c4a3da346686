package io.frameshift.bench;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB through JDBC, in memory, with the harness's thread count. Each answer is created as a
 * table ({@code CREATE TABLE ans AS ...}), as db-benchmark's DuckDB scripts do.
 */
final class DuckDbPeer implements Peer {
  private final int threads;
  private DuckDBConnection con;

  DuckDbPeer(int threads) {
    this.threads = threads;
  }

  @Override
  public String name() {
    return "DuckDB";
  }

  @Override
  public void load(Inputs in) {
    try {
      con = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
      execute("SET threads TO " + threads);
      if (in.groupBy() != null) {
        create(in.groupBy(), "x");
      }
      if (in.join() != null) {
        create(in.join().x(), "jx");
        create(in.join().small(), "small");
        create(in.join().medium(), "medium");
        create(in.join().big(), "big");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB load failed: " + e.getMessage(), e);
    }
  }

  private void create(Data d, String table) throws SQLException {
    StringJoiner cols = new StringJoiner(", ");
    for (Data.Col c : d.columns()) {
      String type =
          c instanceof Data.Ints ? "INTEGER" : c instanceof Data.Doubles ? "DOUBLE" : "VARCHAR";
      cols.add(c.name() + " " + type);
    }
    execute("CREATE TABLE " + table + " (" + cols + ")");
    try (DuckDBAppender a = con.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      for (int r = 0; r < d.rows(); r++) {
        a.beginRow();
        for (Data.Col c : d.columns()) {
          if (c instanceof Data.Ints i) {
            if (i.nulls() != null && i.nulls()[r]) {
              a.append((String) null);
            } else {
              a.append(i.values()[r]);
            }
          } else if (c instanceof Data.Doubles v) {
            if (v.nulls() != null && v.nulls()[r]) {
              a.append((String) null);
            } else {
              a.append(v.values()[r]);
            }
          } else {
            a.append(((Data.Strings) c).values()[r]);
          }
        }
        a.endRow();
      }
    }
  }

  static String sql(Question q) {
    return switch (q) {
      case G1 -> "SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1";
      case G2 -> "SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2";
      case G3 -> "SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3";
      case G4 -> "SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4";
      case G5 -> "SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6";
      case G6 ->
          "SELECT id4, id5, median(v3) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5";
      case G7 -> "SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3";
      case G8 ->
          "SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY"
              + " id6 ORDER BY v3 DESC) AS rn FROM x WHERE v3 IS NOT NULL) s WHERE rn <= 2";
      case G9 ->
          "SELECT id2, id4, (m12 - m1 * m2) * (m12 - m1 * m2) / ((m11 - m1 * m1) * (m22 - m2 *"
              + " m2)) AS r2 FROM (SELECT id2, id4, avg(v1 * v2) AS m12, avg(v1) AS m1, avg(v2)"
              + " AS m2, avg(v1 * v1) AS m11, avg(v2 * v2) AS m22 FROM x GROUP BY id2, id4) s";
      case G10 ->
          "SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY"
              + " id1, id2, id3, id4, id5, id6";
      case J1 -> "SELECT jx.*, small.id4 AS small_id4, v2 FROM jx JOIN small USING (id1)";
      case J2 ->
          "SELECT jx.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS"
              + " medium_id5, v2 FROM jx JOIN medium USING (id2)";
      case J3 ->
          "SELECT jx.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS"
              + " medium_id5, v2 FROM jx LEFT JOIN medium USING (id2)";
      case J4 ->
          "SELECT jx.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS"
              + " medium_id4, v2 FROM jx JOIN medium USING (id5)";
      case J5 ->
          "SELECT jx.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS"
              + " big_id5, big.id6 AS big_id6, v2 FROM jx JOIN big USING (id3)";
      case SORT -> "SELECT * FROM x ORDER BY id3, v3";
    };
  }

  @Override
  public Result run(Question q) {
    try {
      execute("DROP TABLE IF EXISTS ans");
      execute("CREATE TABLE ans AS " + sql(q));
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB " + q + " failed: " + e.getMessage(), e);
    }
    return new Result() {
      @Override
      public Answer answer() {
        return check(q);
      }

      @Override
      public void release() {
        try {
          execute("DROP TABLE IF EXISTS ans");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private Answer check(Question q) {
    StringJoiner sums = new StringJoiner(", ");
    for (String c : q.checked()) {
      sums.add("sum(" + c + ")");
    }
    try (Statement s = con.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), " + sums + " FROM ans")) {
      rs.next();
      long rows = rs.getLong(1);
      double[] out = new double[q.checked().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = rs.getDouble(i + 2);
        if (rs.wasNull()) {
          out[i] = Double.NaN;
        }
      }
      if (q != Question.SORT) {
        return new Answer(rows, out);
      }
      return new Answer(rows, new double[] {out[0], v3At(0), v3At(rows - 1)});
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The v3 of a row of the sorted answer, by position (DuckDB keeps the insertion order). */
  private double v3At(long row) throws SQLException {
    try (Statement s = con.createStatement();
        ResultSet rs = s.executeQuery("SELECT v3 FROM ans LIMIT 1 OFFSET " + row)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = con.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() {
    try {
      if (con != null) {
        con.close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } finally {
      con = null;
    }
  }
}
