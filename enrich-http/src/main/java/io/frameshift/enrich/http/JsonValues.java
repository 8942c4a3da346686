package io.frameshift.enrich.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.frameshift.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Frameshift values into request bodies, and JSON answers into typed values. */
final class JsonValues {
  private JsonValues() {}

  /** A JSON answer's value that does not convert to its column's type. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message, null, false, false);
    }
  }

  /** Puts {@code value} (a Frameshift value, or null) into {@code object} under {@code name}. */
  static void put(ObjectNode object, String name, Object value) {
    if (value == null) {
      object.putNull(name);
    } else if (value instanceof Boolean b) {
      object.put(name, b);
    } else if (value instanceof Integer i) {
      object.put(name, i);
    } else if (value instanceof Long l) {
      object.put(name, l);
    } else if (value instanceof Float f) {
      object.put(name, f);
    } else if (value instanceof Double d) {
      object.put(name, d);
    } else if (value instanceof BigDecimal d) {
      object.put(name, d);
    } else {
      object.put(name, value.toString()); // strings; dates and timestamps as ISO-8601
    }
  }

  /**
   * The value of {@code node} as {@code type}'s Java class; null for a missing or null node.
   *
   * @throws Mismatch when the value does not convert exactly
   */
  static Object convert(JsonNode node, DataType type) throws Mismatch {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    try {
      return switch (type.id()) {
        case BOOLEAN -> {
          if (node.isBoolean()) {
            yield node.booleanValue();
          }
          if (node.isTextual()
              && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            yield Boolean.parseBoolean(node.textValue());
          }
          throw mismatch(node, type);
        }
        case INT32 -> {
          BigDecimal d = exact(node, type);
          yield d.intValueExact();
        }
        case INT64 -> exact(node, type).longValueExact();
        case FLOAT32 -> (float) number(node, type);
        case FLOAT64 -> number(node, type);
        case STRING -> node.isTextual() ? node.textValue() : node.toString();
        case DATE -> LocalDate.parse(text(node, type));
        case TIMESTAMP -> {
          String t = text(node, type);
          try {
            yield Instant.parse(t);
          } catch (DateTimeParseException e) {
            yield OffsetDateTime.parse(t).toInstant();
          }
        }
        case TIMESTAMP_NTZ -> LocalDateTime.parse(text(node, type));
        case DECIMAL -> {
          DataType.Decimal dt = (DataType.Decimal) type;
          BigDecimal d =
              (node.isNumber() ? node.decimalValue() : new BigDecimal(text(node, type)))
                  .setScale(dt.scale(), RoundingMode.UNNECESSARY);
          if (d.precision() > dt.precision()) {
            throw mismatch(node, type);
          }
          yield d;
        }
      };
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw mismatch(node, type);
    }
  }

  private static BigDecimal exact(JsonNode node, DataType type) throws Mismatch {
    BigDecimal d = node.isNumber() ? node.decimalValue() : new BigDecimal(text(node, type));
    return d.stripTrailingZeros().scale() > 0 ? d.setScale(0, RoundingMode.UNNECESSARY) : d;
  }

  private static double number(JsonNode node, DataType type) throws Mismatch {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return Double.parseDouble(text(node, type));
  }

  private static String text(JsonNode node, DataType type) throws Mismatch {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return node.asText();
    }
    throw mismatch(node, type);
  }

  private static Mismatch mismatch(JsonNode node, DataType type) {
    String text = node.toString();
    return new Mismatch(
        "the answer's "
            + (text.length() > 80 ? text.substring(0, 80) + "..." : text)
            + " is no "
            + type);
  }
}
