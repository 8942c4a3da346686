package io.frameshift.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.frameshift.types.DataType;
import org.apache.spark.sql.Column;

/**
 * Casts with the rules of docs/semantics.md. Spark's ANSI casts already match the contract except
 * when reading text: Spark also accepts dates such as {@code 2024}, {@code 2024-1-2} or {@code
 * 2024-01-02 anything}, and {@code inf} for infinity. Text is therefore checked against the
 * contract's forms first, and text that does not parse raises an error naming the value and the
 * target type, as the local engine does.
 */
final class Casts {
  private static final String TIME = "[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?";
  private static final String DATE_FORM = "^\\s*\\d{4}-\\d{2}-\\d{2}\\s*$";
  private static final String NTZ_FORM = "^\\s*\\d{4}-\\d{2}-\\d{2}(" + TIME + ")?\\s*$";
  private static final String TIMESTAMP_FORM =
      "^\\s*\\d{4}-\\d{2}-\\d{2}(" + TIME + "(Z|[+-]\\d{2}:\\d{2})?)?\\s*$";

  /** Spark reads "inf" as infinity; Java notation only knows Infinity (any case here). */
  private static final String SPARK_ONLY_INFINITY = "(?i)^\\s*[+-]?inf\\s*$";

  private Casts() {}

  /** {@code value} (of type {@code from}) cast to {@code to}; invalid text raises. */
  static Column cast(Column value, DataType from, DataType to) {
    if (from.equals(to)) {
      return value;
    }
    if (from.id() == io.frameshift.types.TypeId.STRING) {
      return parseOrRaise(
          value,
          to,
          concat(
              lit(SparkErrors.EVALUATION_TAG + "Cannot cast '"),
              value,
              lit("' (string) to " + to + ": expected " + expectedForm(to))));
    }
    return value.cast(SparkTypes.toSpark(to));
  }

  /**
   * Text read as {@code to}: null stays null, text that does not parse raises {@code message} (a
   * string column, evaluated only for such a value).
   */
  static Column parseOrRaise(Column text, DataType to, Column message) {
    Column parsed = tryParse(text, to);
    return when(text.isNull(), lit(null).cast(SparkTypes.toSpark(to)))
        .otherwise(coalesce(parsed, raise_error(message).cast(SparkTypes.toSpark(to))));
  }

  /** Text read as {@code to}, or null when it is null or does not parse. */
  static Column tryParse(Column text, DataType to) {
    Column parsed = text.try_cast(SparkTypes.toSpark(to));
    return switch (to.id()) {
      case DATE -> when(text.rlike(DATE_FORM), parsed);
      case TIMESTAMP_NTZ -> when(text.rlike(NTZ_FORM), parsed);
      case TIMESTAMP -> when(text.rlike(TIMESTAMP_FORM), parsed);
      case FLOAT32, FLOAT64 -> when(not(text.rlike(SPARK_ONLY_INFINITY)), parsed);
      case BOOLEAN, INT32, INT64, STRING, DECIMAL -> parsed;
    };
  }

  /** How text of type {@code to} is written, for error messages. */
  static String expectedForm(DataType to) {
    return switch (to.id()) {
      case BOOLEAN -> "true/false/t/f/yes/no/y/n/1/0";
      case INT32, INT64 -> "an integer in range";
      case FLOAT32, FLOAT64 -> "a number (or NaN, Infinity, -Infinity)";
      case DECIMAL -> "a number that fits " + to;
      case STRING -> "text";
      case DATE -> "yyyy-MM-dd";
      case TIMESTAMP_NTZ -> "yyyy-MM-dd[( |T)HH:mm[:ss[.ffffff]]]";
      case TIMESTAMP -> "yyyy-MM-dd[( |T)HH:mm[:ss[.ffffff]]][Z|+hh:mm]";
    };
  }
}
