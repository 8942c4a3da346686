package io.frameshift.internal;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.JoinType;
import io.frameshift.StorageLevel;
import io.frameshift.expr.Call;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Window;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.plan.Filter;
import io.frameshift.plan.Join;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Project;
import io.frameshift.plan.Scan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scan pushdown ({@link Pushdown}): the columns a filter/projection chain above a scan needs and
 * the conjuncts of its filters go into the scan's source, the chain staying in place above it;
 * nothing goes through another kind of node, into a cached node or below one. Every test states the
 * whole rewritten plan.
 */
class PushdownTest {
  private static final Schema ORDERS =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("name", DataType.STRING)
          .column("amount", DataType.FLOAT64)
          .column("country", DataType.STRING)
          .column("odd name.`x`", DataType.INT32)
          .build();

  private static final Source SOURCE =
      new Source(Format.CSV, List.of("/data/orders.csv"), Map.of(), ORDERS);

  private static final Scan SCAN = new Scan(SOURCE);

  private static LogicalPlan pushed(LogicalPlan plan) {
    return Pushdown.apply(plan, node -> false);
  }

  private static LogicalPlan filter(LogicalPlan child, Expr condition) {
    return Analyzer.filter(child, condition);
  }

  private static LogicalPlan select(LogicalPlan child, Expr... columns) {
    return Analyzer.select(child, List.of(columns));
  }

  private static Expr cond(LogicalPlan filter) {
    return ((Filter) filter).condition();
  }

  private static Expr and(Expr a, Expr b) {
    return new Call(Function.AND, List.of(a, b));
  }

  private static Scan scan(List<String> columns, Expr pushedFilter) {
    return new Scan(SOURCE.withColumns(columns).withFilter(pushedFilter));
  }

  private static Project project(LogicalPlan child, LogicalPlan like) {
    Project p = (Project) like;
    return new Project(child, p.columns(), p.schema());
  }

  @Test
  void aProjectionReachesTheScanThroughAChainOfFiltersThatKeepsTheirColumns() {
    LogicalPlan lower = filter(SCAN, col("amount").gt(10));
    LogicalPlan upper = filter(lower, col("country").eq("DE"));
    LogicalPlan plan = select(upper, col("id"));

    Scan narrowed =
        scan(List.of("id", "amount", "country"), and(cond(lower), cond(upper))); // bottom first
    LogicalPlan expected =
        project(new Filter(new Filter(narrowed, cond(lower)), cond(upper)), plan);
    assertThat(pushed(plan)).isEqualTo(expected);
    assertThat(narrowed.schema().names()).containsExactly("id", "amount", "country");
    assertThat(narrowed.source().filter().toSql())
        .isEqualTo("((amount > 10.0) AND (country = 'DE'))");
  }

  @Test
  void aFilterAloneIsPushedAndReadsEveryColumn() {
    LogicalPlan plan = filter(SCAN, col("amount").gt(10).and(col("id").lt(5)));
    assertThat(pushed(plan)).isEqualTo(new Filter(scan(null, cond(plan)), cond(plan)));
    // the filter stays above: the pushed condition is a hint only
    assertThat(pushed(plan)).isInstanceOf(Filter.class);
  }

  /**
   * The projections stay in the plan, so the scan gives what the lowest one reads, even where a
   * projection above needs fewer columns.
   */
  @Test
  void theScanGivesWhatTheLowestProjectionReads() {
    LogicalPlan wide = select(SCAN, col("id"), col("name"), col("amount"));
    LogicalPlan plan = select(wide, col("name"));
    LogicalPlan expected =
        project(project(scan(List.of("id", "name", "amount"), null), wide), plan);
    assertThat(pushed(plan)).isEqualTo(expected);
  }

  @Test
  void aFilterAboveARenameIsPushedUnderTheScansName() {
    LogicalPlan renamed = select(SCAN, col("id"), col("amount").as("a"));
    LogicalPlan plan = filter(renamed, col("a").gt(5));
    Scan narrowed = scan(List.of("id", "amount"), null);
    Expr pushedCondition = cond(plan).transformUp(e -> e.equals(col("a")) ? col("amount") : e);
    LogicalPlan expected =
        new Filter(
            project(new Scan(narrowed.source().withFilter(pushedCondition)), renamed), cond(plan));
    assertThat(pushed(plan)).isEqualTo(expected);
    assertThat(((Scan) pushed(plan).children().get(0).children().get(0)).source().filter().toSql())
        .isEqualTo("(amount > 5.0)");
  }

