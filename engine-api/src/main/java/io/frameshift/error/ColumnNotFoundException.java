package io.frameshift.error;

import java.util.List;

/** A column name does not resolve; the message lists the available columns. */
public class ColumnNotFoundException extends FrameshiftException {
  private static final long serialVersionUID = 1L;
  private final String column;
  private final List<String> available;

  public ColumnNotFoundException(String column, List<String> available) {
    super("Column '" + column + "' not found; available columns: " + available);
    this.column = column;
    this.available = List.copyOf(available);
  }

  public String column() {
    return column;
  }

  public List<String> available() {
    return available;
  }
}
