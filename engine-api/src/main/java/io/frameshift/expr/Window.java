package io.frameshift.expr;

import java.util.List;

/**
 * Static factories for a {@link WindowSpec}: {@code Window.partitionBy("k").orderBy(desc("v"))}.
 */
public final class Window {
  private Window() {}

  public static WindowSpec partitionBy(String... columns) {
    return new WindowSpec(List.of(), List.of()).partitionBy(columns);
  }

  public static WindowSpec partitionBy(Expr... exprs) {
    return new WindowSpec(List.of(), List.of()).partitionBy(exprs);
  }

  public static WindowSpec orderBy(SortKey... keys) {
    return new WindowSpec(List.of(), List.of()).orderBy(keys);
  }

  public static WindowSpec orderBy(String... columns) {
    return new WindowSpec(List.of(), List.of()).orderBy(columns);
  }

  /** One window over the whole frame. */
  public static WindowSpec all() {
    return new WindowSpec(List.of(), List.of());
  }
}
