package io.frameshift.pipeline;

import io.frameshift.Frameshift;
import io.frameshift.expr.UserFunction;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * User functions that specs run from the command line may call ({@code udf} steps, or by name in
 * SQL text). The command line has no application code to call {@code fs.register(..)}, so it
 * registers the functions of every library on its class path, found with {@link ServiceLoader}: a
 * jar with a class implementing this interface (public, with a public no-argument constructor) and
 * its name in {@code META-INF/services/io.frameshift.pipeline.FunctionLibrary}. An application
 * running pipelines itself registers its functions on its session as usual.
 *
 * <pre>{@code
 * public final class ShopFunctions implements FunctionLibrary {
 *   public List<UserFunction> functions() {
 *     return List.of(udf("net", (Double gross) -> gross / 1.19, DataType.FLOAT64));
 *   }
 * }
 * }</pre>
 */
public interface FunctionLibrary {
  /** The functions to register, each under its name. */
  List<UserFunction> functions();

  /** Registers the functions of every library on the class path on {@code fs}; returns how many. */
  static int registerAll(Frameshift fs) {
    Logger log = LoggerFactory.getLogger(FunctionLibrary.class);
    int n = 0;
    for (FunctionLibrary library : ServiceLoader.load(FunctionLibrary.class)) {
      List<UserFunction> functions = library.functions();
      fs.register(functions.toArray(UserFunction[]::new));
      n += functions.size();
      log.info(
          "Registered the functions {} of {}",
          functions.stream().map(UserFunction::name).toList(),
          library.getClass().getName());
    }
    return n;
  }
}
