package io.frameshift.spark;

import io.frameshift.error.EngineException;
import io.frameshift.error.EvaluationException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InputException;
import io.frameshift.error.MultipleMatchException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.types.DataType;
import java.io.FileNotFoundException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;

/**
 * Maps Spark's failures to Frameshift's exceptions by Spark's error condition (the stable name in
 * brackets, e.g. {@code DIVIDE_BY_ZERO}), looking through the wrappers a failed job adds.
 */
final class SparkErrors {
  /** Starts the text of errors the engine raises itself for a value the contract rejects. */
  static final String EVALUATION_TAG = "[frameshift:evaluation] ";

  /** Starts the text of errors the engine raises itself for a bad cell of an input file. */
  static final String INPUT_TAG = "[frameshift:input] ";

  /** Conditions of ANSI evaluation: overflow, division by zero, invalid casts. */
  private static final Set<String> EVALUATION =
      Set.of(
          "DIVIDE_BY_ZERO",
          "REMAINDER_BY_ZERO",
          "INTERVAL_DIVIDED_BY_ZERO",
          "ARITHMETIC_OVERFLOW",
          "BINARY_ARITHMETIC_OVERFLOW",
          "CAST_OVERFLOW",
          "CAST_INVALID_INPUT",
          "NUMERIC_VALUE_OUT_OF_RANGE",
          "NUMERIC_OUT_OF_SUPPORTED_RANGE",
          "DATETIME_OVERFLOW",
          "DATETIME_FIELD_OUT_OF_BOUNDS",
          "INVALID_FRACTION_OF_SECOND",
          "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION");

  private static final Set<String> MALFORMED_INPUT =
      Set.of("MALFORMED_RECORD_IN_PARSING", "MALFORMED_CSV_RECORD");

  private static final Pattern OUT_OF_RANGE =
      Pattern.compile("Numeric value \\(([-+0-9.eE]+)\\) out of range of (int|long)");

  /** A condition as Spark prints it when only the text of a remote failure survives. */
  private static final Pattern PRINTED_CONDITION = Pattern.compile("\\[([A-Z][A-Z0-9_]+)[.\\]]");

  private SparkErrors() {}

  /** Runs {@code body}, turning a Spark failure into Frameshift's exception for it. */
  static <T> T run(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (FrameshiftException e) {
      throw e;
    } catch (Exception e) {
      throw translate(e, action);
    }
  }

  static void run(String action, Runnable body) {
    run(
        action,
        () -> {
          body.run();
          return null;
        });
  }

