package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.error.FrameshiftException;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.plan.Sort;
import java.util.List;

/**
 * The conformance suite run on two engines at once: every frame a test looks at runs pinned to each
 * engine ({@code df.on("local")}, {@code df.on("spark")}); both must give the same rows (in the
 * same order when the plan sorts) or fail with the same exception class, and then the hand written
 * expectations are checked as usual. The session must have both engines on its class path; its
 * {@link #sessionBuilder()} usually leaves the mode at {@code "auto"}.
 */
public abstract class DifferentialConformanceSuite extends EngineConformanceSuite {

  /** The engine whose rows the tests then check. */
  protected String firstEngine() {
    return "local";
  }

  protected String secondEngine() {
    return "spark";
  }

  /** The rows of one engine, or the failure it raised. */
  private record Outcome(String engine, List<Row> rows, FrameshiftException error) {
    String describe() {
      return error != null
          ? engine + " threw " + error.getClass().getName() + ": " + error.getMessage()
          : engine + " returned " + rows.size() + " rows";
    }
  }

  private Outcome run(DataFrame df, String engine) {
    try {
      return new Outcome(engine, super.rows(df.on(engine)), null);
    } catch (FrameshiftException e) {
      return new Outcome(engine, null, e);
    }
  }

  @Override
  public List<Row> rows(DataFrame df) {
    Outcome a = run(df, firstEngine());
    Outcome b = run(df, secondEngine());
    if (a.error != null || b.error != null) {
      if (a.error == null || b.error == null || a.error.getClass() != b.error.getClass()) {
        fail("The engines disagree on %s:%n  %s%n  %s", df.columns(), a.describe(), b.describe());
      }
      throw a.error;
    }
    RowComparison.difference(
            RowComparison.values(b.rows),
            RowComparison.values(a.rows),
            isOrdered(df.plan()),
            firstEngine(),
            secondEngine())
        .ifPresent(d -> fail("The engines give different rows for %s:%n%s", df.columns(), d));
    return a.rows;
  }

  /** Whether the plan fixes its row order: a sort at the root, or a limit right over one. */
  private static boolean isOrdered(LogicalPlan plan) {
    if (plan instanceof Pin p) {
      return isOrdered(p.child());
    }
    return plan instanceof Sort || plan instanceof Limit l && l.child() instanceof Sort;
  }

  @Override
  public FrameshiftException assertFailure(
      DataFrame df,
      FrameAction action,
      Class<? extends FrameshiftException> type,
      String... messageParts) {
    FrameshiftException a = super.assertFailure(df.on(firstEngine()), action, type, messageParts);
    FrameshiftException b = super.assertFailure(df.on(secondEngine()), action, type, messageParts);
    assertThat(b.getClass())
        .as("exception class on %s (%s threw %s)", secondEngine(), firstEngine(), a)
        .isEqualTo(a.getClass());
    return a;
  }
}