  @Test
  void aFilterOnAComputedColumnIsNotPushedButItsColumnsAreRead() {
    LogicalPlan computed = select(SCAN, col("id"), col("amount").times(2).as("double"));
    LogicalPlan plan = filter(computed, col("double").gt(5).and(col("id").gt(1)));
    // only the conjunct on a column passed through unchanged goes down
    Expr idAboveOne = ((Call) cond(plan)).args().get(1);
    LogicalPlan expected =
        new Filter(project(scan(List.of("id", "amount"), idAboveOne), computed), cond(plan));
    assertThat(pushed(plan)).isEqualTo(expected);
  }

  @Test
  void aConditionAlreadyPushedIsNotAddedTwice() {
    LogicalPlan once = filter(SCAN, col("amount").gt(10));
    LogicalPlan plan = filter(once, col("amount").gt(10));
    LogicalPlan expected = new Filter(new Filter(scan(null, cond(once)), cond(once)), cond(plan));
    assertThat(pushed(plan)).isEqualTo(expected);
    // and a rewritten plan rewritten again is the same object
    LogicalPlan again = pushed(plan);
    assertThat(pushed(again)).isSameAs(again);
  }

  @Test
  void nothingIsPushedThroughNodesWhoseResultsWouldChange() {
    LogicalPlan windowed =
        select(
            SCAN,
            col("id"),
            col("country"),
            rowNumber().over(Window.partitionBy("country").orderBy(desc("amount"))).as("rn"));
    List<LogicalPlan> plans =
        List.of(
            // a filter under a limit, sample or window would change which rows they see
            filter(Analyzer.limit(SCAN, 3), col("amount").gt(1)),
            filter(Analyzer.sample(SCAN, 0.5, 7), col("amount").gt(1)),
            filter(windowed, col("rn").le(2)),
            select(windowed, col("id")),
            // columns of the aggregate, join, union, sort and distinct inputs are theirs to need
            select(
                Analyzer.groupBy(SCAN, List.of(col("country")), List.of(sum("amount").as("s"))),
                col("s")),
            select(
                Analyzer.join(SCAN, SCAN, JoinType.INNER, List.of("id"), "_r"),
                col("id"),
                col("name")),
            select(Analyzer.union(SCAN, SCAN), col("id")),
            select(Analyzer.sort(SCAN, List.of(desc("amount"))), col("id")),
            select(Analyzer.distinct(SCAN, List.of("country")), col("id")),
            // a count(*) aggregates the scan whole: nothing narrows it
            Analyzer.groupBy(SCAN, List.of(), List.of(count().as("n"))),
            // a chain over data already in memory has no scan to narrow
            select(Analyzer.values(ORDERS, List.of()), col("id")));
    for (LogicalPlan plan : plans) {
      assertThat(pushed(plan)).as(plan.describe()).isSameAs(plan);
    }
  }

  @Test
  void chainsUnderOtherNodesAreNarrowedEachOnItsOwn() {
    LogicalPlan left = select(SCAN, col("id"), col("name"));
    LogicalPlan right = filter(SCAN, col("country").eq("FR"));
    Join join = (Join) Analyzer.join(left, right, JoinType.INNER, List.of("id"), "_r");
    LogicalPlan plan = select(join, col("name"));

    LogicalPlan expected =
        project(
            new Join(
                project(scan(List.of("id", "name"), null), left),
                new Filter(scan(null, cond(right)), cond(right)),
                join.spec(),
                join.schema()),
            plan);
    assertThat(pushed(plan)).isEqualTo(expected);

    // the columns an aggregate needs come from the projection under it
    LogicalPlan few = select(SCAN, col("country"), col("amount"));
    LogicalPlan grouped = Analyzer.groupBy(few, List.of(col("country")), List.of(count().as("n")));
    assertThat(pushed(grouped))
        .isEqualTo(
            Pushdown.withChildren(
                grouped, List.of(project(scan(List.of("country", "amount"), null), few))));
  }

  @Test
  void nothingIsPushedIntoACachedNodeButItsOwnChainIsNarrowedAndReported() {
    LogicalPlan filtered = filter(SCAN, col("amount").gt(10));
    LogicalPlan plan = select(filtered, col("id"));
    LogicalPlan narrowed =
        project(new Filter(scan(List.of("id", "amount"), cond(filtered)), cond(filtered)), plan);
    // cached at the top: its own chain is narrowed (its output is the same), and reported
    List<LogicalPlan[]> reported = new ArrayList<>();
    LogicalPlan out =
        Pushdown.apply(
            plan, node -> node == plan, (a, b) -> reported.add(new LogicalPlan[] {a, b}));
    assertThat(out).isEqualTo(narrowed);
    assertThat(out.schema()).isEqualTo(plan.schema());
    assertThat(reported).hasSize(1);
    assertThat(reported.get(0)[0]).isSameAs(out);
    assertThat(reported.get(0)[1]).isSameAs(plan);
    // cached in the middle: the projection above is not pushed into it, its filter is
    LogicalPlan middle = Pushdown.apply(plan, node -> node == filtered);
    assertThat(middle)
        .isEqualTo(project(new Filter(scan(null, cond(filtered)), cond(filtered)), plan));
    assertThat(middle.children().get(0).schema()).isEqualTo(filtered.schema());
    // the scan itself cached: it reads everything, as the cache holds it
    assertThat(Pushdown.apply(plan, node -> node == SCAN)).isSameAs(plan);
    // a chain above a cached one is narrowed only down to it: here there is no scan to narrow
    LogicalPlan above = select(plan, col("id").as("key"));
    assertThat(Pushdown.apply(above, node -> node == plan).children().get(0)).isEqualTo(narrowed);
  }

