package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.FrameshiftException;
import io.frameshift.spi.Capability;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What every conformance test interface shares: the session under test, and helpers to build
 * frames, run them and compare what they give with rows written by hand.
 *
 * <p>Frames run in exactly two places, so that a suite can change how they run (the {@link
 * DifferentialConformanceSuite} runs each on two engines and compares): {@link #rows(DataFrame)}
 * for results and {@link #assertFailure(DataFrame, FrameAction, Class, String...)} for failures.
 * Failures that happen before any engine runs (analysis errors, bad options, missing files) go
 * through {@link #assertFailure(ThrowingCallable, Class, String...)}.
 *
 * <p>Expected values are compared exactly: an {@code Integer} is not a {@code Long}, a {@code
 * BigDecimal} must have the type's scale, {@code -0.0} is not {@code 0.0}, and NaN equals NaN.
 */
public interface ConformanceBase {

  /** The session under test, open for the whole suite. */
  Frameshift session();

  /** The optional capabilities the engines under test have; the others must fail loudly. */
  Set<Capability> capabilities();

  /**
   * A second session set up like {@link #session()} and then adjusted by {@code settings}, for
   * rules that depend on session settings (e.g. the join suffix). The caller closes it.
   */
  Frameshift newSession(UnaryOperator<Frameshift.Builder> settings);

  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  // ==== building frames and expected values ================================================

  default Field field(String name, DataType type) {
    return Field.of(name, type);
  }

  default Schema schema(Field... fields) {
    return Schema.of(fields);
  }

  /** One row of values in column order, for {@link #frame} and the row assertions. */
  default Object[] row(Object... values) {
    return values;
  }

  /** An in-memory frame of {@code rows}, each given in the order of {@code schema}. */
  default DataFrame frame(Schema schema, Object[]... rows) {
    return session().createDataFrame(schema, rows);
  }

  /** A one-column frame: {@code column("x", INT32, 1, null, 3)}. */
  default DataFrame column(String name, DataType type, Object... values) {
    Object[][] rows = new Object[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new Object[] {values[i]};
    }
    return frame(schema(field(name, type)), rows);
  }

  default LocalDate date(String isoDate) {
    return LocalDate.parse(isoDate);
  }

  /** An instant from ISO text ending in an offset, e.g. {@code 2020-01-02T03:04:05.000006Z}. */
  default Instant ts(String isoInstant) {
    return Instant.parse(isoInstant);
  }

  /** A local date-time from ISO text, e.g. {@code 2020-01-02T03:04:05.000006}. */
  default LocalDateTime ntz(String isoLocal) {
    return LocalDateTime.parse(isoLocal);
  }

  /** A decimal whose scale is the number of digits written after the point. */
  default BigDecimal dec(String plain) {
    return new BigDecimal(plain);
  }

  /** Writes a UTF-8 text file and returns its path. */
  default Path textFile(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ==== running frames ======================================================================

  /**
   * Runs {@code df} and returns its rows, after checking they have the schema analysis computed
   * (names, types, and values of the types' Java classes). Every result a test looks at comes from
   * here.
   */
  default List<Row> rows(DataFrame df) {
    List<Row> out = df.collect();
    RowComparison.assertConforms(df.schema(), out);
    return out;
  }

  /** The frame gives exactly these rows, in any order (a multiset: duplicates count). */
  default void assertRows(DataFrame df, Object[]... expected) {
    RowComparison.assertSameRows(
        "Frame " + df.columns(),
        RowComparison.values(rows(df)),
        RowComparison.expected(df.schema(), Arrays.asList(expected)),
        false);
  }

  /** The frame gives exactly these rows in this order; for sorted frames. */
  default void assertOrderedRows(DataFrame df, Object[]... expected) {
    RowComparison.assertSameRows(
        "Sorted frame " + df.columns(),
        RowComparison.values(rows(df)),
        RowComparison.expected(df.schema(), Arrays.asList(expected)),
        true);
  }

  /** The frame's columns have exactly these names and types, in order (nullability ignored). */
  default void assertSchema(DataFrame df, Field... expected) {
    Schema actual = df.schema();
    List<String> names = Arrays.stream(expected).map(Field::name).toList();
    List<DataType> types = Arrays.stream(expected).map(Field::type).toList();
    assertThat(actual.names()).as("column names of %s", actual).isEqualTo(names);
    assertThat(actual.types()).as("column types of %s", actual).isEqualTo(types);
  }

  // ==== failures ============================================================================

  /**
   * {@code action} throws {@code type} whose message contains every one of {@code messageParts}
   * (ignoring case). For failures that happen before any engine runs the frame: analysis, option
   * checks, missing inputs.
   *
   * @return the exception, for further checks
   */
  default FrameshiftException assertFailure(
      ThrowingCallable action, Class<? extends FrameshiftException> type, String... messageParts) {
    Throwable thrown = catchThrowable(action);
    if (thrown == null) {
      fail("Expected %s but nothing was thrown", type.getSimpleName());
    }
    assertThat(thrown).as("the exception thrown").isInstanceOf(type);
    String message = String.valueOf(thrown.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    for (String part : messageParts) {
      if (!lower.contains(part.toLowerCase(Locale.ROOT))) {
        fail(
            "The message of %s should name '%s' but is: %s",
            thrown.getClass().getSimpleName(), part, message);
      }
    }
    return (FrameshiftException) thrown;
  }

  /**
   * Running {@code action} on {@code df} throws {@code type} naming {@code messageParts}. For
   * failures raised while an engine works: evaluation errors, bad input, missing capabilities,
   * existing outputs.
   */
  default FrameshiftException assertFailure(
      DataFrame df,
      FrameAction action,
      Class<? extends FrameshiftException> type,
      String... messageParts) {
    return assertFailure(() -> action.run(df), type, messageParts);
  }

  /** Collecting {@code df} throws {@code type} naming {@code messageParts}. */
  default FrameshiftException assertRunFailure(
      DataFrame df, Class<? extends FrameshiftException> type, String... messageParts) {
    return assertFailure(df, DataFrame::collect, type, messageParts);
  }
}
