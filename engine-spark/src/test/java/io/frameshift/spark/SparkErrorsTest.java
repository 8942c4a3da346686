package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.error.EngineException;
import io.frameshift.error.EvaluationException;
import io.frameshift.error.InputException;
import java.util.Map;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class SparkErrorsTest {
  @Test
  void sparkTypeNamesAreShownAsFrameshiftTypes() {
    assertThat(SparkErrors.typeName("\"INT\"")).isEqualTo("int32");
    assertThat(SparkErrors.typeName("\"BIGINT\"")).isEqualTo("int64");
    assertThat(SparkErrors.typeName("\"DOUBLE\"")).isEqualTo("float64");
    assertThat(SparkErrors.typeName("\"DECIMAL(4,1)\"")).isEqualTo("decimal(4,1)");
    assertThat(SparkErrors.typeName("\"TIMESTAMP_NTZ\"")).isEqualTo("timestamp_ntz");
    assertThat(SparkErrors.typeName("\"INTERVAL DAY\"")).isEqualTo("interval day");
  }

  @Test
  void messagesDropSparksAdviceToChangeSettings() {
    String m =
        SparkErrors.evaluationMessage(
            "CAST_OVERFLOW",
            Map.of("value", "NaN", "sourceType", "\"DOUBLE\"", "targetType", "\"INT\""),
            "ignored");
    assertThat(m)
        .isEqualTo("Cannot cast NaN (float64) to int32: out of range (Spark error CAST_OVERFLOW)");
    String other =
        SparkErrors.evaluationMessage(
            "DATETIME_OVERFLOW",
            Map.of(),
            "[DATETIME_OVERFLOW] Datetime operation overflow: x. Use `try_add` to tolerate. SQLSTATE: 22008");
    assertThat(other).isEqualTo("Datetime operation overflow: x. (Spark error DATETIME_OVERFLOW)");
  }

  /** A remote executor's failure whose exception did not survive the trip keeps only its text. */
  @Test
  void conditionsAreRecognisedInTheTextOfRemoteFailures() {
    SparkException remote =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 (TID 7) (10.0.0.2 executor 1):"
                + " org.apache.spark.SparkArithmeticException: [DIVIDE_BY_ZERO] Division by zero."
                + " Use `try_divide` to tolerate divisor being 0. SQLSTATE: 22012\n\tat ...");
    assertThat(SparkErrors.translate(remote, "collecting"))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero")
        .hasCause(remote);
    SparkException raised =
        new SparkException(
            "Job aborted: org.apache.spark.SparkRuntimeException: [USER_RAISED_EXCEPTION] "
                + SparkErrors.INPUT_TAG
                + "Bad value 'x' in column 'a' of file f.csv: expected int32 SQLSTATE: P0001");
    assertThat(SparkErrors.translate(raised, "collecting"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("Bad value 'x' in column 'a' of file f.csv");
    assertThat(SparkErrors.translate(new SparkException("Executor lost"), "counting"))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("counting")
        .hasMessageContaining("Executor lost");
  }
}
