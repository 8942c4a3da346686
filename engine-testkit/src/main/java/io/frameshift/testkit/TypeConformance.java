package io.frameshift.testkit;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.length;
import static io.frameshift.types.DataType.FLOAT32;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.decimal;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.types.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every type goes in and comes out unchanged, through every kind of operation; null, NaN and the
 * minimum integers stay three different values (docs/semantics.md, "Types").
 */
public interface TypeConformance extends ConformanceBase {

  private DataFrame everyType() {
    return frame(Samples.EVERY_TYPE, samples());
  }

  /** The sample rows, keeping only {@code columns} (all when none are given), in that order. */
  private Object[][] samples(String... columns) {
    List<String> names = Samples.EVERY_TYPE.names();
    List<String> keep = columns.length == 0 ? names : Arrays.asList(columns);
    List<Object[]> out = new ArrayList<>();
    for (Object[] r : Samples.everyTypeRows()) {
      Object[] picked = new Object[keep.size()];
      for (int i = 0; i < picked.length; i++) {
        picked[i] = r[names.indexOf(keep.get(i))];
      }
      out.add(picked);
    }
    return out.toArray(new Object[0][]);
  }

  @Test
  default void everyTypeRoundTrips() {
    DataFrame all = everyType();
    assertSchema(all, Samples.EVERY_TYPE.fields().toArray(new Field[0]));
    assertRows(all, samples());
  }

  @Test
  default void everyTypeSurvivesAProjection() {
    List<String> names = new ArrayList<>(Samples.EVERY_TYPE.names());
    Collections.reverse(names);
    String[] reversed = names.toArray(new String[0]);
    assertRows(everyType().select(reversed), samples(reversed));
  }

  @Test
  default void everyTypeSurvivesAFilter() {
    assertRows(everyType().filter(col("id").gt(0)), samples());
    assertRows(everyType().filter(col("id").gt(7)), samples()[7]);
  }

  @Test
  default void everyTypeSurvivesASort() {
    List<Object[]> descending = new ArrayList<>(Arrays.asList(samples()));
    Collections.reverse(descending);
    assertOrderedRows(everyType().sort(desc("id")), descending.toArray(new Object[0][]));
  }

  @Test
  default void everyTypeSurvivesUnionAndDistinct() {
    Object[][] once = samples();
    Object[][] twice = new Object[once.length * 2][];
    for (int i = 0; i < once.length; i++) {
      twice[2 * i] = once[i];
      twice[2 * i + 1] = once[i];
    }
    assertRows(everyType().union(everyType()), twice);
    assertRows(everyType().union(everyType()).distinct(), once);
  }

  @Test
  default void everyTypeSurvivesAJoin() {
    assertRows(everyType().join(everyType().select("id"), "id"), samples());
  }

  @Test
  default void everyTypeButFloatsIsAGroupKey() {
    // float keys are left out: -0.0 and 0.0 are one key, and which one comes out is open
    String[] keys = {"id", "b", "i", "l", "s", "dt", "ts", "ntz", "dec"};
    Object[][] keyRows = samples(keys);
    Object[][] expected = new Object[keyRows.length][];
    for (int i = 0; i < keyRows.length; i++) {
      expected[i] = Arrays.copyOf(keyRows[i], keys.length + 1);
      expected[i][keys.length] = 1L;
    }
    assertRows(everyType().groupBy(keys).agg(count().as("n")), expected);
  }

  @Test
  default void everyTypeButFloatsIsAJoinKey() {
    String[] keys = {"b", "i", "l", "s", "dt", "ts", "ntz", "dec"};
    String[] order = {"b", "i", "l", "s", "dt", "ts", "ntz", "dec", "id", "f", "d", "id", "f", "d"};
    // rows 7 and 8 hold a null key: they match nothing, not even themselves
    Object[][] expected = Arrays.copyOf(samples(order), 6);
    DataFrame out = everyType().join(everyType(), keys);
    assertThat(out.columns())
        .containsExactly(
            "b",
            "i",
            "l",
            "s",
            "dt",
            "ts",
            "ntz",
            "dec",
            "id",
            "f",
            "d",
            "id_right",
            "f_right",
            "d_right");
    assertRows(out, expected);
  }

  @Test
  default void emptyFrameOfEveryType() {
    DataFrame empty = frame(Samples.EVERY_TYPE);
    assertSchema(empty, Samples.EVERY_TYPE.fields().toArray(new Field[0]));
    assertRows(empty);
    assertRows(empty.agg(count().as("n")), row(0L));
  }

  @Test
  default void nullNanAndMinimumStayApart() {
    DataFrame values =
        frame(
            schema(field("i", INT32), field("l", INT64), field("f", FLOAT32), field("d", FLOAT64)),
            row(Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, Double.NaN),
            row(null, null, null, null),
            row(0, 0L, 0.0f, 0.0));
    assertRows(
        values,
        row(Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, Double.NaN),
        row(null, null, null, null),
        row(0, 0L, 0.0f, 0.0));
    assertRows(
        values.select(
            col("i").isNull().as("i_null"),
            col("l").isNull().as("l_null"),
            col("f").isNull().as("f_null"),
            col("d").isNull().as("d_null"),
            coalesce(col("i"), 7).as("i7"),
            coalesce(col("l"), 7L).as("l7"),
            coalesce(col("f"), 7.0f).as("f7"),
            coalesce(col("d"), 7.0).as("d7")),
        row(false, false, false, false, Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, Double.NaN),
        row(true, true, true, true, 7, 7L, 7.0f, 7.0),
        row(false, false, false, false, 0, 0L, 0.0f, 0.0));
  }

  @Test
  default void groupingKeepsNullNanAndMinimumApart() {
    assertRows(
        column("i", INT32, Integer.MIN_VALUE, null, Integer.MIN_VALUE, 0)
            .groupBy("i")
            .agg(count().as("n")),
        row(Integer.MIN_VALUE, 2L),
        row(null, 1L),
        row(0, 1L));
    assertRows(
        column("d", FLOAT64, Double.NaN, null, Double.NaN, Double.MIN_VALUE)
            .groupBy("d")
            .agg(count().as("n")),
        row(Double.NaN, 2L),
        row(null, 1L),
        row(Double.MIN_VALUE, 1L));
  }

  @Test
  default void joiningKeepsNullAndMinimumApart() {
    DataFrame l = column("k", INT64, Long.MIN_VALUE, null, 0L);
    DataFrame r =
        frame(
            schema(field("k", INT64), field("v", STRING)),
            row(Long.MIN_VALUE, "min"),
            row(null, "null"));
    assertRows(l.join(r, "k"), row(Long.MIN_VALUE, "min"));
  }

  @Test
  default void emptyStringIsNotNull() {
    assertRows(
        column("s", STRING, "", null, " ")
            .select(col("s"), col("s").isNull().as("missing"), length(col("s")).as("n")),
        row("", false, 0),
        row(null, true, null),
        row(" ", false, 1));
  }

  @Test
  default void decimalsKeepTheirScale() {
    DataFrame p = column("p", decimal(5, 2), dec("1.50"), dec("0.00"), dec("-0.01"), dec("999.99"));
    assertSchema(p, field("p", decimal(5, 2)));
    assertRows(p, row(dec("1.50")), row(dec("0.00")), row(dec("-0.01")), row(dec("999.99")));
    assertRows(
        column("m", decimal(38, 0), dec("99999999999999999999999999999999999999"), dec("-1")),
        row(dec("99999999999999999999999999999999999999")),
        row(dec("-1")));
  }
}
