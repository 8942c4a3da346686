package io.frameshift.select;

import io.frameshift.plan.Distinct;
import io.frameshift.plan.Enrich;
import io.frameshift.plan.Existing;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.MapBatches;
import io.frameshift.plan.Pin;
import io.frameshift.plan.PlanVisitor;
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;

/** The cost classes of plan nodes; a calibrated profile has a per-row cost for each. */
public enum OperationKind {
  /** Reading a file source. */
  SCAN,
  /** Building a frame from rows in memory, or taking one an engine holds. */
  CREATE,
  FILTER,
  PROJECT,
  GROUP,
  JOIN,
  SORT,
  WINDOW,
  DISTINCT,
  /** Limit, union, sample and pins: cheap per row. */
  PASS;

  /** The seed recipe's complexity weight: filter 1, sort 2, group 3, join and window 4. */
  public int weight() {
    return switch (this) {
      case JOIN, WINDOW -> 4;
      case GROUP, DISTINCT -> 3;
      case SORT -> 2;
      case SCAN, CREATE, FILTER, PROJECT, PASS -> 1;
    };
  }

  public static OperationKind of(LogicalPlan node) {
    return node.accept(
        new PlanVisitor<>() {
          @Override
          public OperationKind visitScan(Scan scan) {
            return SCAN;
          }

          @Override
          public OperationKind visitValues(Values values) {
            return CREATE;
          }

          @Override
          public OperationKind visitExisting(Existing existing) {
            return CREATE;
          }

          @Override
          public OperationKind visitFilter(Filter filter) {
            return FILTER;
          }

          @Override
          public OperationKind visitProject(Project project) {
            return PROJECT;
          }

          @Override
          public OperationKind visitGroupBy(GroupBy groupBy) {
            return GROUP;
          }

          @Override
          public OperationKind visitJoin(Join join) {
            return JOIN;
          }

          @Override
          public OperationKind visitSort(Sort sort) {
            return SORT;
          }

          @Override
          public OperationKind visitDistinct(Distinct distinct) {
            return DISTINCT;
          }

          @Override
          public OperationKind visitLimit(Limit limit) {
            return PASS;
          }

          @Override
          public OperationKind visitUnion(Union union) {
            return PASS;
          }

          @Override
          public OperationKind visitWindowed(Windowed windowed) {
            return WINDOW;
          }

          @Override
          public OperationKind visitSample(Sample sample) {
            return PASS;
          }

          @Override
          public OperationKind visitPin(Pin pin) {
            return PASS;
          }

          @Override
          public OperationKind visitMapBatches(MapBatches mapBatches) {
            return PROJECT;
          }

          @Override
          public OperationKind visitEnrich(Enrich enrich) {
            // a row in, a row out, with columns added: placed like a projection (the calls' time
            // is the rate limit's, the same on every engine)
            return PROJECT;
          }
        });
  }
}
