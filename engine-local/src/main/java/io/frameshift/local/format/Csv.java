package io.frameshift.local.format;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.frameshift.error.InputException;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Temporal;
import io.frameshift.local.Text;
import io.frameshift.local.Vec;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes CSV datasets: a path is a single file or a directory of part files (every
 * regular file whose name does not start with {@code _} or {@code .}, in name order).
 *
 * <p>Cells: an unquoted empty field is null, and so is a field whose text equals the {@code
 * nullValue} option; a quoted empty field ({@code ""}) is the empty string. Non-string cells are
 * read as {@code CAST(text AS type)} reads them (surrounding whitespace ignored, an empty text is
 * null); a cell that does not parse raises {@link InputException} naming the file, the 1-based line
 * where its record starts, the column and the expected type. Writing prints values as {@code
 * CAST(value AS STRING)} does, nulls as {@code nullValue} and quotes the empty string and any field
 * holding the delimiter, the quote, the escape or a line break, so everything written reads back as
 * itself (unless a string equals a non-empty {@code nullValue}).
 *
 * <p>Schema inference ({@code inferSchema=true}): each column gets the narrowest type that reads
 * all its non-null cells, from INT32 (integers within 32 bits), INT64 (within 64 bits), FLOAT64
 * (decimal or scientific notation, {@code NaN}, {@code Infinity}, {@code -Infinity}, and integers
 * beyond 64 bits), BOOLEAN ({@code true}/{@code false}, any case), DATE ({@code yyyy-MM-dd}),
 * TIMESTAMP_NTZ ({@code yyyy-MM-dd[ T]HH:mm:ss[.fraction]}) and TIMESTAMP (the same followed by
 * {@code Z} or an offset such as {@code +01:00}). Integers widen to FLOAT64, DATE to TIMESTAMP_NTZ
 * and both to TIMESTAMP; any other mix, and a column without a single non-null cell, is STRING.
 * With {@code inferSchema=false} every column is STRING. Column names come from the header (an
 * empty name becomes {@code _c<i>}, a repeated one gets its position appended) or, without a
 * header, are {@code _c0, _c1, ...} as in Spark; the first record sets the number of columns.
 */
final class Csv {
  private Csv() {}

