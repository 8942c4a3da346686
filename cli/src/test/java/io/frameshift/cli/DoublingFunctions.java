package io.frameshift.cli;

import static io.frameshift.expr.Functions.udf;

import io.frameshift.expr.UserFunction;
import io.frameshift.pipeline.FunctionLibrary;
import java.util.List;

/**
 * A user's function library outside the distribution: {@code bin/frameshift} finds it only when
 * {@code FRAMESHIFT_CLASSPATH} names this module's test classes.
 */
public final class DoublingFunctions implements FunctionLibrary {
  @Override
  public List<UserFunction> functions() {
    return List.of(udf("doubled", (long x) -> x * 2));
  }
}
