/**
 * What placement is tuned by: the {@link io.frameshift.select.CostProfile} of this machine's
 * engines, the {@link io.frameshift.select.OperationKind}s it prices, and the {@link
 * io.frameshift.select.Calibration} that measures it (each engine measuring itself). The selector
 * that places plans with it is internal.
 */
package io.frameshift.select;
