package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/**
 * A node of a logical plan: immutable records built by the session's analyzer, which resolves names
 * and types so every node's {@link #schema()} is known before anything runs.
 */
public sealed interface LogicalPlan
    permits Scan,
        Values,
        Existing,
        Filter,
        Project,
        GroupBy,
        Join,
        Sort,
        Distinct,
        Limit,
        Union,
        Windowed,
        Sample,
        Pin,
        MapBatches,
        Enrich {

  Schema schema();

  List<LogicalPlan> children();

  <R> R accept(PlanVisitor<R> visitor);

  /** A short one-line description for {@code explain()}. */
  String describe();
}
