/**
 * Expressions: immutable records under the sealed {@link io.frameshift.expr.Expr}, built with
 * {@link io.frameshift.expr.Functions} or parsed from SQL with {@link
 * io.frameshift.expr.Expr#parse(String)}, and dispatched with {@link
 * io.frameshift.expr.ExprVisitor}.
 */
package io.frameshift.expr;
