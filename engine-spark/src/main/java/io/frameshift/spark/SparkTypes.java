package io.frameshift.spark;

import io.frameshift.Row;
import io.frameshift.error.EngineException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Maps Frameshift types and values to Spark's and back (the type table of docs/semantics.md). */
final class SparkTypes {
  private SparkTypes() {}

  static org.apache.spark.sql.types.DataType toSpark(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> DataTypes.BooleanType;
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case FLOAT32 -> DataTypes.FloatType;
      case FLOAT64 -> DataTypes.DoubleType;
      case STRING -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case TIMESTAMP_NTZ -> DataTypes.TimestampNTZType;
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) t;
        yield DataTypes.createDecimalType(d.precision(), d.scale());
      }
    };
  }

  /**
   * The Frameshift type of a Spark type. Spark types without a Frameshift counterpart (binary,
   * arrays, structs, intervals, ...) throw an {@link EngineException} naming the column, so a
   * foreign Dataset fails where it enters rather than deep inside a plan.
   */
  static DataType fromSpark(String column, org.apache.spark.sql.types.DataType t) {
    if (t instanceof DecimalType d) {
      return DataType.decimal(d.precision(), d.scale());
    }
    if (t.equals(DataTypes.BooleanType)) {
      return DataType.BOOLEAN;
    }
    // Spark's narrow integers have no Frameshift type of their own: they widen exactly to INT32.
    if (t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.ByteType)) {
      return DataType.INT32;
    }
    if (t.equals(DataTypes.LongType)) {
      return DataType.INT64;
    }
    if (t.equals(DataTypes.FloatType)) {
      return DataType.FLOAT32;
    }
    if (t.equals(DataTypes.DoubleType)) {
      return DataType.FLOAT64;
    }
    if (t instanceof org.apache.spark.sql.types.StringType) {
      return DataType.STRING;
    }
    if (t.equals(DataTypes.DateType)) {
      return DataType.DATE;
    }
    if (t.equals(DataTypes.TimestampType)) {
      return DataType.TIMESTAMP;
    }
    if (t.equals(DataTypes.TimestampNTZType)) {
      return DataType.TIMESTAMP_NTZ;
    }
    throw new EngineException(
        "Column '"
            + column
            + "' has Spark type "
            + t.simpleString()
            + ", which Frameshift cannot represent; supported: boolean, tinyint, smallint, int,"
            + " bigint, float, double, string, date, timestamp, timestamp_ntz, decimal(p,s)");
  }

  /**
   * Spark's schema for a Frameshift schema. Every Spark field is nullable: Spark's optimizer trusts
   * non-nullability to drop null checks, and a wrongly declared column would then give wrong
   * answers instead of an error. The Frameshift schema keeps the declared nullability.
   */
  static StructType toSpark(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      fields.add(DataTypes.createStructField(f.name(), toSpark(f.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  static Schema fromSpark(StructType struct) {
    List<Field> fields = new ArrayList<>();
    for (StructField f : struct.fields()) {
      fields.add(new Field(f.name(), fromSpark(f.name(), f.dataType()), f.nullable()));
    }
    return Schema.of(fields);
  }

  /** A Spark row of a Frameshift row: the Java value classes are the ones Spark takes. */
  static org.apache.spark.sql.Row toSpark(Row row) {
    return RowFactory.create(row.values().toArray());
  }

  /**
   * A Frameshift row of a Spark row holding values of {@code schema}'s types. With {@code
   * spark.sql.datetime.java8API.enabled} Spark already gives Instant, LocalDate and LocalDateTime;
   * the legacy java.sql classes are still converted in case the user's session turned it off.
   */
  static Row fromSpark(Schema schema, org.apache.spark.sql.Row row) {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(schema.field(i).type(), row.get(i));
    }
    return Row.trusted(schema, values);
  }

  private static Object value(DataType t, Object v) {
    if (v == null) {
      return null;
    }
    return switch (t.id()) {
      case BOOLEAN, INT64, FLOAT32, FLOAT64, STRING, TIMESTAMP_NTZ -> v;
      case INT32 -> v instanceof Number n && !(v instanceof Integer) ? n.intValue() : v;
      case DATE -> v instanceof java.sql.Date d ? d.toLocalDate() : v;
      case TIMESTAMP -> v instanceof java.sql.Timestamp ts ? ts.toInstant() : v;
      case DECIMAL -> ((BigDecimal) v).setScale(((DataType.Decimal) t).scale());
    };
  }
}
