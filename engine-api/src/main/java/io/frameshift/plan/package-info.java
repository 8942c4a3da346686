/**
 * Logical plans: records under the sealed {@link io.frameshift.plan.LogicalPlan}, built and checked
 * by the session's analyzer as a {@link io.frameshift.DataFrame} is built, and handed to engines
 * node by node ({@link io.frameshift.spi.PlanRunner}).
 */
package io.frameshift.plan;
