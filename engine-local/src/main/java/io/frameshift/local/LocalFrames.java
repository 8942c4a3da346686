package io.frameshift.local;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.error.ConversionException;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The local engine's escape hatch between Frameshift and Tablesaw.
 *
 * <p>Columns map by the type table of docs/semantics.md: BooleanColumn, IntColumn (and ShortColumn,
 * widened) to INT32, LongColumn, FloatColumn, DoubleColumn, StringColumn, DateColumn, InstantColumn
 * to TIMESTAMP and DateTimeColumn to TIMESTAMP_NTZ. Tablesaw marks a missing value with a sentinel
 * ({@code Integer.MIN_VALUE}, {@code NaN}, {@code ""}, ...), which becomes null on the way in. On
 * the way out a null becomes Tablesaw's missing value, every other value is kept as it is; note
 * that Tablesaw then also reads a NaN, a minimum integer or an empty string as missing. Values
 * Tablesaw cannot hold exactly raise {@link ConversionException}: timestamps finer than a
 * millisecond (Tablesaw's precision) and decimals, which become doubles, that no double equals.
 */
public final class LocalFrames {
  private LocalFrames() {}

  /** A DataFrame of a Tablesaw table's current contents, on the local engine of {@code fs}. */
  public static DataFrame of(Frameshift fs, Table table) {
    List<Field> fields = new ArrayList<>();
    List<Vec> vecs = new ArrayList<>();
    for (Column<?> c : table.columns()) {
      Vec v = fromTablesaw(c);
      fields.add(Field.of(c.name(), v.type()));
      vecs.add(v);
    }
    return fs.wrap(new LocalFrame(Schema.of(fields), vecs, table.rowCount()));
  }

  /** Computes {@code df} on the local engine and returns it as a new Tablesaw table. */
  public static Table toTable(DataFrame df) {
    EngineFrame frame = df.materialize(LocalEngine.NAME);
    LocalFrame f = (LocalFrame) frame;
    List<Column<?>> columns = new ArrayList<>();
    for (int i = 0; i < f.schema().size(); i++) {
      columns.add(toTablesaw(f.schema().field(i).name(), f.column(i)));
    }
    return Table.create(columns);
  }

  private static Vec fromTablesaw(Column<?> c) {
    int n = c.size();
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      if (c.isMissing(i)) {
        nulls = Bits.setting(nulls, n, i);
      }
    }
    if (c instanceof BooleanColumn b) {
      byte[] bytes = b.data().toByteArray();
      boolean[] v = new boolean[n];
      for (int i = 0; i < n; i++) {
        v[i] = bytes[i] == 1;
      }
      return Vec.ofBooleans(v, nulls);
    }
    if (c instanceof IntColumn ints) {
      return Vec.ofInts(DataType.INT32, ints.asIntArray(), nulls);
    }
    if (c instanceof ShortColumn shorts) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = shorts.getShort(i);
      }
      return Vec.ofInts(DataType.INT32, v, nulls);
    }
    if (c instanceof LongColumn longs) {
      return Vec.ofLongs(DataType.INT64, longs.asLongArray(), nulls);
    }
    if (c instanceof FloatColumn floats) {
      return Vec.ofFloats(floats.asFloatArray(), nulls);
    }
    if (c instanceof DoubleColumn doubles) {
      return Vec.ofDoubles(doubles.asDoubleArray(), nulls);
    }
    if (c instanceof StringColumn strings) {
      String[] v = new String[n];
      for (int i = 0; i < n; i++) {
        v[i] = Bits.get(nulls, i) ? null : strings.get(i);
      }
      return Vec.ofStrings(v);
    }
    if (c instanceof DateColumn dates) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = dates.getIntInternal(i);
      }
      return Vec.ofInts(DataType.DATE, v, nulls);
    }
    if (c instanceof InstantColumn || c instanceof DateTimeColumn) {
      boolean instant = c instanceof InstantColumn;
      Object[] v = new Object[n];
      for (int i = 0; i < n; i++) {
        v[i] = Bits.get(nulls, i) ? null : c.get(i);
      }
      return Vec.ofObjects(instant ? DataType.TIMESTAMP : DataType.TIMESTAMP_NTZ, v, c.name());
    }
    throw new ConversionException(
        "Tablesaw column '"
            + c.name()
            + "' is a "
            + c.type().name()
            + " column; Frameshift takes BOOLEAN, SHORT, INTEGER, LONG, FLOAT, DOUBLE, STRING,"
            + " LOCAL_DATE, LOCAL_DATE_TIME and INSTANT columns");
  }

  private static Column<?> toTablesaw(String name, Vec v) {
    int n = v.size();
    // Tablesaw's factories copy the arrays they are given: the vector's stay untouched
    return switch (v.type().id()) {
      case BOOLEAN -> withMissing(BooleanColumn.create(name, v.booleans()), v);
      case INT32 -> withMissing(IntColumn.create(name, v.ints()), v);
      case INT64 -> withMissing(LongColumn.create(name, v.longs()), v);
      case FLOAT32 -> withMissing(FloatColumn.create(name, v.floats()), v);
      case FLOAT64 -> withMissing(DoubleColumn.create(name, v.doubles()), v);
      case DATE -> withMissing(DateColumn.createInternal(name, v.ints()), v);
      case STRING -> {
        Column<?> copy = v.strings().copy();
        copy.setName(name);
        yield withMissing(copy, v);
      }
      case TIMESTAMP -> {
        InstantColumn out = InstantColumn.create(name);
        for (int i = 0; i < n; i++) {
          if (v.isNull(i)) {
            out.appendMissing();
          } else {
            out.append(Temporal.toInstant(atMillisecond(name, v, i)));
          }
        }
        yield out;
      }
      case TIMESTAMP_NTZ -> {
        DateTimeColumn out = DateTimeColumn.create(name);
        for (int i = 0; i < n; i++) {
          if (v.isNull(i)) {
            out.appendMissing();
          } else {
            LocalDateTime t = Temporal.toLocalDateTime(atMillisecond(name, v, i));
            out.append(t);
          }
        }
        yield out;
      }
      case DECIMAL -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          if (!v.isNull(i)) {
            BigDecimal d = v.decimal(i);
            out[i] = d.doubleValue();
            if (BigDecimal.valueOf(out[i]).compareTo(d) != 0) {
              throw new ConversionException(
                  "Decimal "
                      + d.toPlainString()
                      + " of column '"
                      + name
                      + "' has no exact double; Tablesaw has no decimal column, so cast it to"
                      + " float64 or string first");
            }
          }
        }
        yield withMissing(DoubleColumn.create(name, out), v);
      }
    };
  }

  /** {@code c} with Tablesaw's missing value in the rows where {@code v} is null. */
  private static Column<?> withMissing(Column<?> c, Vec v) {
    for (int i = 0; i < v.size(); i++) {
      if (v.isNull(i)) {
        c.setMissing(i);
      }
    }
    return c;
  }

  /**
   * The timestamp's microseconds, checked to have no digit below the millisecond Tablesaw keeps.
   */
  private static long atMillisecond(String name, Vec v, int i) {
    long micros = v.i64(i);
    if (micros % 1000 != 0) {
      throw new ConversionException(
          "Timestamp "
              + Text.format(v, i)
              + " of column '"
              + name
              + "' has microseconds, but Tablesaw keeps milliseconds; truncate it first");
    }
    return micros;
  }
}