  /** The Frameshift exception for a failure of Spark while doing {@code action}. */
  static FrameshiftException translate(Throwable error, String action) {
    String file = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FrameshiftException f) {
        return f;
      }
      if (t instanceof FileNotFoundException && file != null) {
        return new SourceNotFoundException(
            "Input " + (file != null ? file : "file") + " not found: " + t.getMessage(), error);
      }
      if (!(t instanceof SparkThrowable st) || st.getCondition() == null) {
        continue;
      }
      String condition = st.getCondition();
      String base = base(condition);
      Map<String, String> p = st.getMessageParameters();
      if (base.equals("USER_RAISED_EXCEPTION")) {
        return raised(p.getOrDefault("errorMessage", t.getMessage()), error);
      }
      if (base.equals("MERGE_CARDINALITY_VIOLATION")) {
        return new MultipleMatchException(
            "A table row matches more than one source row of the merge: "
                + firstLine(t.getMessage()),
            error);
      }
      if (base.equals("FAILED_READ_FILE")) {
        file = p.get("path");
        if (condition.equals("FAILED_READ_FILE.FILE_NOT_EXIST")) {
          return new SourceNotFoundException("Input file " + file + " not found", error);
        }
        continue;
      }
      if (base.equals("PATH_NOT_FOUND")) {
        return new SourceNotFoundException(
            "Input path not found: " + p.getOrDefault("path", t.getMessage()), error);
      }
      if (MALFORMED_INPUT.contains(base) && isJson(t, file)) {
        return malformedJson(t, file, error);
      }
      if (MALFORMED_INPUT.contains(base)) {
        return new InputException(
            "Malformed CSV "
                + malformedRecord(t)
                + (file != null ? " in file " + file : "")
                + ": it does not have the expected number of columns, or its quoting is broken",
            error);
      }
      if (EVALUATION.contains(base)) {
        return new EvaluationException(evaluationMessage(base, p, t.getMessage()), error);
      }
    }
    FrameshiftException fromText = fromText(error, action);
    if (file != null && fromText instanceof EngineException) {
      // Spark could not read a file (a corrupt or truncated Parquet file, ...): bad input
      return new InputException(
          "Cannot read file " + file + ": " + firstLine(String.valueOf(rootCause(error))), error);
    }
    return fromText;
  }

  private static String rootCause(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static String unquoted(String v) {
    return v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  /** Whether a malformed record came from Spark's JSON reader. */
  private static boolean isJson(Throwable t, String file) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getClass().getName().startsWith("com.fasterxml.jackson")
          || c instanceof SparkThrowable st
              && st.getCondition() != null
              && st.getCondition().contains("JSON")) {
        return true;
      }
    }
    String f = String.valueOf(file).toLowerCase(Locale.ROOT);
    return f.endsWith(".json") || f.endsWith(".jsonl") || f.endsWith(".ndjson");
  }

  /**
   * A JSON line that does not parse, or whose value does not fit its column: the message names the
   * file and line (found by reading the file again, only now), and the column, value and type.
   */
  private static InputException malformedJson(Throwable t, String file, Throwable error) {
    String field = null;
    String value = null;
    String type = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SparkThrowable st && st.getCondition() != null) {
        Map<String, String> p = st.getMessageParameters();
        if (field == null && p.get("fieldName") != null) {
          field = p.get("fieldName");
          value = p.get("fieldValue");
          type = typeName(p.get("dataType"));
        }
      }
    }
    String name = field == null ? null : field.replace("`", "");
    if (value == null) {
      // Jackson's own range check: "Numeric value (3000000000) out of range of int"
      for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
        Matcher m = OUT_OF_RANGE.matcher(String.valueOf(c.getMessage()));
        if (m.find()) {
          value = m.group(1);
          type = m.group(2).equals("int") ? "INT32" : "INT64";
          break;
        }
      }
    }
    SparkFormats.BadLine bad =
        file == null ? null : SparkFormats.badLine(file, name, unquoted(value));
    if (bad != null && bad.field() != null) {
      name = bad.field();
    }
    String where =
        (file != null ? " in file " + file : "") + (bad != null ? ", line " + bad.number() : "");
    if (value != null) {
      return new InputException(
          "Bad value "
              + value
              + (name != null ? " in column '" + name + "'" : "")
              + where
              + ": expected "
              + type,
          error);
    }
    return new InputException(
        "Malformed JSON"
            + where
            + (bad != null ? ": " + bad.text() : "")
            + " does not parse as one JSON object (read with option mode DROPMALFORMED or"
            + " PERMISSIVE to go past it)",
        error);
  }

  /**
   * When a job fails on a remote executor whose exception could not be sent back, only its text
   * survives; the condition printed in it still says what went wrong.
   */
  private static FrameshiftException fromText(Throwable error, String action) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String text = String.valueOf(t.getMessage());
      int tag = text.indexOf(INPUT_TAG);
      if (tag < 0) {
        tag = text.indexOf(EVALUATION_TAG);
      }
      if (tag >= 0) {
        String raised = firstLine(text.substring(tag));
        int state = raised.indexOf(" SQLSTATE");
        return raised(state < 0 ? raised : raised.substring(0, state), error);
      }
      Matcher m = PRINTED_CONDITION.matcher(text);
      while (m.find()) {
        String base = m.group(1);
        if (EVALUATION.contains(base)) {
          return new EvaluationException(evaluationMessage(base, Map.of(), text), error);
        }
        if (MALFORMED_INPUT.contains(base)) {
          return new InputException("Malformed CSV record: " + firstLine(text), error);
        }
      }
    }
    return new EngineException(
        "Spark failed while " + action + ": " + firstLine(String.valueOf(error.getMessage())),
        error);
  }

  private static FrameshiftException raised(String message, Throwable error) {
    if (message.startsWith(INPUT_TAG)) {
      return new InputException(
          SparkCsv.badCellMessage(message.substring(INPUT_TAG.length())), error);
    }
    if (message.startsWith(EVALUATION_TAG)) {
      return new EvaluationException(message.substring(EVALUATION_TAG.length()), error);
    }
    return new EvaluationException(message, error);
  }

  /** The raw record if Spark kept it, else the values parsed before the failure. */
  private static String malformedRecord(Throwable t) {
    String parsed = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SparkThrowable st && st.getCondition() != null) {
        String record = st.getMessageParameters().get("badRecord");
        if (record != null && base(st.getCondition()).equals("MALFORMED_CSV_RECORD")) {
          return "record '" + record + "'";
        }
        if (record != null && parsed == null) {
          parsed = record;
        }
      }
    }
    return parsed != null ? "record (values read: " + parsed + ")" : "record";
  }

  private static String base(String condition) {
    int dot = condition.indexOf('.');
    return dot < 0 ? condition : condition.substring(0, dot);
  }

  /** A message in Frameshift's terms (type names, no advice to change Spark settings). */
  static String evaluationMessage(String condition, Map<String, String> p, String sparkMessage) {
    String text =
        switch (condition) {
          case "DIVIDE_BY_ZERO", "INTERVAL_DIVIDED_BY_ZERO" -> "Division by zero";
          case "REMAINDER_BY_ZERO" -> "Remainder (%) by zero";
          case "ARITHMETIC_OVERFLOW", "BINARY_ARITHMETIC_OVERFLOW" ->
              "Arithmetic overflow" + (p.containsKey("message") ? ": " + p.get("message") : "");
          case "CAST_INVALID_INPUT" ->
              p.containsKey("expression")
                  ? "Cannot cast "
                      + p.get("expression")
                      + " ("
                      + typeName(p.get("sourceType"))
                      + ") to "
                      + typeName(p.get("targetType"))
                      + ": malformed value"
                  : "Invalid cast: " + advice(sparkMessage);
          case "CAST_OVERFLOW" ->
              p.containsKey("value")
                  ? "Cannot cast "
                      + p.get("value")
                      + " ("
                      + typeName(p.get("sourceType"))
                      + ") to "
                      + typeName(p.get("targetType"))
                      + ": out of range"
                  : "Cast out of range: " + advice(sparkMessage);
          case "NUMERIC_VALUE_OUT_OF_RANGE" ->
              p.containsKey("value")
                  ? "Value "
                      + p.get("value").trim()
                      + " does not fit decimal("
                      + p.get("precision")
                      + ","
                      + p.get("scale")
                      + ")"
                  : "Decimal value out of range: " + advice(sparkMessage);
          default -> advice(sparkMessage);
        };
    return text + " (Spark error " + condition + ")";
  }

  /** Spark's type name ({@code "INT"}, {@code "DECIMAL(4,1)"}) as Frameshift prints it. */
  static String typeName(String sparkName) {
    if (sparkName == null) {
      return "?";
    }
    String n = sparkName.replace("\"", "").trim().toLowerCase(Locale.ROOT);
    try {
      return DataType.parse(n).toString();
    } catch (FrameshiftException e) {
      return n;
    }
  }

  /** Spark's message without its condition prefix and its advice to change settings. */
  private static String advice(String sparkMessage) {
    String s = firstLine(String.valueOf(sparkMessage)).replaceFirst("^\\[[A-Z0-9_.]+\\]\\s*", "");
    for (String cut : new String[] {" Use `try_", " Use 'try_", " If necessary set", " SQLSTATE"}) {
      int i = s.indexOf(cut);
      if (i > 0) {
        s = s.substring(0, i);
      }
    }
    return s.trim();
  }

  static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
