package io.frameshift.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The partitioning and order of a window; build one with {@link Window}. */
public record WindowSpec(List<Expr> partitionBy, List<SortKey> orderBy) {
  public WindowSpec {
    partitionBy = List.copyOf(partitionBy);
    orderBy = List.copyOf(orderBy);
  }

  public WindowSpec orderBy(SortKey... keys) {
    List<SortKey> all = new ArrayList<>(orderBy);
    all.addAll(Arrays.asList(keys));
    return new WindowSpec(partitionBy, all);
  }

  /** Orders ascending by the named columns. */
  public WindowSpec orderBy(String... columns) {
    return orderBy(
        Arrays.stream(columns).map(c -> SortKey.asc(new Column(c))).toArray(SortKey[]::new));
  }

  public WindowSpec partitionBy(Expr... exprs) {
    List<Expr> all = new ArrayList<>(partitionBy);
    all.addAll(Arrays.asList(exprs));
    return new WindowSpec(all, orderBy);
  }

  public WindowSpec partitionBy(String... columns) {
    return partitionBy(Arrays.stream(columns).map(Column::new).toArray(Expr[]::new));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Window");
    if (!partitionBy.isEmpty() || orderBy.isEmpty()) {
      sb.append(".partitionBy(")
          .append(partitionBy.stream().map(Expr::toString).collect(Collectors.joining(", ")))
          .append(')');
    }
    if (!orderBy.isEmpty()) {
      sb.append(".orderBy(")
          .append(orderBy.stream().map(SortKey::toString).collect(Collectors.joining(", ")))
          .append(')');
    }
    return sb.toString();
  }
}
