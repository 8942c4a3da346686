package io.frameshift.pipeline;

import static io.frameshift.expr.Functions.udf;

import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import java.util.List;
import java.util.Locale;

/**
 * A function library as a user would ship one: found by the command line through {@code
 * META-INF/services/io.frameshift.pipeline.FunctionLibrary} in the test resources.
 */
public final class ShopFunctions implements FunctionLibrary {
  /** The VAT rate of a country, in percent. */
  static double vat(String country) {
    return switch (country) {
      case "de" -> 19;
      case "fr" -> 20;
      default -> 22;
    };
  }

  @Override
  public List<UserFunction> functions() {
    return List.of(
        udf(
            "net",
            (Double gross, String country) -> gross * 100 / (100 + vat(country)),
            DataType.FLOAT64),
        udf("shout", (String s) -> s.toUpperCase(Locale.ROOT) + "!", DataType.STRING));
  }
}