  @Test
  void theSessionRewritesAtExecutionAndKeysTheCacheByTheNodeTheUserCached() {
    LogicalPlan filtered = filter(SCAN, col("amount").gt(10));
    LogicalPlan plan = select(filtered, col("id"));
    LogicalPlan expected =
        project(new Filter(scan(List.of("id", "amount"), cond(filtered)), cond(filtered)), plan);
    try (ExecutionContext ctx =
        new ExecutionContext(Map.of(), PlanOnlyEngineProvider.NAME, List.of(), List.of())) {
      LogicalPlan prepared = ctx.prepare(plan);
      assertThat(prepared).isEqualTo(expected);
      assertThat(ctx.prepare(plan)).isSameAs(prepared);

      ctx.cache(plan, StorageLevel.MEMORY_ONLY);
      LogicalPlan cachedPrepared = ctx.prepare(plan);
      assertThat(cachedPrepared).isEqualTo(expected).isNotSameAs(plan);
      // the narrowed node finds the cache entry of the node the user cached
      assertThat(ctx.cacheEntry(cachedPrepared)).isSameAs(ctx.cacheEntry(plan)).isNotNull();
      ctx.uncache(plan);
      assertThat(ctx.cacheEntry(cachedPrepared)).isNull();
      assertThat(ctx.prepare(plan)).isEqualTo(expected);
    }
  }

  @Test
  void selectingNoColumnsReadsNone() {
    LogicalPlan plan = select(SCAN);
    LogicalPlan expected = project(scan(List.of(), null), plan);
    assertThat(pushed(plan)).isEqualTo(expected);
    assertThat(((Scan) pushed(plan).children().get(0)).schema().size()).isZero();
    // a count of a selection reads only what the selection needs
    LogicalPlan counted =
        Analyzer.groupBy(select(SCAN, col("country")), List.of(), List.of(count().as("n")));
    assertThat(((Scan) pushed(counted).children().get(0).children().get(0)).source().columns())
        .containsExactly("country");
  }

  @Test
  void namesThatNeedQuotingArePushedAsTheyAre() {
    Column odd = new Column("odd name.`x`");
    LogicalPlan plan = select(filter(SCAN, odd.gt(1)), col("id"));
    Scan narrowed = (Scan) pushed(plan).children().get(0).children().get(0);
    assertThat(narrowed.source().columns()).containsExactly("id", "odd name.`x`");
    assertThat(narrowed.schema().names()).containsExactly("id", "odd name.`x`");
    assertThat(narrowed.source().filter()).isEqualTo(cond(plan.children().get(0)));
    assertThat(narrowed.describe())
        .isEqualTo(
            "Scan csv /data/orders.csv columns [id, odd name.`x`] pushed filter "
                + narrowed.source().filter().toSql());
    assertThat(narrowed.source().filter().toSql()).isEqualTo("(\"odd name.`x`\" > 1)");
  }

  @Test
  void explainShowsThePushedColumnsAndFilter() {
    LogicalPlan plan = select(filter(SCAN, col("amount").gt(10)), col("id"));
    try (ExecutionContext ctx =
        new ExecutionContext(Map.of(), PlanOnlyEngineProvider.NAME, List.of(), List.of())) {
      String explained = Executor.explain(ctx, plan);
      assertThat(explained)
          .contains("Scan csv /data/orders.csv columns [id, amount] pushed filter (amount > 10.0)");
      assertThat(explained.lines().filter(l -> l.contains("Filter"))).hasSize(1);
    }
  }

  @Test
  void unchangedPlansComeBackAsTheSameObject() {
    for (LogicalPlan plan :
        List.of(
            SCAN,
            (LogicalPlan)
                select(
                    SCAN,
                    col("id"),
                    col("name"),
                    col("amount"),
                    col("country"),
                    new Column("odd name.`x`")))) {
      assertThat(pushed(plan)).isSameAs(plan);
    }
  }
}
