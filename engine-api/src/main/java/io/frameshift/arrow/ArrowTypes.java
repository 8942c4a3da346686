package io.frameshift.arrow;

import io.frameshift.error.ConversionException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The one mapping between Frameshift types and Arrow types (the type table of docs/semantics.md).
 * An Arrow type with no exact Frameshift counterpart raises {@link ConversionException} naming the
 * column: it is never silently changed.
 */
public final class ArrowTypes {
  private ArrowTypes() {}

  public static ArrowType toArrow(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INT32 -> new ArrowType.Int(32, true);
      case INT64 -> new ArrowType.Int(64, true);
      case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case STRING -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case TIMESTAMP_NTZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) t;
        yield new ArrowType.Decimal(d.precision(), d.scale(), 128);
      }
    };
  }

  /**
   * The Frameshift type of an Arrow column.
   *
   * @throws ConversionException naming {@code column} if the type has no exact counterpart
   */
  public static DataType fromArrow(String column, ArrowType t) {
    DataType out =
        switch (t.getTypeID()) {
          case Bool -> DataType.BOOLEAN;
          case Int -> {
            ArrowType.Int i = (ArrowType.Int) t;
            if (!i.getIsSigned()) {
              yield null;
            }
            yield switch (i.getBitWidth()) {
              case 32 -> DataType.INT32;
              case 64 -> DataType.INT64;
              default -> null;
            };
          }
          case FloatingPoint ->
              switch (((ArrowType.FloatingPoint) t).getPrecision()) {
                case SINGLE -> DataType.FLOAT32;
                case DOUBLE -> DataType.FLOAT64;
                case HALF -> null;
              };
          case Utf8 -> DataType.STRING;
          case Date -> ((ArrowType.Date) t).getUnit() == DateUnit.DAY ? DataType.DATE : null;
          case Timestamp -> {
            ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
            if (ts.getUnit() != TimeUnit.MICROSECOND) {
              yield null;
            }
            String tz = ts.getTimezone();
            yield tz == null ? DataType.TIMESTAMP_NTZ : isUtc(tz) ? DataType.TIMESTAMP : null;
          }
          case Decimal -> {
            ArrowType.Decimal d = (ArrowType.Decimal) t;
            yield d.getBitWidth() == 128 && d.getPrecision() <= DataType.MAX_DECIMAL_PRECISION
                ? DataType.decimal(d.getPrecision(), d.getScale())
                : null;
          }
          default -> null;
        };
    if (out == null) {
      throw new ConversionException(
          "Column '"
              + column
              + "' has Arrow type "
              + t
              + ", which Frameshift cannot hold exactly; supported: Bool, Int(32|64, signed),"
              + " FloatingPoint(SINGLE|DOUBLE), Utf8, Date(DAY), Timestamp(MICROSECOND, UTC|none),"
              + " Decimal(p<=38, s, 128)");
    }
    return out;
  }

  private static boolean isUtc(String tz) {
    return tz.equals("UTC") || tz.equals("Z") || tz.equals("+00:00") || tz.equals("Etc/UTC");
  }

  public static org.apache.arrow.vector.types.pojo.Field toArrow(Field f) {
    return new org.apache.arrow.vector.types.pojo.Field(
        f.name(), new FieldType(f.nullable(), toArrow(f.type()), null), null);
  }

  public static org.apache.arrow.vector.types.pojo.Schema toArrow(Schema s) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>(s.size());
    for (Field f : s.fields()) {
      fields.add(toArrow(f));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  public static Schema fromArrow(org.apache.arrow.vector.types.pojo.Schema s) {
    List<Field> fields = new ArrayList<>(s.getFields().size());
    for (org.apache.arrow.vector.types.pojo.Field f : s.getFields()) {
      fields.add(new Field(f.getName(), fromArrow(f.getName(), f.getType()), f.isNullable()));
    }
    return Schema.of(fields);
  }
}
