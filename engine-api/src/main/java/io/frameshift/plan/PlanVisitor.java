package io.frameshift.plan;

/** Dispatch over plan nodes; no default methods, so a new node breaks every implementation. */
public interface PlanVisitor<R> {
  R visitScan(Scan scan);

  R visitValues(Values values);

  R visitExisting(Existing existing);

  R visitFilter(Filter filter);

  R visitProject(Project project);

  R visitGroupBy(GroupBy groupBy);

  R visitJoin(Join join);

  R visitSort(Sort sort);

  R visitDistinct(Distinct distinct);

  R visitLimit(Limit limit);

  R visitUnion(Union union);

  R visitWindowed(Windowed windowed);

  R visitSample(Sample sample);

  R visitPin(Pin pin);

  R visitMapBatches(MapBatches mapBatches);

  R visitEnrich(Enrich enrich);
}