  private static CsvParser parser(CsvOptions o) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(o.delimiter());
    s.getFormat().setQuote(o.quote());
    s.getFormat().setQuoteEscape(o.escape());
    if (o.escape() != o.quote()) {
      s.getFormat().setCharToEscapeQuoteEscaping(o.escape());
    }
    s.setLineSeparatorDetectionEnabled(true);
    s.setCommentProcessingEnabled(false);
    s.setNullValue(null);
    s.setEmptyValue("");
    s.setSkipEmptyLines(false);
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setIgnoreLeadingWhitespacesInQuotes(false);
    s.setIgnoreTrailingWhitespacesInQuotes(false);
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(100_000);
    s.setReadInputOnSeparateThread(false);
    return new CsvParser(s);
  }

  /**
   * Calls {@code onRecord} with each record of {@code file} and the line where it starts, reporting
   * the bytes read to {@code progress} buffer by buffer.
   */
  private static void parse(Path file, CsvOptions o, Progress progress, RecordHandler onRecord) {
    CsvParser parser = parser(o);
    try (Reader reader = open(file, progress)) {
      parser.beginParsing(reader);
      long lastLine = 0;
      String[] record;
      while ((record = parser.parseNext()) != null) {
        long line = lastLine + 1;
        lastLine = parser.getContext().currentLine();
        if (!onRecord.accept(record, line)) {
          break;
        }
      }
    } catch (TextParsingException e) {
      throw new InputException(
          file + " line " + (e.getLineIndex() + 1) + ": malformed CSV: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    } finally {
      parser.stopParsing();
    }
  }

  @FunctionalInterface
  private interface RecordHandler {
    /** Handles one record; false stops reading. */
    boolean accept(String[] record, long line);
  }

  /** UTF-8 (malformed bytes replaced), without a byte-order mark. */
  private static Reader open(Path file, Progress progress) throws IOException {
    BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new CountingInput(Files.newInputStream(file), progress), StandardCharsets.UTF_8),
            1 << 16);
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
    return r;
  }

  /** An empty line reads as one null field; with more than one column it is no record at all. */
  private static boolean blank(String[] record, int columns) {
    return columns != 1 && (record.length == 0 || (record.length == 1 && record[0] == null));
  }

  private static boolean isNull(String cell, CsvOptions o) {
    return cell == null || (!o.nullValue().isEmpty() && cell.equals(o.nullValue()));
  }

  // ---- reading ----------------------------------------------------------------------------------

  /**
   * Reads the files of {@code source} with exactly its schema, reporting bytes to {@code progress}
   * as they are consumed and each file's rows when it is parsed.
   */
  static LocalFrame read(Source source, Progress progress) {
    CsvOptions o = CsvOptions.from(source.options());
    Schema schema = source.schema();
    int width = schema.size();
    List<Path> files = DatasetFiles.list(source.paths(), "CSV");
    Cells cells = new Cells(width);
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      int fileIndex = f;
      boolean[] first = {o.header()};
      int before = cells.rows();
      parse(
          file,
          o,
          progress,
          (record, line) -> {
            if (first[0]) {
              first[0] = false;
              return true;
            }
            if (blank(record, width)) {
              return true;
            }
            if (record.length != width) {
              throw new InputException(
                  file
                      + " line "
                      + line
                      + ": expected "
                      + width
                      + " fields "
                      + schema.names()
                      + ", found "
                      + record.length);
            }
            cells.add(record, fileIndex, (int) Math.min(line, Integer.MAX_VALUE));
            return true;
          });
      progress.advance(cells.rows() - before, 0);
    }
    List<Vec> columns = new ArrayList<>(width);
    for (int c = 0; c < width; c++) {
      Field field = schema.field(c);
      String[] texts = cells.column(c);
      boolean string = field.type().id() == TypeId.STRING;
      for (int i = 0; i < texts.length; i++) {
        String t = texts[i];
        if (isNull(t, o) || (!string && t.isEmpty())) {
          texts[i] = null;
        }
      }
      columns.add(
          Text.parse(
              texts,
              field.type(),
              (row, text) ->
                  new InputException(
                      files.get(cells.file(row))
                          + " line "
                          + cells.line(row)
                          + ", column '"
                          + field.name()
                          + "': expected "
                          + field.type()
                          + ", found '"
                          + text
                          + "'")));
    }
    return new LocalFrame(schema, columns, cells.rows());
  }

  /** The text of every cell, column by column, with the file and line of each row. */
  private static final class Cells {
    private final String[][] columns;
    private int[] files = new int[1024];
    private int[] lines = new int[1024];
    private int rows;

    Cells(int width) {
      columns = new String[width][1024];
    }

    void add(String[] record, int file, int line) {
      if (rows == lines.length) {
        int cap = rows * 2;
        files = Arrays.copyOf(files, cap);
        lines = Arrays.copyOf(lines, cap);
        for (int c = 0; c < columns.length; c++) {
          columns[c] = Arrays.copyOf(columns[c], cap);
        }
      }
      for (int c = 0; c < columns.length; c++) {
        columns[c][rows] = record[c];
      }
      files[rows] = file;
      lines[rows] = line;
      rows++;
    }

    int rows() {
      return rows;
    }

    String[] column(int c) {
      return Arrays.copyOf(columns[c], rows);
    }

    int file(int row) {
      return files[row];
    }

    int line(int row) {
      return lines[row];
    }
  }

  // ---- inference --------------------------------------------------------------------------------

  /** The narrowest-type lattice of the class comment; NONE until a non-null cell is seen. */
  private enum Inferred {
    NONE,
    INT32,
    INT64,
    FLOAT64,
    BOOLEAN,
    DATE,
    TIMESTAMP_NTZ,
    TIMESTAMP,
    STRING;

    boolean numeric() {
      return this == INT32 || this == INT64 || this == FLOAT64;
    }

    boolean temporal() {
      return this == DATE || this == TIMESTAMP_NTZ || this == TIMESTAMP;
    }

    Inferred merge(Inferred o) {
      if (this == NONE || this == o) {
        return o;
      }
      if (o == NONE) {
        return this;
      }
      if ((numeric() && o.numeric()) || (temporal() && o.temporal())) {
        return ordinal() > o.ordinal() ? this : o;
      }
      return STRING;
    }

    DataType type() {
      return switch (this) {
        case INT32 -> DataType.INT32;
        case INT64 -> DataType.INT64;
        case FLOAT64 -> DataType.FLOAT64;
        case BOOLEAN -> DataType.BOOLEAN;
        case DATE -> DataType.DATE;
        case TIMESTAMP_NTZ -> DataType.TIMESTAMP_NTZ;
        case TIMESTAMP -> DataType.TIMESTAMP;
        case NONE, STRING -> DataType.STRING;
      };
    }
  }

  /** The schema of the class comment. */
  static Schema infer(Source source) {
    CsvOptions o = CsvOptions.from(source.options());
    List<Path> files = DatasetFiles.list(source.paths(), "CSV");
    List<String> names = new ArrayList<>();
    List<Inferred> kinds = new ArrayList<>();
    for (Path file : files) {
      if (!o.inferSchema() && !names.isEmpty()) {
        break;
      }
      boolean[] first = {true};
      parse(
          file,
          o,
          Progress.NONE,
          (record, line) -> {
            boolean isFirst = first[0];
            first[0] = false;
            if (names.isEmpty() && isFirst) {
              names.addAll(columnNames(record, o.header()));
              names.forEach(n -> kinds.add(Inferred.NONE));
              if (o.header()) {
                return true;
              }
            } else if (isFirst && o.header()) {
              return true;
            }
            if (!o.inferSchema()) {
              return false; // the names are all that is needed
            }
            if (blank(record, names.size())) {
              return true;
            }
            for (int c = 0; c < Math.min(record.length, names.size()); c++) {
              Inferred k = kinds.get(c);
              if (k != Inferred.STRING && !isNull(record[c], o) && !record[c].trim().isEmpty()) {
                kinds.set(c, k.merge(classify(record[c].trim())));
              }
            }
            return true;
          });
    }
    if (names.isEmpty()) {
      throw new InputException(
          "Cannot infer a schema from " + source + ": it holds no CSV record; give the schema");
    }
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      fields.add(Field.of(names.get(c), kinds.get(c).type()));
    }
    return Schema.of(fields);
  }

  /**
   * 1 for {@code yyyy-MM-dd}, 2 for {@code yyyy-MM-dd[ T]HH:mm:ss[.f{1,9}]}, 3 for the latter plus
   * {@code Z} or {@code [+-]HH[[:]mm]}, else 0: the shapes inference accepts (casts accept more).
   */
  static int temporalShape(String s) {
    int n = s.length();
    if (n < 10
        || !digits(s, 0, 4)
        || s.charAt(4) != '-'
        || !digits(s, 5, 7)
        || s.charAt(7) != '-'
        || !digits(s, 8, 10)) {
      return 0;
    }
    if (n == 10) {
      return 1;
    }
    if (n < 19
        || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || !digits(s, 11, 13)
        || s.charAt(13) != ':'
        || !digits(s, 14, 16)
        || s.charAt(16) != ':'
        || !digits(s, 17, 19)) {
      return 0;
    }
    int i = 19;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return 0;
      }
    }
    if (i == n) {
      return 2;
    }
    String zone = s.substring(i);
    boolean offset =
        (zone.charAt(0) == '+' || zone.charAt(0) == '-')
            && (zone.length() == 3 && digits(zone, 1, 3)
                || zone.length() == 5 && digits(zone, 1, 5)
                || zone.length() == 6
                    && digits(zone, 1, 3)
                    && zone.charAt(3) == ':'
                    && digits(zone, 4, 6));
    return zone.equals("Z") || offset ? 3 : 0;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }

  private static List<String> columnNames(String[] first, boolean header) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < first.length; i++) {
      String name = header && first[i] != null && !first[i].isEmpty() ? first[i] : "_c" + i;
      names.add(name);
    }
    Set<String> repeated = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        repeated.add(n);
      }
    }
    for (int i = 0; i < names.size(); i++) {
      if (repeated.contains(names.get(i))) {
        names.set(i, names.get(i) + i);
      }
    }
    return names;
  }

  private static Inferred classify(String s) {
    char c0 = s.charAt(0);
    if (c0 == '+' || c0 == '-' || (c0 >= '0' && c0 <= '9')) {
      try {
        long v = Text.parseLong(s);
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Inferred.INT32 : Inferred.INT64;
      } catch (Text.BadValue e) {
        // not an integer within 64 bits; try the wider readings below
      }
    }
    if (Text.isDecimalNotation(s)
        || s.equals("NaN")
        || s.equals("Infinity")
        || s.equals("-Infinity")
        || s.equals("+Infinity")) {
      return Inferred.FLOAT64;
    }
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Inferred.BOOLEAN;
    }
    int shape = temporalShape(s);
    if (shape != 0) {
      try {
        if (shape == 1) {
          Temporal.parseDate(s);
          return Inferred.DATE;
        }
        Temporal.parseTimestamp(s, shape == 3);
        return shape == 2 ? Inferred.TIMESTAMP_NTZ : Inferred.TIMESTAMP;
      } catch (Text.BadValue e) {
        // shaped like a date but names no real day (2024-02-30): text
      }
    }
    return Inferred.STRING;
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Writes {@code frame} as one CSV file at {@code file}. */
  static void write(LocalFrame frame, CsvOptions o, Path file) throws IOException {
    Schema schema = frame.schema();
    int width = schema.size();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder();
      if (o.header()) {
        for (int c = 0; c < width; c++) {
          if (c > 0) {
            line.append(o.delimiter());
          }
          appendField(line, schema.field(c).name(), o);
        }
        w.append(line).append('\n');
      }
      for (int r = 0; r < frame.rows(); r++) {
        line.setLength(0);
        for (int c = 0; c < width; c++) {
          if (c > 0) {
            line.append(o.delimiter());
          }
          Vec v = frame.column(c);
          if (v.isNull(r)) {
            line.append(o.nullValue());
          } else {
            appendField(line, Text.format(v, r), o);
          }
        }
        w.append(line).append('\n');
      }
    }
  }

  private static void appendField(StringBuilder sb, String v, CsvOptions o) {
    boolean quote = v.isEmpty();
    for (int i = 0; i < v.length() && !quote; i++) {
      char ch = v.charAt(i);
      quote =
          ch == o.delimiter() || ch == o.quote() || ch == o.escape() || ch == '\n' || ch == '\r';
    }
    if (!quote) {
      sb.append(v);
      return;
    }
    sb.append(o.quote());
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == o.quote() || (ch == o.escape() && o.escape() != o.quote())) {
        sb.append(o.escape());
      }
      sb.append(ch);
    }
    sb.append(o.quote());
  }
}
