package io.frameshift.pipeline;

import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline, applied in order to the frame the steps before it made. Each kind maps to
 * one DataFrame operation: there is no other execution path.
 */
public sealed interface Step
    permits Step.Filter,
        Step.Select,
        Step.WithColumn,
        Step.Rename,
        Step.DropDuplicates,
        Step.GroupBy,
        Step.Join,
        Step.Sort,
        Step.Window,
        Step.Udf,
        Step.Limit {

  /** Where the step stands: its position, optional name and engine. */
  Header header();

  /** The step's kind as the spec spells it, e.g. {@code withColumn}. */
  String kind();

  <R> R accept(Visitor<R> visitor);

  /**
   * What every step has.
   *
   * @param index position in {@code steps}, from 0
   * @param name the step's {@code name}, or null
   * @param engine the step's {@code engine} ({@code local}, {@code spark}), or null for the
   *     pipeline's
   * @param line the line of the step's kind in the spec, from 1
   * @param column its column, from 1
   */
  record Header(int index, String name, String engine, int line, int column) {
    /** {@code steps[2] (positive amounts)}: how messages and reports name the step. */
    public String label() {
      return "steps[" + index + "]" + (name == null ? "" : " (" + name + ")");
    }
  }

  /** Dispatch over the step kinds; a new kind breaks every visitor at compile time. */
  interface Visitor<R> {
    R visitFilter(Filter s);

    R visitSelect(Select s);

    R visitWithColumn(WithColumn s);

    R visitRename(Rename s);

    R visitDropDuplicates(DropDuplicates s);

    R visitGroupBy(GroupBy s);

    R visitJoin(Join s);

    R visitSort(Sort s);

    R visitWindow(Window s);

    R visitUdf(Udf s);

    R visitLimit(Limit s);
  }

  /** Keeps the rows for which the SQL condition holds. */
  record Filter(Header header, String condition) implements Step {
    @Override
    public String kind() {
      return "filter";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitFilter(this);
    }
  }

  /** Keeps these columns, in this order. */
  record Select(Header header, List<String> columns) implements Step {
    @Override
    public String kind() {
      return "select";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitSelect(this);
    }
  }

  /** Adds (or replaces) column {@code name} computed by a SQL expression. */
  record WithColumn(Header header, String name, String expr) implements Step {
    @Override
    public String kind() {
      return "withColumn";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitWithColumn(this);
    }
  }

  /** Renames columns: old name to new name, in the spec's order. */
  record Rename(Header header, Map<String, String> mapping) implements Step {
    @Override
    public String kind() {
      return "rename";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitRename(this);
    }
  }

  /** One row per distinct value of the columns (of every column when none are given). */
  record DropDuplicates(Header header, List<String> columns) implements Step {
    @Override
    public String kind() {
      return "dropDuplicates";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitDropDuplicates(this);
    }
  }

  /** Groups by key columns and computes named SQL aggregates, e.g. {@code total: sum(amount)}. */
  record GroupBy(Header header, List<String> keys, Map<String, String> aggregates) implements Step {
    @Override
    public String kind() {
      return "groupBy";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitGroupBy(this);
    }
  }

  /** Joins another named source on columns both sides share. */
  record Join(Header header, String with, List<String> on, String type) implements Step {
    @Override
    public String kind() {
      return "join";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitJoin(this);
    }
  }

  /** Sorts by keys. */
  record Sort(Header header, List<SortItem> keys) implements Step {
    @Override
    public String kind() {
      return "sort";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitSort(this);
    }
  }

  /**
   * One sort key.
   *
   * @param column the column
   * @param descending whether it sorts descending
   * @param nulls {@code first}, {@code last}, or null for the default (first ascending, last
   *     descending)
   */
  record SortItem(String column, boolean descending, String nulls) {}

  /**
   * Adds columns computed over a window: each a ranking function ({@code row_number()}, {@code
   * rank()}, {@code dense_rank()}, {@code lag(x, n[, default])}, {@code lead(x, n[, default])}) or
   * an aggregate ({@code sum(amount)}) over the rows of its partition, in the window's order.
   *
   * @param partitionBy the columns whose values make a partition; none: one window over all rows
   * @param orderBy the order within a partition (ranking functions need one)
   * @param columns output column name to function, in the spec's order
   */
  record Window(
      Header header, List<String> partitionBy, List<SortItem> orderBy, Map<String, String> columns)
      implements Step {
    @Override
    public String kind() {
      return "window";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitWindow(this);
    }
  }

  /**
   * Adds (or replaces) column {@code as} with a call of the user function the session registered
   * under {@code name}, the columns {@code args} its arguments.
   */
  record Udf(Header header, String name, List<String> args, String as) implements Step {
    @Override
    public String kind() {
      return "udf";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitUdf(this);
    }
  }

  /** Keeps the first {@code n} rows. */
  record Limit(Header header, long n) implements Step {
    @Override
    public String kind() {
      return "limit";
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visitLimit(this);
    }
  }
}
