package io.frameshift.bench;

import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.expr.Expr;
import io.frameshift.local.LocalFrames;
import java.util.ArrayList;
import java.util.List;

/** Frameshift on one engine (or AUTO): the questions of {@link FrameshiftQueries}. */
final class FrameshiftPeer implements Peer {

  /** How one engine of a session gets its tables and materialises a result. */
  interface Binding {
    Frameshift open();

    DataFrame load(Frameshift fs, Data d);

    /** Computes {@code df} completely and returns a frame over the computed result. */
    DataFrame materialize(Frameshift fs, DataFrame df);

    /** The v3 of the last row of a materialised sorted result. */
    double lastV3(DataFrame sorted);

    default void release(DataFrame result) {}
  }

  /** Frames on the local engine, results materialised there. */
  static Binding local() {
    return new Binding() {
      @Override
      public Frameshift open() {
        return Frameshift.builder().engine("local").build();
      }

      @Override
      public DataFrame load(Frameshift fs, Data d) {
        return LocalFrames.of(fs, Tables.of(d));
      }

      @Override
      public DataFrame materialize(Frameshift fs, DataFrame df) {
        return fs.wrap(df.materialize("local"));
      }

      @Override
      public double lastV3(DataFrame sorted) {
        var v3 = LocalFrames.toTable(sorted).doubleColumn("v3");
        return v3.getDouble(v3.size() - 1);
      }
    };
  }

  /**
   * Frames starting on the local engine in an AUTO session: the selector places every node. The
   * result is materialised by {@code count()}, which runs the whole plan wherever it is placed.
   */
  static Binding auto(java.util.Map<String, String> sparkConfig) {
    return new Binding() {
      @Override
      public Frameshift open() {
        return Frameshift.builder().engine(Frameshift.AUTO).config(sparkConfig).build();
      }

      @Override
      public DataFrame load(Frameshift fs, Data d) {
        return LocalFrames.of(fs, Tables.of(d));
      }

      @Override
      public DataFrame materialize(Frameshift fs, DataFrame df) {
        df.count();
        return df; // the check recomputes it, untimed
      }

      @Override
      public double lastV3(DataFrame sorted) {
        var v3 = LocalFrames.toTable(sorted).doubleColumn("v3");
        return v3.getDouble(v3.size() - 1);
      }
    };
  }

  private final String name;
  private final Binding binding;
  private Frameshift fs;
  private FrameshiftQueries.Frames frames;

  FrameshiftPeer(String name, Binding binding) {
    this.name = name;
    this.binding = binding;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void load(Inputs in) {
    fs = binding.open();
    DataFrame x = in.groupBy() == null ? null : binding.load(fs, in.groupBy());
    if (in.join() == null) {
      frames = new FrameshiftQueries.Frames(x, null, null, null, null);
      return;
    }
    frames =
        new FrameshiftQueries.Frames(
            x,
            binding.load(fs, in.join().x()),
            binding.load(fs, in.join().small()),
            binding.load(fs, in.join().medium()),
            binding.load(fs, in.join().big()));
  }

  @Override
  public Result run(Question q) {
    DataFrame result = binding.materialize(fs, FrameshiftQueries.query(q, frames));
    return new Result() {
      @Override
      public Answer answer() {
        return check(q, result);
      }

      @Override
      public void release() {
        binding.release(result);
      }
    };
  }

  private Answer check(Question q, DataFrame result) {
    List<Expr> aggs = new ArrayList<>();
    for (String c : q.checked()) {
      aggs.add(sum(c).as(c));
    }
    aggs.add(count().as("rows"));
    Row r = result.groupBy().agg(aggs.toArray(Expr[]::new)).collect().get(0);
    long rows = ((Number) r.get("rows")).longValue();
    double[] sums = new double[q.checked().size()];
    for (int i = 0; i < sums.length; i++) {
      Object v = r.get(i);
      sums[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
    }
    if (q != Question.SORT) {
      return new Answer(rows, sums);
    }
    double first = ((Number) result.limit(1).collect().get(0).get("v3")).doubleValue();
    return new Answer(rows, new double[] {sums[0], first, binding.lastV3(result)});
  }

  @Override
  public void close() {
    frames = null;
    if (fs != null) {
      fs.close();
      fs = null;
    }
  }
}
