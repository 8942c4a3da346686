package io.frameshift.internal;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.denseRank;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lag;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.expr.Expr;
import io.frameshift.expr.Window;
import io.frameshift.expr.WindowSpec;
import io.frameshift.plan.Filter;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Project;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which filters above a window limit it to its top rows ({@link RankLimits}): bounds on a ranking
 * column in any spelling, through pass-through projections and filters that cannot fail; not where
 * a condition, a computed column or another node could behave differently on fewer rows.
 */
class RankLimitsTest {
  private static final Schema S =
      Schema.builder()
          .column("g", DataType.STRING)
          .column("v", DataType.FLOAT64)
          .column("n", DataType.INT32)
          .build();

  private static final WindowSpec W = Window.partitionBy("g").orderBy(desc("v"));

  /** As {@code withColumn(name, f.over(W))}: a window node under a projection of columns. */
  private static LogicalPlan ranked(Expr f, String name) {
    return Analyzer.select(
        Analyzer.values(S, List.of()), List.of(col("g"), col("v"), col("n"), f.over(W).as(name)));
  }

  /** The limit the window under {@code plan} got, or null. */
  private static RankLimit limitOf(LogicalPlan plan) {
    LogicalPlan p = plan;
    while (!(p instanceof Windowed)) {
      if (p.children().isEmpty()) {
        return null;
      }
      p = p.children().get(0);
    }
    return ((Windowed) p).limit();
  }

  private static RankLimit limitOf(Expr f, Expr condition) {
    LogicalPlan plan = Analyzer.filter(ranked(f, "rn"), condition);
    assertThat(plan).isInstanceOf(Filter.class);
    return limitOf(plan);
  }

  @Test
  void everySpellingOfAnUpperBoundLimitsTheWindow() {
    assertThat(limitOf(rowNumber(), col("rn").le(2))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rowNumber(), col("rn").lt(3))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rank(), lit(2).ge(col("rn")))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rank(), lit(3).gt(col("rn")))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(denseRank(), col("rn").eq(1))).isEqualTo(new RankLimit("rn", 1));
    // the analyzer widens rn to compare it with a long or a double
    assertThat(limitOf(rowNumber(), col("rn").le(2L))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rowNumber(), col("rn").lt(2.5))).isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rowNumber(), col("rn").le(new BigDecimal("2.5"))))
        .isEqualTo(new RankLimit("rn", 2));
    assertThat(limitOf(rowNumber(), col("rn").le(-4))).isEqualTo(new RankLimit("rn", 0));
    // among other conditions that cannot fail; the tightest bound wins
    assertThat(limitOf(rowNumber(), col("rn").le(5).and(col("v").gt(1)).and(col("rn").lt(3))))
        .isEqualTo(new RankLimit("rn", 2));
  }

  @Test
  void theFilterStaysAboveTheLimitedWindow() {
    Expr condition = col("rn").le(2).and(col("g").isNotNull());
    LogicalPlan plain = ranked(rowNumber(), "rn");
    Filter f = (Filter) Analyzer.filter(plain, condition);
    Filter unlimited = new Filter(plain, f.condition());
    assertThat(f.schema()).isEqualTo(unlimited.schema());
    assertThat(f.child()).isInstanceOf(Project.class);
    assertThat(((Project) f.child()).columns()).isEqualTo(((Project) plain).columns());
    assertThat(f.child().children().get(0).describe())
        .endsWith("(top rows per partition: rn <= 2)");
  }

  @Test
  void passesThroughRenamesAndSafeFilters() {
    LogicalPlan renamed =
        Analyzer.select(
            Analyzer.filter(ranked(rank(), "r"), col("v").gt(0)),
            List.of(col("g"), col("r").as("pos")));
    assertThat(limitOf(Analyzer.filter(renamed, col("pos").le(3))))
        .isEqualTo(new RankLimit("r", 3));
    // a second filter tightens the limit
    LogicalPlan twice =
        Analyzer.filter(Analyzer.filter(ranked(rank(), "r"), col("r").le(3)), col("r").le(1));
    assertThat(limitOf(twice)).isEqualTo(new RankLimit("r", 1));
  }

  @Test
  void leavesTheWindowWholeWhereFewerRowsCouldChangeAnything() {
    // bounds from below, or on a column that is not a rank of the window
    assertThat(limitOf(rowNumber(), col("rn").ge(2))).isNull();
    assertThat(limitOf(rowNumber(), col("rn").le(2).or(col("v").gt(1)))).isNull();
    assertThat(limitOf(rowNumber(), col("n").le(2))).isNull();
    assertThat(limitOf(lag("v", 1), col("rn").le(2))).isNull();
    assertThat(limitOf(sum("n"), col("rn").le(2))).isNull();
    assertThat(limitOf(rowNumber(), col("rn").le(Integer.MAX_VALUE))).isNull();
    // a condition beside the bound that could fail on a row the limit drops
    assertThat(limitOf(rowNumber(), col("rn").le(2).and(col("n").div(col("n")).gt(0)))).isNull();
    // a computed column or another node between the filter and the window
    LogicalPlan computed =
        Analyzer.select(ranked(rowNumber(), "rn"), List.of(col("rn"), col("n").plus(1).as("m")));
    assertThat(limitOf(Analyzer.filter(computed, col("rn").le(2)))).isNull();
    LogicalPlan limited = Analyzer.limit(ranked(rowNumber(), "rn"), 10);
    assertThat(limitOf(Analyzer.filter(limited, col("rn").le(2)))).isNull();
  }
}
