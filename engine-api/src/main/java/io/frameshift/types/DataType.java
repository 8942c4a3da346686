package io.frameshift.types;

import io.frameshift.error.AnalysisException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * A Frameshift column type. Values of each type are carried in Java as: {@code Boolean}, {@code
 * Integer}, {@code Long}, {@code Float}, {@code Double}, {@code String}, {@link LocalDate}, {@link
 * Instant} (TIMESTAMP), {@link LocalDateTime} (TIMESTAMP_NTZ) and {@link BigDecimal} (DECIMAL).
 */
public sealed interface DataType extends java.io.Serializable
    permits DataType.Simple, DataType.Decimal {

  DataType BOOLEAN = new Simple(TypeId.BOOLEAN);
  DataType INT32 = new Simple(TypeId.INT32);
  DataType INT64 = new Simple(TypeId.INT64);
  DataType FLOAT32 = new Simple(TypeId.FLOAT32);
  DataType FLOAT64 = new Simple(TypeId.FLOAT64);
  DataType STRING = new Simple(TypeId.STRING);
  DataType DATE = new Simple(TypeId.DATE);
  DataType TIMESTAMP = new Simple(TypeId.TIMESTAMP);
  DataType TIMESTAMP_NTZ = new Simple(TypeId.TIMESTAMP_NTZ);

  /** The largest precision a DECIMAL may have (as in Spark and Iceberg). */
  int MAX_DECIMAL_PRECISION = 38;

  TypeId id();

  /** A DECIMAL with {@code precision} digits in all, {@code scale} of them after the point. */
  static DataType decimal(int precision, int scale) {
    return new Decimal(precision, scale);
  }

  /** The type of every id but DECIMAL, which needs {@link #decimal(int, int)}. */
  static DataType of(TypeId id) {
    return switch (id) {
      case BOOLEAN -> BOOLEAN;
      case INT32 -> INT32;
      case INT64 -> INT64;
      case FLOAT32 -> FLOAT32;
      case FLOAT64 -> FLOAT64;
      case STRING -> STRING;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP;
      case TIMESTAMP_NTZ -> TIMESTAMP_NTZ;
      case DECIMAL ->
          throw new AnalysisException(
              "DECIMAL needs a precision and scale: use DataType.decimal(p, s)");
    };
  }

  /**
   * Parses a type name as printed by {@code toString()} ({@code "int64"}, {@code "decimal(10,2)"}),
   * case-insensitively; SQL names ({@code int}, {@code bigint}, {@code double}, {@code varchar},
   * ...) are accepted too.
   */
  static DataType parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    if (n.startsWith("decimal(") && n.endsWith(")")) {
      String[] ps = n.substring(8, n.length() - 1).split(",");
      try {
        return decimal(Integer.parseInt(ps[0]), ps.length > 1 ? Integer.parseInt(ps[1]) : 0);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new AnalysisException("Malformed decimal type '" + name + "': expected decimal(p,s)");
      }
    }
    return switch (n) {
      case "boolean", "bool" -> BOOLEAN;
      case "int32", "int", "integer" -> INT32;
      case "int64", "long", "bigint" -> INT64;
      case "float32", "float", "real" -> FLOAT32;
      case "float64", "double" -> FLOAT64;
      case "string", "varchar", "text" -> STRING;
      case "date" -> DATE;
      case "timestamp", "timestamptz", "timestamp_ltz" -> TIMESTAMP;
      case "timestamp_ntz" -> TIMESTAMP_NTZ;
      case "decimal" -> decimal(10, 0);
      default ->
          throw new AnalysisException(
              "Unknown type '"
                  + name
                  + "': expected one of boolean, int32, int64, float32, float64, string, date,"
                  + " timestamp, timestamp_ntz, decimal(p,s)");
    };
  }

  default boolean isNumeric() {
    return switch (id()) {
      case INT32, INT64, FLOAT32, FLOAT64, DECIMAL -> true;
      default -> false;
    };
  }

  default boolean isIntegral() {
    return id() == TypeId.INT32 || id() == TypeId.INT64;
  }

  default boolean isFloating() {
    return id() == TypeId.FLOAT32 || id() == TypeId.FLOAT64;
  }

  default boolean isTemporal() {
    return id() == TypeId.DATE || id() == TypeId.TIMESTAMP || id() == TypeId.TIMESTAMP_NTZ;
  }

  /** The Java class that carries values of this type. */
  default Class<?> javaClass() {
    return switch (id()) {
      case BOOLEAN -> Boolean.class;
      case INT32 -> Integer.class;
      case INT64 -> Long.class;
      case FLOAT32 -> Float.class;
      case FLOAT64 -> Double.class;
      case STRING -> String.class;
      case DATE -> LocalDate.class;
      case TIMESTAMP -> Instant.class;
      case TIMESTAMP_NTZ -> LocalDateTime.class;
      case DECIMAL -> BigDecimal.class;
    };
  }

  /** Every type but DECIMAL. */
  record Simple(TypeId id) implements DataType {
    public Simple {
      if (id == TypeId.DECIMAL) {
        throw new AnalysisException("DECIMAL needs a precision and scale");
      }
    }

    @Override
    public String toString() {
      return id.name().toLowerCase(Locale.ROOT);
    }
  }

  /** An exact decimal number: {@code precision} digits, {@code scale} after the point. */
  record Decimal(int precision, int scale) implements DataType {
    public Decimal {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
        throw new AnalysisException(
            "Invalid decimal("
                + precision
                + ","
                + scale
                + "): expected 1 <= precision <= 38 and 0 <= scale <= precision");
      }
    }

    @Override
    public TypeId id() {
      return TypeId.DECIMAL;
    }

    @Override
    public String toString() {
      return "decimal(" + precision + "," + scale + ")";
    }
  }
}
