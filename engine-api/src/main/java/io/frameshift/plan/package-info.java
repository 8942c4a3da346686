/**
 * Logical plans: records under the sealed {@link io.frameshift.plan.LogicalPlan}, built and checked
 * by {@link io.frameshift.plan.Analyzer}.
 */
package io.frameshift.plan;
