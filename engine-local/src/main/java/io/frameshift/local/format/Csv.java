package io.frameshift.local.format;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.frameshift.error.InputException;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Source;
import io.frameshift.local.Bits;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Temporal;
import io.frameshift.local.Text;
import io.frameshift.local.Vec;
import io.frameshift.local.format.LineRanges.Range;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;

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

  /** As {@link #parse}, without the header (when the options have one) and blank records. */
  private static void parseData(
      Path file, CsvOptions o, int width, Progress progress, RecordHandler onRecord) {
    boolean[] first = {o.header()};
    parse(
        file,
        o,
        progress,
        (record, line) -> {
          if (first[0]) {
            first[0] = false;
            return true;
          }
          return blank(record, width) || onRecord.accept(record, line);
        });
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

  /** Reads the files of {@code source} with exactly its schema. */
  static LocalFrame read(Source source) {
    return read(source, LineRanges.RANGE_BYTES, Progress.NONE);
  }

  /** As {@link #read(Source)}, reporting to {@code progress} each range's bytes and rows. */
  static LocalFrame read(Source source, Progress progress) {
    return read(source, LineRanges.RANGE_BYTES, progress);
  }

  /**
   * As {@link #read(Source)}, cutting files into byte ranges of about {@code rangeBytes} parsed in
   * parallel ({@link Bytes}); 0 reads every file sequentially with univocity (a test seam).
   */
  static LocalFrame read(Source source, long rangeBytes) {
    return read(source, rangeBytes, Progress.NONE);
  }

  private static LocalFrame read(Source source, long rangeBytes, Progress progress) {
    CsvOptions o = CsvOptions.from(source.options());
    Schema schema = source.schema();
    int width = schema.size();
    List<Path> files = DatasetFiles.list(source.paths(), "CSV");
    Bytes bytes = rangeBytes > 0 ? Bytes.of(o) : null;
    List<List<Part>> byFile = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      byFile.add(new ArrayList<>());
    }
    AtomicIntegerArray sequential = new AtomicIntegerArray(files.size());
    if (bytes == null) {
      for (int f = 0; f < files.size(); f++) {
        sequential.set(f, 1);
      }
    } else {
      List<Range> ranges = LineRanges.ranges(files, rangeBytes);
      Part[] parts = new Part[ranges.size()];
      int[] lineEnds = new int[ranges.size()];
      IntStream.range(0, ranges.size())
          .parallel()
          .forEach(
              r -> {
                Range range = ranges.get(r);
                if (sequential.get(range.file()) == 0) {
                  Part p = new Part(schema, o);
                  lineEnds[r] = readRange(range, bytes, p, sequential, o.header());
                  parts[r] = p;
                  if (sequential.get(range.file()) == 0) {
                    // a range read whole; a later range of its file may still meet a quote and
                    // send the file to univocity, whose bytes then count again (rare: it stops
                    // every range of the file at the first quote)
                    progress.advance(-1, range.end() - range.start());
                    progress.advance(p.rows, 0);
                  }
                }
              });
      long[] firstLines = LineRanges.firstLines(ranges, lineEnds);
      for (int r = 0; r < parts.length; r++) {
        if (sequential.get(ranges.get(r).file()) == 0) {
          parts[r].firstLine = firstLines[r];
          byFile.get(ranges.get(r).file()).add(parts[r]);
        }
      }
    }
    // files with a quote, an escape or a carriage return anywhere are parsed whole by univocity
    IntStream.range(0, files.size())
        .parallel()
        .filter(f -> sequential.get(f) != 0)
        .forEach(
            f -> {
              Part whole = readSequential(files.get(f), schema, o, progress);
              progress.advance(whole.rows, 0);
              byFile.get(f).add(whole);
            });
    List<Part> parts = new ArrayList<>();
    List<Integer> partFiles = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      for (Part p : byFile.get(f)) {
        parts.add(p);
        partFiles.add(f);
      }
    }
    // a record of the wrong width anywhere is reported first, then the first bad cell column by
    // column, as when the whole dataset was split before any cell was converted
    for (int k = 0; k < parts.size(); k++) {
      Part p = parts.get(k);
      if (p.widthLine >= 0) {
        throw new InputException(
            files.get(partFiles.get(k))
                + " line "
                + (p.firstLine + p.widthLine + 1)
                + ": expected "
                + width
                + " fields "
                + schema.names()
                + ", found "
                + p.widthFound);
      }
    }
    int rows = 0;
    for (Part p : parts) {
      rows = Math.addExact(rows, p.rows);
    }
    // the columns are built in parallel (string dictionaries are the costly part); the first
    // column with a bad cell is reported
    int total = rows;
    Object[] built = new Object[width];
    IntStream.range(0, width)
        .parallel()
        .forEach(
            c -> {
              Field field = schema.field(c);
              try {
                for (int k = 0; k < parts.size(); k++) {
                  Column col = parts.get(k).columns[c];
                  if (col.badLine >= 0) {
                    throw badCell(
                        files.get(partFiles.get(k)),
                        parts.get(k).firstLine + col.badLine,
                        field,
                        col.badText);
                  }
                }
                built[c] = concat(field, parts, partFiles, files, c, total);
              } catch (InputException e) {
                built[c] = e;
              }
            });
    List<Vec> columns = new ArrayList<>(width);
    for (Object b : built) {
      if (b instanceof InputException e) {
        throw e;
      }
      columns.add((Vec) b);
    }
    return new LocalFrame(schema, columns, rows);
  }

  private static InputException badCell(Path file, long line0, Field field, String text) {
    return new InputException(
        file
            + " line "
            + (line0 + 1)
            + ", column '"
            + field.name()
            + "': expected "
            + field.type()
            + ", found '"
            + text
            + "'");
  }

  /** Column {@code c} of every part as one column. */
  private static Vec concat(
      Field field, List<Part> parts, List<Integer> partFiles, List<Path> files, int c, int rows) {
    Kind kind = parts.isEmpty() ? Kind.of(field.type()) : parts.get(0).columns[c].kind;
    long[] nulls = Bits.create(rows);
    int at = 0;
    switch (kind) {
      case INT, LONG, DOUBLE -> {
        Object out =
            switch (kind) {
              case INT -> new int[rows];
              case LONG -> new long[rows];
              default -> new double[rows];
            };
        for (Part p : parts) {
          Column col = p.columns[c];
          Object values = kind == Kind.INT ? col.ints : kind == Kind.LONG ? col.longs : col.doubles;
          System.arraycopy(values, 0, out, at, p.rows);
          Bits.orAt(nulls, col.nulls, at, rows);
          at += p.rows;
        }
        return switch (kind) {
          case INT -> Vec.ofInts(field.type(), (int[]) out, nulls);
          case LONG -> Vec.ofLongs(field.type(), (long[]) out, nulls);
          default -> Vec.ofDoubles((double[]) out, nulls);
        };
      }
      case STRING -> {
        String[] out = new String[rows];
        for (Part p : parts) {
          System.arraycopy(p.columns[c].strings, 0, out, at, p.rows);
          at += p.rows;
        }
        return Vec.ofStrings(out);
      }
      case TEXT -> {
        String[] out = new String[rows];
        int[] partOf = new int[rows];
        for (int k = 0; k < parts.size(); k++) {
          Part p = parts.get(k);
          System.arraycopy(p.columns[c].strings, 0, out, at, p.rows);
          Arrays.fill(partOf, at, at + p.rows, k);
          at += p.rows;
        }
        int[] starts = new int[parts.size()];
        for (int k = 1; k < starts.length; k++) {
          starts[k] = starts[k - 1] + parts.get(k - 1).rows;
        }
        return Text.parse(
            out,
            field.type(),
            (row, text) -> {
              Part p = parts.get(partOf[row]);
              return badCell(
                  files.get(partFiles.get(partOf[row])),
                  p.firstLine + p.lines[row - starts[partOf[row]]],
                  field,
                  text);
            });
      }
    }
    throw new IllegalStateException("unreachable: " + kind);
  }

  /** A whole file parsed by univocity: any CSV, quoted line breaks included. */
  private static Part readSequential(Path file, Schema schema, CsvOptions o, Progress progress) {
    Part part = new Part(schema, o);
    int width = schema.size();
    parseData(
        file,
        o,
        width,
        progress,
        (record, line) -> {
          int index = (int) Math.min(line - 1, Integer.MAX_VALUE);
          if (record.length != width) {
            part.widthLine = index;
            part.widthFound = record.length;
            return false;
          }
          part.startRow(index);
          for (int c = 0; c < width; c++) {
            part.columns[c].add(record[c], index);
          }
          part.rows++;
          return true;
        });
    return part;
  }

  /**
   * The fields of one line split into {@code ends}, or -1 when the line (or another range of its
   * file) needs univocity: its file is then marked in {@code sequential} and every range of it
   * stops.
   */
  private static int splitOrStop(
      Bytes bytes,
      byte[] buf,
      int from,
      int to,
      int[] ends,
      Range range,
      AtomicIntegerArray sequential) {
    int fields = bytes.split(buf, from, to, ends);
    if (fields < 0 || sequential.get(range.file()) != 0) {
      sequential.set(range.file(), 1);
      return -1;
    }
    return fields;
  }

  /**
   * Reads one range with {@link Bytes}; returns its line ends, or marks its file in {@code
   * sequential} (and stops) at a byte that needs univocity.
   */
  private static int readRange(
      Range range, Bytes bytes, Part part, AtomicIntegerArray sequential, boolean header) {
    int width = part.columns.length;
    int[] ends = new int[width];
    boolean skipFirst = header && range.start() == 0;
    // bytes are reported once the range is read whole (see read): a range that meets a quote
    // stops, and its file is read again by univocity, which reports as it goes
    return LineRanges.forEachLine(
        range.path(),
        range.start(),
        range.end(),
        Progress.NONE,
        (buf, from, to, index) -> {
          int fields = splitOrStop(bytes, buf, from, to, ends, range, sequential);
          if (fields < 0) {
            return false;
          }
          if ((index == 0 && skipFirst) || (from == to && width != 1)) {
            return true;
          }
          if (fields != width) {
            part.widthLine = index;
            part.widthFound = fields;
            return false;
          }
          part.startRow(index);
          int start = from;
          for (int c = 0; c < width; c++) {
            part.columns[c].add(buf, start, ends[c], index);
            start = ends[c] + 1;
          }
          part.rows++;
          return true;
        });
  }

  /**
   * The byte-level reading of CSV without quoting, used when the delimiter, quote and escape are
   * ASCII. A range is split at line ends ({@link LineRanges}), which is only right when no record
   * spans lines; so a line holding the quote, the escape or a carriage return (whose meaning
   * depends on the line separator univocity detects) sends its whole file to univocity instead.
   * Cells then are exactly the bytes between delimiters, an empty one null, as univocity reads an
   * unquoted field.
   */
  private record Bytes(byte delimiter, byte quote, byte escape) {
    static Bytes of(CsvOptions o) {
      if (o.delimiter() >= 0x80 || o.quote() >= 0x80 || o.escape() >= 0x80) {
        return null;
      }
      return new Bytes((byte) o.delimiter(), (byte) o.quote(), (byte) o.escape());
    }

    /**
     * Fills {@code ends} with the end of each of the first fields of line {@code [from, to)};
     * returns the number of fields, or -1 when the line needs univocity.
     */
    int split(byte[] buf, int from, int to, int[] ends) {
      int fields = 0;
      for (int i = from; i < to; i++) {
        byte b = buf[i];
        if (b == delimiter) {
          if (fields < ends.length) {
            ends[fields] = i;
          }
          fields++;
        } else if (b == quote || b == escape || b == '\r') {
          return -1;
        }
      }
      if (fields < ends.length) {
        ends[fields] = to;
      }
      return fields + 1;
    }
  }

  /** The rows of a range or a file: a column each, and where the first bad record or cell is. */
  private static final class Part {
    final Column[] columns;

    /** The line of each row relative to {@link #firstLine}, kept for TEXT columns only. */
    int[] lines;

    int rows;

    /** The 0-based line of the file the part's line indexes count from. */
    long firstLine;

    /** The first record of the wrong width (relative line), or -1. */
    int widthLine = -1;

    int widthFound;
    private int capacity = 1024;

    Part(Schema schema, CsvOptions o) {
      columns = new Column[schema.size()];
      boolean text = false;
      for (int c = 0; c < columns.length; c++) {
        columns[c] = new Column(schema.field(c).type(), o, capacity);
        text |= columns[c].kind == Kind.TEXT;
      }
      lines = text ? new int[capacity] : null;
    }

    void startRow(int line) {
      if (rows == capacity) {
        capacity *= 2;
        for (Column c : columns) {
          c.grow(capacity);
        }
        if (lines != null) {
          lines = Arrays.copyOf(lines, capacity);
        }
      }
      if (lines != null) {
        lines[rows] = line;
      }
    }
  }

  /** How a column is kept while reading: converted at once, or as text {@link Text#parse} reads. */
  private enum Kind {
    INT,
    LONG,
    DOUBLE,
    STRING,
    TEXT;

    static Kind of(DataType type) {
      return switch (type.id()) {
        case INT32 -> INT;
        case INT64 -> LONG;
        case FLOAT64 -> DOUBLE;
        case STRING -> STRING;
        default -> TEXT;
      };
    }
  }

  /**
   * One column of a part. Null cells: an unquoted empty field, the {@code nullValue} text, and for
   * non-STRING columns a (quoted) empty text; other cells are trimmed and parsed as {@link Text}
   * parses them, the digits of plain integers and decimals straight from the bytes.
   */
  private static final class Column {
    final Kind kind;
    private final String nullValue;
    private final byte[] nullAscii;
    int[] ints;
    long[] longs;
    double[] doubles;
    String[] strings;
    long[] nulls;
    private int size;
    private final StringCache cache;

    /** The first cell that does not parse: its relative line (or -1) and text. */
    long badLine = -1;

    String badText;

    Column(DataType type, CsvOptions o, int capacity) {
      kind = Kind.of(type);
      nullValue = o.nullValue().isEmpty() ? null : o.nullValue();
      nullAscii =
          nullValue != null && nullValue.chars().allMatch(ch -> ch < 0x80)
              ? nullValue.getBytes(StandardCharsets.US_ASCII)
              : null;
      cache = kind == Kind.STRING ? new StringCache() : null;
      nulls = Bits.create(capacity);
      switch (kind) {
        case INT -> ints = new int[capacity];
        case LONG -> longs = new long[capacity];
        case DOUBLE -> doubles = new double[capacity];
        case STRING, TEXT -> strings = new String[capacity];
      }
    }

    void grow(int capacity) {
      nulls = Arrays.copyOf(nulls, Bits.create(capacity).length);
      switch (kind) {
        case INT -> ints = Arrays.copyOf(ints, capacity);
        case LONG -> longs = Arrays.copyOf(longs, capacity);
        case DOUBLE -> doubles = Arrays.copyOf(doubles, capacity);
        case STRING, TEXT -> strings = Arrays.copyOf(strings, capacity);
      }
    }

    private void addNull() {
      Bits.set(nulls, size++);
    }

    /** An unquoted cell: bytes {@code [from, to)} of {@code b}. */
    void add(byte[] b, int from, int to, int line) {
      if (from == to || (nullValue != null && isNullValue(b, from, to))) {
        addNull();
        return;
      }
      switch (kind) {
        case INT -> {
          long v = simpleLong(b, from, to);
          if (v != NOT_SIMPLE && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            ints[size++] = (int) v;
            return;
          }
        }
        case LONG -> {
          long v = simpleLong(b, from, to);
          if (v != NOT_SIMPLE) {
            longs[size++] = v;
            return;
          }
        }
        case DOUBLE -> {
          double v = simpleDouble(b, from, to);
          if (!Double.isNaN(v)) {
            doubles[size++] = v;
            return;
          }
        }
        case STRING -> {
          strings[size++] = cache.get(b, from, to);
          return;
        }
        case TEXT -> {}
      }
      convert(new String(b, from, to - from, StandardCharsets.UTF_8), line);
    }

    private boolean isNullValue(byte[] b, int from, int to) {
      if (nullAscii == null) {
        return new String(b, from, to - from, StandardCharsets.UTF_8).equals(nullValue);
      }
      return Arrays.equals(b, from, to, nullAscii, 0, nullAscii.length);
    }

    /** A cell as univocity reads it: null for an unquoted empty field. */
    void add(String cell, int line) {
      if (cell == null
          || (nullValue != null && cell.equals(nullValue))
          || (kind != Kind.STRING && cell.isEmpty())) {
        addNull();
      } else {
        convert(cell, line);
      }
    }

    private void convert(String cell, int line) {
      try {
        switch (kind) {
          case INT -> ints[size] = Text.parseInt(cell.trim());
          case LONG -> longs[size] = Text.parseLong(cell.trim());
          case DOUBLE -> doubles[size] = Text.parseDouble(cell.trim());
          case STRING, TEXT -> strings[size] = cell;
        }
      } catch (Text.BadValue e) {
        if (badLine < 0) {
          badLine = line;
          badText = cell;
        }
      }
      size++;
    }
  }

  /** Where {@code [from, to)} starts without leading characters up to a space, as in trim(). */
  private static int trimmedStart(byte[] b, int from, int to) {
    while (from < to && (b[from] & 0xFF) <= ' ') {
      from++;
    }
    return from;
  }

  /** Where {@code [from, to)} ends without trailing characters up to a space, as in trim(). */
  private static int trimmedEnd(byte[] b, int from, int to) {
    while (to > from && (b[to - 1] & 0xFF) <= ' ') {
      to--;
    }
    return to;
  }

  /** What {@link #simpleLong} returns for text that is not a plain integer of up to 18 digits. */
  private static final long NOT_SIMPLE = Long.MIN_VALUE;

  /**
   * The value of {@code [+-]digits} (at most 18, surrounding whitespace ignored), or NOT_SIMPLE.
   */
  private static long simpleLong(byte[] b, int from, int to) {
    to = trimmedEnd(b, from, to);
    from = trimmedStart(b, from, to);
    boolean negative = false;
    if (from < to && (b[from] == '-' || b[from] == '+')) {
      negative = b[from] == '-';
      from++;
    }
    if (from == to || to - from > 18) {
      return NOT_SIMPLE;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return NOT_SIMPLE;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /**
   * The value of {@code [+-]digits[.digits]} with at most 15 digits in all (surrounding whitespace
   * ignored), else NaN. Exact: the digits and the power of ten are both doubles exactly, and one
   * division rounds correctly, as {@link Double#parseDouble} does.
   */
  private static double simpleDouble(byte[] b, int from, int to) {
    to = trimmedEnd(b, from, to);
    from = trimmedStart(b, from, to);
    boolean negative = false;
    if (from < to && (b[from] == '-' || b[from] == '+')) {
      negative = b[from] == '-';
      from++;
    }
    long m = 0;
    int digits = 0;
    int point = -1;
    for (int i = from; i < to; i++) {
      byte ch = b[i];
      if (ch >= '0' && ch <= '9') {
        m = m * 10 + (ch - '0');
        digits++;
      } else if (ch == '.' && point < 0) {
        point = i;
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || digits > 15) {
      return Double.NaN;
    }
    double v = m / POWERS_OF_TEN[point < 0 ? 0 : to - point - 1];
    return negative ? -v : v;
  }

  /**
   * Strings of a column made from bytes, equal ASCII values one instance while the column repeats
   * itself (a direct-mapped cache by hash; off once most lookups miss): fewer Strings made, and
   * grouping on shared instances compares by reference.
   */
  private static final class StringCache {
    private static final int SLOTS = 1 << 12;
    private final String[] slots = new String[SLOTS];
    private int lookups;
    private int misses;
    private boolean off;

    String get(byte[] b, int from, int to) {
      if (off) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
      }
      int h = 0;
      for (int i = from; i < to; i++) {
        byte x = b[i];
        if (x < 0) {
          return new String(b, from, to - from, StandardCharsets.UTF_8);
        }
        h = 31 * h + x;
      }
      int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
      String s = slots[slot];
      if (s == null || !same(s, b, from, to)) {
        s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        slots[slot] = s;
        misses++;
      }
      if (++lookups == 1 << 14) {
        off = misses > lookups / 2;
        lookups = 0;
        misses = 0;
      }
      return s;
    }

    private static boolean same(String s, byte[] b, int from, int to) {
      if (s.length() != to - from) {
        return false;
      }
      for (int i = from; i < to; i++) {
        if (s.charAt(i - from) != b[i]) {
          return false;
        }
      }
      return true;
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
    return infer(source, LineRanges.RANGE_BYTES);
  }

  /**
   * As {@link #infer(Source)}, classifying byte ranges of about {@code rangeBytes} in parallel as
   * {@link #read(Source, long)} reads them (0: every file sequentially with univocity). Every cell
   * of every file is classified, as Spark does; the lattice's merge is associative and commutative,
   * so the ranges' kinds merge to what one pass over the files gives.
   */
  static Schema infer(Source source, long rangeBytes) {
    CsvOptions o = CsvOptions.from(source.options());
    List<Path> files = DatasetFiles.list(source.paths(), "CSV");
    // the names: the first record of the first file holding one
    List<String> names = new ArrayList<>();
    for (Path file : files) {
      parse(
          file,
          o,
          Progress.NONE, // inference: the read that follows reports
          (record, line) -> {
            names.addAll(columnNames(record, o.header()));
            return false;
          });
      if (!names.isEmpty()) {
        break;
      }
    }
    if (names.isEmpty()) {
      throw new InputException(
          "Cannot infer a schema from " + source + ": it holds no CSV record; give the schema");
    }
    Inferred[] kinds = new Inferred[names.size()];
    Arrays.fill(kinds, Inferred.NONE);
    if (o.inferSchema()) {
      Bytes bytes = rangeBytes > 0 ? Bytes.of(o) : null;
      AtomicIntegerArray sequential = new AtomicIntegerArray(files.size());
      List<Inferred[]> found = Collections.synchronizedList(new ArrayList<>());
      if (bytes == null) {
        for (int f = 0; f < files.size(); f++) {
          sequential.set(f, 1);
        }
      } else {
        List<Range> ranges = LineRanges.ranges(files, rangeBytes);
        IntStream.range(0, ranges.size())
            .parallel()
            .forEach(r -> found.add(inferRange(ranges.get(r), bytes, o, names.size(), sequential)));
      }
      IntStream.range(0, files.size())
          .parallel()
          .filter(f -> sequential.get(f) != 0)
          .forEach(f -> found.add(inferSequential(files.get(f), o, names.size())));
      for (Inferred[] k : found) {
        for (int c = 0; c < kinds.length; c++) {
          kinds[c] = kinds[c].merge(k[c]);
        }
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      fields.add(Field.of(names.get(c), kinds[c].type()));
    }
    return Schema.of(fields);
  }

  /**
   * The kinds of one range's cells (its file marked in {@code sequential} if it needs univocity).
   */
  private static Inferred[] inferRange(
      Range range, Bytes bytes, CsvOptions o, int width, AtomicIntegerArray sequential) {
    Inferred[] kinds = new Inferred[width];
    Arrays.fill(kinds, Inferred.NONE);
    int[] ends = new int[width];
    boolean skipFirst = o.header() && range.start() == 0;
    String nullValue = o.nullValue();
    byte[] nullBytes = nullValue.getBytes(StandardCharsets.UTF_8);
    boolean asciiNull = nullValue.chars().allMatch(ch -> ch < 0x80);
    LineRanges.forEachLine(
        range.path(),
        range.start(),
        range.end(),
        Progress.NONE,
        (buf, from, to, index) -> {
          int fields = splitOrStop(bytes, buf, from, to, ends, range, sequential);
          if (fields < 0) {
            return false;
          }
          if ((index == 0 && skipFirst) || from == to) {
            return true;
          }
          int start = from;
          for (int c = 0; c < Math.min(fields, width); c++) {
            int end = ends[c];
            Inferred k = kinds[c];
            if (k != Inferred.STRING
                && end > start
                && !(nullBytes.length > 0
                    && (asciiNull
                        ? Arrays.equals(buf, start, end, nullBytes, 0, nullBytes.length)
                        : new String(buf, start, end - start, StandardCharsets.UTF_8)
                            .equals(nullValue)))) {
              Inferred cell = classify(buf, start, end);
              if (cell != Inferred.NONE) {
                kinds[c] = k.merge(cell);
              }
            }
            start = end + 1;
          }
          return true;
        });
    return kinds;
  }

  /** The kinds of a file's cells, parsed whole by univocity. */
  private static Inferred[] inferSequential(Path file, CsvOptions o, int width) {
    Inferred[] kinds = new Inferred[width];
    Arrays.fill(kinds, Inferred.NONE);
    parseData(
        file,
        o,
        width,
        Progress.NONE,
        (record, line) -> {
          for (int c = 0; c < Math.min(record.length, width); c++) {
            Inferred k = kinds[c];
            if (k != Inferred.STRING && !isNull(record[c], o) && !record[c].trim().isEmpty()) {
              kinds[c] = k.merge(classify(record[c].trim()));
            }
          }
          return true;
        });
    return kinds;
  }

  /**
   * {@link #classify(String)} of the trimmed text of bytes {@code [from, to)}, NONE when that is
   * empty; plain integers and decimals are told from the bytes without making a String.
   */
  private static Inferred classify(byte[] b, int from, int to) {
    int t = trimmedEnd(b, from, to);
    int f = trimmedStart(b, from, t);
    if (f == t) {
      return Inferred.NONE;
    }
    long v = simpleLong(b, f, t);
    if (v != NOT_SIMPLE) {
      return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Inferred.INT32 : Inferred.INT64;
    }
    // digits with one point (and at least one digit): no integer, but decimal notation
    int i = b[f] == '+' || b[f] == '-' ? f + 1 : f;
    int digits = 0;
    int points = 0;
    for (; i < t; i++) {
      if (b[i] >= '0' && b[i] <= '9') {
        digits++;
      } else if (b[i] == '.') {
        points++;
      } else {
        break;
      }
    }
    if (i == t && points == 1 && digits > 0) {
      return Inferred.FLOAT64;
    }
    return classify(new String(b, f, t - f, StandardCharsets.UTF_8));
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
