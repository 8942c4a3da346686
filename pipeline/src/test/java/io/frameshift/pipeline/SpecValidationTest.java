package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs that must be refused before anything runs, with the file, line, step and field. */
class SpecValidationTest {

  /** The problems {@link Pipeline#parse} finds in {@code yaml}, read as {@code spec.yaml}. */
  static List<Problem> problems(String yaml) {
    try {
      Pipeline.parse(yaml, "spec.yaml");
    } catch (InvalidPipelineException e) {
      return e.problems();
    }
    throw new AssertionError("the spec was accepted:\n" + yaml);
  }

  /**
   * The one problem {@link Pipeline#check} finds in {@code yaml} against the sources on {@code fs}.
   */
  static Problem checkProblem(Frameshift fs, String yaml) {
    try {
      Pipeline.parse(yaml, "spec.yaml").check(fs);
    } catch (InvalidPipelineException e) {
      assertThat(e.problems()).hasSize(1);
      return e.problems().get(0);
    }
    throw new AssertionError("the check passed:\n" + yaml);
  }

  private static final String SOURCES =
      """
      sources:
        orders: {format: csv, path: orders.csv, options: {header: true}}
        customers: {format: parquet, path: customers}
      """;

  private static final String SINKS =
      """
      sinks:
        - {format: parquet, path: out, mode: overwrite}
      """;

  @Test
  void anUnknownStepNamesItsLineAndTheKinds() {
    List<Problem> p =
        problems(
            SOURCES
                + """
                steps:
                  - filter: "amount > 0"
                  - name: typo
                    filtr: "amount > 1"
                """
                + SINKS);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).file()).isEqualTo("spec.yaml");
    assertThat(p.get(0).line()).isEqualTo(7);
    assertThat(p.get(0).where()).isEqualTo("steps[1] (typo)");
    assertThat(p.get(0).field()).isEqualTo("filtr");
    assertThat(p.get(0).message()).contains("filtr").contains("withColumn").contains("groupBy");
    assertThat(p.get(0).toString()).startsWith("spec.yaml:7:5: steps[1] (typo) field 'filtr': ");
  }

  @Test
  void aMissingOptionNamesTheStepAndField() {
    List<Problem> p =
        problems(
            SOURCES
                + """
                steps:
                  - withColumn: {name: total}
                """
                + SINKS);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).line()).isEqualTo(5);
    assertThat(p.get(0).where()).isEqualTo("steps[0]");
    assertThat(p.get(0).field()).isEqualTo("withColumn.expr");
    assertThat(p.get(0).message()).contains("expr");
  }

  @Test
  void aBadExpressionIsFoundByTheSqlParser() {
    List<Problem> p =
        problems(
            SOURCES
                + """
                steps:
                  - filter: "amount > 0"
                  - groupBy:
                      keys: [country]
                      agg:
                        n: "count(*)"
                        total: "sum(amount"
                """
                + SINKS);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).line()).isEqualTo(10);
    assertThat(p.get(0).where()).isEqualTo("steps[1]");
    assertThat(p.get(0).field()).isEqualTo("groupBy.agg.total");
    assertThat(p.get(0).message()).contains("sum(amount");
  }

  @Test
  void aJoinWithAnUnknownSourceListsTheSources() {
    List<Problem> p =
        problems(
            SOURCES
                + """
                steps:
                  - join: {with: customer, on: [id]}
                """
                + SINKS);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).field()).isEqualTo("join.with");
    assertThat(p.get(0).message()).contains("customer").contains("[orders, customers]");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    List<Problem> p =
        problems(
            SOURCES
                + """
                engine: sparkle
                steps:
                  - limit: -1
                """
                + SINKS);
    assertThat(p).extracting(Problem::field).containsExactlyInAnyOrder("engine", "limit");
    assertThat(p).extracting(Problem::line).containsExactlyInAnyOrder(4, 6);
  }

  @Test
  void severalInputsIntoOnePathAreRefused() {
    List<Problem> p =
        problems(
            """
            input: [orders, customers]
            """
                + SOURCES
                + SINKS);
    assertThat(p).hasSize(1);
    assertThat(p.get(0).where()).isEqualTo("sinks[0]");
    assertThat(p.get(0).field()).isEqualTo("path");
    assertThat(p.get(0).message()).contains("{source}");
  }

  @Test
  void jsonSpecsGiveLinesToo() {
    String json =
        """
        {
          "sources": {"a": {"format": "csv", "path": "a.csv"}},
          "steps": [
            {"select": []}
          ],
          "sinks": [{"format": "csv", "path": "out"}]
        }
        """;
    assertThatThrownBy(() -> Pipeline.parse(json, "p.json"))
        .isInstanceOf(InvalidPipelineException.class)
        .hasMessageContaining("p.json:4:")
        .hasMessageContaining("steps[0] field 'select'");
  }

  @Test
  void anUnknownColumnIsFoundAgainstTheSourceSchema(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("orders.csv"), "id,amount\n1,2.5\n2,3.5\n");
    Pipeline p =
        Pipeline.parse(
            """
            sources:
              orders: {format: csv, path: %s, options: {header: true}}
            steps:
              - filter: "amount > 0"
              - name: total
                withColumn: {name: total, expr: "amout * 2"}
            sinks:
              - {format: parquet, path: %s}
            """
                .formatted(dir.resolve("orders.csv"), dir.resolve("out")),
            "orders.yaml");
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      assertThatThrownBy(() -> p.check(fs))
          .isInstanceOfSatisfying(
              InvalidPipelineException.class,
              e -> {
                Problem pr = e.problems().get(0);
                assertThat(pr.file()).isEqualTo("orders.yaml");
                assertThat(pr.line()).isEqualTo(6);
                assertThat(pr.where()).isEqualTo("steps[1] (total)");
                assertThat(pr.field()).isEqualTo("withColumn");
                assertThat(pr.message()).contains("amout").contains("amount");
              });
      assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }
  }
}
