package io.frameshift.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.frameshift.types.DataType;
import java.io.IOException;

/**
 * What JSON schema inference knows of a field so far, as {@link io.frameshift.io.JsonOptions}
 * documents it: Spark's JSON lattice as the contract maps it. {@link #NULL} means only nulls and
 * empty strings yet; Spark's DECIMAL(p, 0) for whole numbers past 64 bits is {@link #DOUBLE} here,
 * which its merges with {@link #LONG} and {@link #DOUBLE} agree with. One lattice for every reader
 * that infers from JSON records (the local engine's JSON-lines reader, the {@code rest_api}
 * source), so that they type the same records alike.
 */
public enum JsonKind {
  /** Only nulls and empty strings seen yet; reads as STRING if nothing else comes. */
  NULL,
  /** Whole numbers that fit 64 bits. */
  LONG,
  /** Numbers with a fraction or exponent, or whole numbers past 64 bits. */
  DOUBLE,
  /** {@code true} and {@code false}. */
  BOOLEAN,
  /** Anything else: text, and objects and arrays (read as their JSON text). */
  STRING;

  /** The kind both this and {@code other} fit: Spark's {@code JsonInferSchema.compatibleType}. */
  public JsonKind merge(JsonKind other) {
    if (this == other || other == NULL) {
      return this;
    }
    if (this == NULL) {
      return other;
    }
    if ((this == LONG || this == DOUBLE) && (other == LONG || other == DOUBLE)) {
      return DOUBLE;
    }
    return STRING;
  }

  /** The column type a field of this kind is read as. */
  public DataType type() {
    return switch (this) {
      case NULL, STRING -> DataType.STRING;
      case LONG -> DataType.INT64;
      case DOUBLE -> DataType.FLOAT64;
      case BOOLEAN -> DataType.BOOLEAN;
    };
  }

  /** The kind of a parsed JSON value. */
  public static JsonKind of(JsonNode value) {
    // Spark reads the empty string as null for inference
    if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
      return NULL;
    }
    if (value.isBoolean()) {
      return BOOLEAN;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? LONG : DOUBLE;
    }
    if (value.isNumber()) {
      return DOUBLE;
    }
    return STRING; // nested values are kept as their JSON text
  }

  /**
   * The kind of the value starting at {@code p}'s current token, for readers that stream; leaves
   * {@code p} on the value's last token (past a nested value's children).
   *
   * @throws IllegalStateException when the current token does not start a value
   */
  public static JsonKind of(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_NULL -> NULL;
      case VALUE_STRING -> p.getTextLength() == 0 ? NULL : STRING;
      case VALUE_TRUE, VALUE_FALSE -> BOOLEAN;
      case VALUE_NUMBER_FLOAT -> DOUBLE;
      case VALUE_NUMBER_INT -> {
        JsonParser.NumberType nt = p.getNumberType();
        yield nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG ? LONG : DOUBLE;
      }
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield STRING;
      }
      default -> throw new IllegalStateException("unexpected JSON token " + t);
    };
  }
}
