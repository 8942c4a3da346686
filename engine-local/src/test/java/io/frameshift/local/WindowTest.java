package io.frameshift.local;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.denseRank;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lag;
import static io.frameshift.expr.Functions.lead;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.median;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static io.frameshift.local.Plans.rows;
import static io.frameshift.local.Plans.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.expr.Window;
import io.frameshift.expr.WindowSpec;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {
  private static final Schema S =
      Schema.builder()
          .column("p", DataType.STRING)
          .column("o", DataType.INT32)
          .column("v", DataType.INT64)
          .build();

  private static LogicalPlan data() {
    return values(
        S,
        row("a", 1, 10L),
        row("a", 2, 20L),
        row("a", 2, 30L),
        row("a", 3, null),
        row("b", 5, 1L),
        row(null, 1, 100L),
        row(null, 1, 200L),
        row("a", null, 7L));
  }

  private static List<List<Object>> sorted(LogicalPlan p) {
    return rows(Analyzer.sort(p, List.of(asc("p"), asc("o"), asc("v"))));
  }

  @Test
  void rankingFunctionsHandleTies() {
    WindowSpec w = Window.partitionBy("p").orderBy(asc("o"));
    LogicalPlan p =
        Analyzer.windowed(
            data(),
            List.of(
                rowNumber().over(w).as("rn"),
                rank().over(w).as("r"),
                denseRank().over(w).as("dr")));
    assertThat(p.schema().field("rn").nullable()).isFalse();
    List<List<Object>> r = sorted(p);
    // the null partition: both rows tie, so their row numbers are 1 and 2 in either order
    assertThat(list(r.get(0).get(3), r.get(1).get(3))).containsExactlyInAnyOrder(1, 2);
    assertThat(r.get(0).subList(4, 6)).containsExactly(1, 1);
    assertThat(r.get(1).subList(4, 6)).containsExactly(1, 1);
    // partition a: the null order key first (ascending), then 1, 2, 2, 3
    assertThat(r.subList(2, 7).stream().map(x -> x.subList(4, 6)).toList())
        .containsExactly(list(1, 1), list(2, 2), list(3, 3), list(3, 3), list(5, 4));
    assertThat(list(r.get(2).get(3), r.get(3).get(3), r.get(6).get(3))).containsExactly(1, 2, 5);
    assertThat(list(r.get(4).get(3), r.get(5).get(3))).containsExactlyInAnyOrder(3, 4);
    assertThat(r.get(7).subList(3, 6)).containsExactly(1, 1, 1);
  }

  @Test
  void orderedAggregatesIncludeEveryTiedRow() {
    WindowSpec w = Window.partitionBy("p").orderBy(asc("o"));
    LogicalPlan p =
        Analyzer.windowed(
            data(),
            List.of(
                sum("v").over(w).as("s"),
                count().over(w).as("n"),
                max("v").over(w).as("m"),
                avg("v").over(w).as("a")));
    assertThat(sorted(p))
        .containsExactly(
            list(null, 1, 100L, 300L, 2L, 200L, 150.0),
            list(null, 1, 200L, 300L, 2L, 200L, 150.0),
            list("a", null, 7L, 7L, 1L, 7L, 7.0),
            list("a", 1, 10L, 17L, 2L, 10L, 8.5),
            list("a", 2, 20L, 67L, 4L, 30L, 67.0 / 4),
            list("a", 2, 30L, 67L, 4L, 30L, 67.0 / 4),
            list("a", 3, null, 67L, 5L, 30L, 67.0 / 4),
            list("b", 5, 1L, 1L, 1L, 1L, 1.0));
  }

  @Test
  void unorderedAggregatesCoverThePartition() {
    WindowSpec w = Window.partitionBy("p");
    LogicalPlan p =
        Analyzer.windowed(
            data(),
            List.of(
                sum("v").over(w).as("s"),
                countDistinct("o").over(w).as("d"),
                median("v").over(w).as("med")));
    List<List<Object>> r = sorted(p);
    assertThat(r.get(0).subList(3, 6)).containsExactly(300L, 1L, 150.0);
    assertThat(r.get(2).subList(3, 6)).containsExactly(67L, 3L, 15.0);
    assertThat(r.get(7).subList(3, 6)).containsExactly(1L, 1L, 1.0);
    LogicalPlan whole = Analyzer.windowed(data(), List.of(count().over(Window.all()).as("n")));
    assertThat(Plans.column(whole, "n")).containsOnly(8L);
  }

  @Test
  void lagAndLeadUseOffsetAndDefault() {
    WindowSpec w = Window.partitionBy("p").orderBy(asc("o"), asc("v"));
    LogicalPlan p =
        Analyzer.windowed(
            data(),
            List.of(
                lag("v", 1).over(w).as("prev"),
                lead(col("v"), 2, -1L).over(w).as("next2"),
                lag(col("v"), 0, null).over(w).as("same"),
                lead(col("o"), 1, col("o").times(100)).over(w).as("o2")));
    assertThat(p.schema().field("prev").nullable()).isTrue();
    assertThat(sorted(p))
        .containsExactly(
            list(null, 1, 100L, null, -1L, 100L, 1),
            list(null, 1, 200L, 100L, -1L, 200L, 100),
            list("a", null, 7L, null, 20L, 7L, 1),
            list("a", 1, 10L, 7L, 30L, 10L, 2),
            list("a", 2, 20L, 10L, null, 20L, 2),
            list("a", 2, 30L, 20L, -1L, 30L, 3),
            list("a", 3, null, 30L, -1L, null, 300),
            list("b", 5, 1L, null, -1L, 1L, 500));
  }

  @Test
  void descendingOrderAndSeveralSpecs() {
    LogicalPlan p =
        Analyzer.windowed(
            data(),
            List.of(
                rank().over(Window.orderBy(desc("v"))).as("r"),
                sum("v").over(Window.orderBy(desc("o"))).as("s")));
    List<List<Object>> r = sorted(p);
    // descending puts the null v last: rank 8
    // sum over o descending: 5 -> 1, 3 -> 1 (its v is null), 2 -> 51, 1 -> 361, null -> 368
    assertThat(r.get(6)).containsExactly("a", 3, null, 8, 1L);
    assertThat(r.get(2)).containsExactly("a", null, 7L, 6, 368L);
    assertThat(r.get(4).get(4)).isEqualTo(51L);
    assertThat(r.get(0).get(3)).isEqualTo(2);
    assertThat(r.get(1).get(3)).isEqualTo(1);
  }
}
