package io.frameshift.iceberg;

import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one mapping between Frameshift's types and values and Iceberg's (the type table of
 * docs/semantics.md). Iceberg keeps values in two forms: the generic records' (OffsetDateTime,
 * LocalDate, ...) and the internal one of partition data and literals (days and microseconds).
 */
final class IcebergTypes {
  private static final OffsetDateTime EPOCH = Instant.EPOCH.atOffset(ZoneOffset.UTC);

  private IcebergTypes() {}

  /** Our schema as an Iceberg schema, field ids 1..n (the catalog reassigns them on create). */
  static org.apache.iceberg.Schema toIceberg(Schema schema) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (Field f : schema.fields()) {
      Type t = toIceberg(f.type());
      fields.add(
          f.nullable()
              ? Types.NestedField.optional(id++, f.name(), t)
              : Types.NestedField.required(id++, f.name(), t));
    }
    return new org.apache.iceberg.Schema(fields);
  }

  static Type toIceberg(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> Types.BooleanType.get();
      case INT32 -> Types.IntegerType.get();
      case INT64 -> Types.LongType.get();
      case FLOAT32 -> Types.FloatType.get();
      case FLOAT64 -> Types.DoubleType.get();
      case STRING -> Types.StringType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withZone();
      case TIMESTAMP_NTZ -> Types.TimestampType.withoutZone();
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) t;
        yield Types.DecimalType.of(d.precision(), d.scale());
      }
    };
  }

  /**
   * An Iceberg schema as ours.
   *
   * @throws UnsupportedCapabilityException naming the first column whose type has no Frameshift
   *     counterpart
   */
  static Schema toFrameshift(org.apache.iceberg.Schema schema, String table) {
    List<Field> fields = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      fields.add(new Field(f.name(), toFrameshift(f.type(), f.name(), table), f.isOptional()));
    }
    return Schema.of(fields);
  }

  static DataType toFrameshift(Type t, String column, String table) {
    return switch (t.typeId()) {
      case BOOLEAN -> DataType.BOOLEAN;
      case INTEGER -> DataType.INT32;
      case LONG -> DataType.INT64;
      case FLOAT -> DataType.FLOAT32;
      case DOUBLE -> DataType.FLOAT64;
      case STRING -> DataType.STRING;
      case DATE -> DataType.DATE;
      case TIMESTAMP ->
          ((Types.TimestampType) t).shouldAdjustToUTC()
              ? DataType.TIMESTAMP
              : DataType.TIMESTAMP_NTZ;
      case DECIMAL -> {
        Types.DecimalType d = (Types.DecimalType) t;
        yield DataType.decimal(d.precision(), d.scale());
      }
      default ->
          throw new UnsupportedCapabilityException(
              "Column '"
                  + column
                  + "' of table "
                  + table
                  + " has Iceberg type "
                  + t
                  + ", which Frameshift does not support; supported: boolean, int, long, float,"
                  + " double, string, date, timestamptz, timestamp, decimal(p, s)");
    };
  }

  /** The field id of each top-level column. */
  static Map<String, Integer> fieldIds(org.apache.iceberg.Schema schema) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Types.NestedField f : schema.columns()) {
      ids.put(f.name(), f.fieldId());
    }
    return ids;
  }

  /** A value of a generic record (or null) in the Java class our {@code type} uses. */
  static Object fromGeneric(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    return switch (type.id()) {
      case STRING -> v.toString();
      case TIMESTAMP -> ((OffsetDateTime) v).toInstant();
      default -> v;
    };
  }

  /** Our value as Iceberg's internal form: days for dates, microseconds for timestamps. */
  static Object toInternal(Object v) {
    if (v instanceof LocalDate d) {
      return Math.toIntExact(d.toEpochDay());
    }
    if (v instanceof Instant i) {
      return ChronoUnit.MICROS.between(EPOCH, i.atOffset(ZoneOffset.UTC));
    }
    if (v instanceof LocalDateTime t) {
      return ChronoUnit.MICROS.between(EPOCH, t.atOffset(ZoneOffset.UTC));
    }
    return v;
  }

  /** An internal value of Iceberg {@code type} as ours. */
  static Object fromInternal(Object v, Type type) {
    if (v == null) {
      return null;
    }
    return switch (type.typeId()) {
      case DATE -> LocalDate.ofEpochDay(((Number) v).longValue());
      case TIMESTAMP -> {
        long micros = ((Number) v).longValue();
        Instant i = EPOCH.plus(micros, ChronoUnit.MICROS).toInstant();
        yield ((Types.TimestampType) type).shouldAdjustToUTC()
            ? i
            : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
      }
      case STRING -> v.toString();
      case DECIMAL -> (BigDecimal) v;
      default -> v;
    };
  }
}
