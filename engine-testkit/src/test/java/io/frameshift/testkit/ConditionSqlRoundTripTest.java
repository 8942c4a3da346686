package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.expr.Expr;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every random condition printed with {@code toSql()} parses back with {@link Expr#parse} to an
 * equal tree: the SQL form loses nothing, and the parser reads every construct the printer writes
 * (IN lists followed by more logic, negative and extreme literals, quotes in strings and names,
 * names that are SQL keywords or hold dots, date and timestamp literals).
 */
class ConditionSqlRoundTripTest {
  /** Columns of every comparable type, named as awkwardly as a user may name them. */
  private static final Schema AWKWARD =
      Schema.builder()
          .column("k1", DataType.STRING)
          .column("order status", DataType.STRING)
          .column("it's", DataType.STRING)
          .column("a\"b", DataType.STRING)
          .column("t.a", DataType.STRING)
          .column("value", DataType.STRING)
          .column("name", DataType.STRING)
          .column("v", DataType.INT32)
          .column("key", DataType.INT32)
          .column("year", DataType.INT32)
          .column("x.y.z", DataType.INT32)
          .column("select", DataType.INT32)
          .column("1st", DataType.INT32)
          .column("v1", DataType.INT64)
          .column("interval", DataType.INT64)
          .column("true", DataType.INT64)
          .column("a`b", DataType.INT64)
          .column("v2", DataType.FLOAT64)
          .column("date", DataType.FLOAT64)
          .column("null", DataType.FLOAT64)
          .column("not", DataType.FLOAT64)
          .column("naïve", DataType.FLOAT64)
          .column("d", DataType.DATE)
          .column("order date", DataType.DATE)
          .column("time", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .column("current", DataType.TIMESTAMP)
          .column("ntz", DataType.TIMESTAMP_NTZ)
          .column("timestamp", DataType.TIMESTAMP_NTZ)
          .column("flag", DataType.BOOLEAN)
          .column("case", DataType.BOOLEAN)
          .column("end", DataType.BOOLEAN)
          .build();

  @Property(tries = 500)
  void printedConditionParsesBackToTheSameTree(@ForAll("conditions") Expr condition) {
    String sql = condition.toSql();
    assertThat(Expr.parse(sql)).as("Expr.parse(\"%s\")", sql).isEqualTo(condition);
  }

  @Property(tries = 200)
  void conditionsOverTheSampleFrameParseBack(@ForAll("sampleConditions") Expr condition) {
    String sql = condition.toSql();
    assertThat(Expr.parse(sql)).as("Expr.parse(\"%s\")", sql).isEqualTo(condition);
  }

  @Provide
  Arbitrary<Expr> conditions() {
    return RandomConditions.over(AWKWARD);
  }

  @Provide
  Arbitrary<Expr> sampleConditions() {
    return RandomConditions.over(RandomConditions.SAMPLE_SCHEMA);
  }
}
