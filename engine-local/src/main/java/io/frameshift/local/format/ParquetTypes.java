package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet column types against Frameshift's: what each physical type with its logical annotation
 * reads as, and what each Frameshift type is written as. Writing follows Spark's non-legacy writer
 * with {@code outputTimestampType=TIMESTAMP_MICROS} (decimals in the narrowest of INT32, INT64 and
 * FIXED_LEN_BYTE_ARRAY; timestamps as INT64 micros, UTC-adjusted or not), so Spark and Iceberg read
 * the files back with the same types.
 */
final class ParquetTypes {
  private ParquetTypes() {}

  /** The schema a file's columns read as; nested and unsupported columns are refused. */
  static Schema schemaOf(MessageType file, Path path) {
    List<Field> fields = new ArrayList<>();
    for (Type t : file.getFields()) {
      PrimitiveType p = flat(t, path);
      fields.add(
          new Field(t.getName(), typeOf(p, path), t.getRepetition() != Type.Repetition.REQUIRED));
    }
    return Schema.of(fields);
  }

  /** {@code t} as a flat primitive column, or an error naming the file and the column. */
  static PrimitiveType flat(Type t, Path path) {
    if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
      String what =
          t.getLogicalTypeAnnotation() != null
              ? t.getLogicalTypeAnnotation().toString().toLowerCase(java.util.Locale.ROOT)
              : t.isPrimitive() ? "repeated" : "struct";
      throw new InputException(
          "Parquet file "
              + path
              + " has nested column '"
              + t.getName()
              + "' ("
              + what
              + "); Frameshift reads flat columns only (no lists, maps or structs)");
    }
    return t.asPrimitiveType();
  }

  /** What a flat Parquet column reads as, or an error naming the file and the column. */
  static DataType typeOf(PrimitiveType p, Path path) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    DataType t =
        switch (p.getPrimitiveTypeName()) {
          case BOOLEAN -> a == null ? DataType.BOOLEAN : null;
          case INT32 -> {
            if (a == null) {
              yield DataType.INT32;
            } else if (a instanceof IntLogicalTypeAnnotation i) {
              yield i.isSigned() || i.getBitWidth() < 32 ? DataType.INT32 : DataType.INT64;
            } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
              yield DataType.DATE;
            } else {
              yield decimal(a);
            }
          }
          case INT64 -> {
            if (a == null) {
              yield DataType.INT64;
            } else if (a instanceof IntLogicalTypeAnnotation i) {
              // as Spark reads UINT_64: every value fits 20 digits
              yield i.isSigned() ? DataType.INT64 : DataType.decimal(20, 0);
            } else if (a instanceof TimestampLogicalTypeAnnotation ts) {
              yield ts.isAdjustedToUTC() ? DataType.TIMESTAMP : DataType.TIMESTAMP_NTZ;
            } else {
              yield decimal(a);
            }
          }
          // legacy nanosecond instants (Spark's outputTimestampType=INT96, Impala, Hive)
          case INT96 -> a == null ? DataType.TIMESTAMP : null;
          case FLOAT -> a == null ? DataType.FLOAT32 : null;
          case DOUBLE -> a == null ? DataType.FLOAT64 : null;
          case BINARY -> {
            if (a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
              yield DataType.STRING;
            }
            yield decimal(a);
          }
          case FIXED_LEN_BYTE_ARRAY -> decimal(a);
        };
    if (t == null) {
      throw new InputException(
          "Parquet file "
              + path
              + " has column '"
              + p.getName()
              + "' of type "
              + describe(p)
              + ", which Frameshift has no type for; supported: boolean, int8/16/32/64,"
              + " uint8/16/32/64, float, double, decimal, string (UTF8, enum, json), date,"
              + " timestamp (millis, micros, nanos, int96)");
    }
    return t;
  }

  private static DataType decimal(LogicalTypeAnnotation a) {
    return a instanceof DecimalLogicalTypeAnnotation d
            && d.getPrecision() <= DataType.MAX_DECIMAL_PRECISION
        ? DataType.decimal(d.getPrecision(), d.getScale())
        : null;
  }

  /** A column's Parquet type as messages show it: physical type and annotation. */
  static String describe(PrimitiveType p) {
    String physical = p.getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT);
    if (p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
      physical += "(" + p.getTypeLength() + ")";
    }
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    return a == null ? physical : physical + " " + a;
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Spark names the message so; readers ignore the name. */
  private static final String MESSAGE = "spark_schema";

  /**
   * The file schema of {@code schema}; a column is REQUIRED only when its field is not nullable and
   * it holds no null ({@code hasNulls[c]}), as Spark writes non-nullable columns.
   */
  static MessageType fileSchema(Schema schema, boolean[] hasNulls) {
    return fileSchema(schema, hasNulls, null);
  }

  /**
   * As {@link #fileSchema(Schema, boolean[])}, column {@code c} with field id {@code fieldIds[c]}
   * (how table readers find a column whatever its name is now); no ids when {@code fieldIds} is
   * null.
   */
  static MessageType fileSchema(Schema schema, boolean[] hasNulls, int[] fieldIds) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (int c = 0; c < schema.size(); c++) {
      Field f = schema.field(c);
      Type.Repetition rep =
          !f.nullable() && !hasNulls[c] ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
      Types.PrimitiveBuilder<PrimitiveType> column = column(f.type(), rep);
      if (fieldIds != null) {
        column = column.id(fieldIds[c]);
      }
      message.addField(column.named(f.name()));
    }
    return message.named(MESSAGE);
  }

  private static Types.PrimitiveBuilder<PrimitiveType> column(DataType type, Type.Repetition rep) {
    return switch (type.id()) {
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep);
      case INT32 -> Types.primitive(PrimitiveTypeName.INT32, rep);
      case INT64 -> Types.primitive(PrimitiveTypeName.INT64, rep);
      case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, rep);
      case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, rep);
      case STRING ->
          Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType());
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType());
      case TIMESTAMP ->
          Types.primitive(PrimitiveTypeName.INT64, rep)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
      case TIMESTAMP_NTZ ->
          Types.primitive(PrimitiveTypeName.INT64, rep)
              .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS));
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) type;
        LogicalTypeAnnotation a = LogicalTypeAnnotation.decimalType(d.scale(), d.precision());
        if (d.precision() <= 9) {
          yield Types.primitive(PrimitiveTypeName.INT32, rep).as(a);
        } else if (d.precision() <= 18) {
          yield Types.primitive(PrimitiveTypeName.INT64, rep).as(a);
        }
        yield Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
            .length(decimalBytes(d.precision()))
            .as(a);
      }
    };
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision}. */
  static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
      bytes++;
    }
    return bytes;
  }
}
