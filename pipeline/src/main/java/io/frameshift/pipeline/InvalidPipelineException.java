package io.frameshift.pipeline;

import io.frameshift.error.FrameshiftException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline spec is not valid: it does not match the published schema, or names a step, source or
 * column that does not exist, or holds an expression that does not parse. Thrown before anything
 * runs; {@link #problems()} lists every problem found, each with its file, line and field.
 */
public class InvalidPipelineException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidPipelineException(List<Problem> problems) {
    super(
        problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + " in the pipeline spec:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * One problem.
   *
   * @param file the spec file
   * @param line line, from 1 (0 when unknown)
   * @param column column, from 1 (0 when unknown)
   * @param where the part of the spec: {@code steps[2] (positive)}, {@code sources.orders}, ...
   * @param field the field at fault, e.g. {@code filter}, or empty
   * @param message what is wrong, with the alternatives where there are some
   */
  public record Problem(
      String file, int line, int column, String where, String field, String message) {
    @Override
    public String toString() {
      return file
          + ":"
          + line
          + ":"
          + column
          + ": "
          + where
          + (field.isEmpty() ? "" : " field '" + field + "'")
          + ": "
          + message;
    }
  }
}
