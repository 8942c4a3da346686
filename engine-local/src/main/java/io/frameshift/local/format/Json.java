package io.frameshift.local.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.io.Datasets;
import io.frameshift.io.JsonOptions;
import io.frameshift.io.ReadMode;
import io.frameshift.io.Source;
import io.frameshift.local.Bits;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Temporal;
import io.frameshift.local.Text;
import io.frameshift.local.Vec;
import io.frameshift.local.format.LineRanges.Range;
import io.frameshift.spi.JsonKind;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes JSON lines (one object per line) with Jackson's streaming parser and generator,
 * straight into and out of column arrays.
 *
 * <p>Reading splits every file into byte ranges cut at line ends and parses the ranges in parallel
 * (on the engine's pool, which {@code load} runs in); each range counts its lines, so an error
 * names the line of the file however the file was split. Each line gets a parser of its own, as in
 * Spark, so a malformed line cannot spill into the next. Fields the read does not need are skipped
 * unparsed ({@link JsonParser#skipChildren()}); hive partition columns are constants per file.
 *
 * <p>Values per column type, as Spark's JSON source converts them: BOOLEAN from {@code true}/{@code
 * false}; INT32 and INT64 from whole numbers within range; FLOAT32 and FLOAT64 from numbers and the
 * strings {@code NaN}, {@code [+-]Infinity}, {@code [+-]INF}; DECIMAL from numbers and numeric
 * strings (rounded half-up to the scale, within the precision); DATE, TIMESTAMP and TIMESTAMP_NTZ
 * from strings as {@code CAST(string AS type)} reads them ({@link Text}), TIMESTAMP also from whole
 * numbers (seconds since 1970); STRING from strings, and any other value as its JSON text (a nested
 * object or array too). {@code null} and a missing field are null. Anything else does not fit: the
 * empty string in a non-STRING column, a string in a numeric column, a nested value in a non-STRING
 * column.
 *
 * <p>A line that does not parse, is not an object, has text after its object, or holds a value that
 * does not fit is a bad record, handled by the read mode: FAILFAST throws naming the file and line
 * (and for a value the column and the value), DROPMALFORMED drops the line, PERMISSIVE keeps it
 * with nulls (for a value that does not fit, in that column only) and its text in the corrupt
 * record column when the schema has that column. Dropped and corrupt lines are counted and logged.
 *
 * <p>Writing: one object per row, fields in schema order, null fields omitted (Spark's {@code
 * ignoreNullFields} default); dates as {@code yyyy-MM-dd}, timestamps as Spark writes them ({@code
 * yyyy-MM-dd'T'HH:mm:ss.SSS}, more digits when there are microseconds, plus {@code Z} for
 * TIMESTAMP: UTC), decimals as plain numbers, NaN and infinities as the strings Jackson quotes them
 * as.
 */
final class Json {
  private static final Logger LOG = LoggerFactory.getLogger(Json.class);

  /** Spark's JSON parser settings: single quotes and NaN/Infinity tokens are accepted. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  private Json() {}

  private static boolean blank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** Reads {@code source} with exactly its projected schema. */
  static LocalFrame read(Source source) {
    return read(source, LineRanges.RANGE_BYTES, Progress.NONE);
  }

  /**
   * Reads {@code source} with exactly its projected schema, reporting to {@code progress} each
   * block's bytes and each range's rows as they are parsed.
   */
  static LocalFrame read(Source source, Progress progress) {
    return read(source, LineRanges.RANGE_BYTES, progress);
  }

  /** As {@link #read(Source)}, cutting files into ranges of about {@code rangeBytes}. */
  static LocalFrame read(Source source, long rangeBytes) {
    return read(source, rangeBytes, Progress.NONE);
  }

  /** As {@link #read(Source, Progress)}, cutting files into ranges of about {@code rangeBytes}. */
  static LocalFrame read(Source source, long rangeBytes, Progress progress) {
    JsonOptions o = JsonOptions.forRead(source.options());
    Schema schema = source.projectedSchema();
    Datasets.Listing listing = Datasets.list(source.paths());
    Schema partitions = listing.partitionSchema();
    String corrupt = corruptColumn(schema, o);
    List<Field> parsed = new ArrayList<>();
    for (Field f : schema.fields()) {
      if (!partitions.contains(f.name()) && !f.name().equals(o.columnNameOfCorruptRecord())) {
        parsed.add(f);
      }
    }
    List<Range> ranges =
        LineRanges.ranges(
            listing.files().stream().map(Datasets.DataFile::path).toList(), rangeBytes);
    Part[] parts = new Part[ranges.size()];
    IntStream.range(0, ranges.size())
        .parallel()
        .forEach(r -> parts[r] = parse(ranges.get(r), parsed, o.mode(), corrupt != null, progress));
    // the first bad line of the dataset is reported, its number counted from the line ends of the
    // ranges before it in its file
    int[] lineEnds = new int[parts.length];
    for (int r = 0; r < parts.length; r++) {
      lineEnds[r] = parts[r].lineEnds();
    }
    long[] firstLines = LineRanges.firstLines(ranges, lineEnds);
    int rows = 0;
    long dropped = 0;
    long corrupted = 0;
    int[] rowsPerFile = new int[listing.files().size()];
    for (int r = 0; r < parts.length; r++) {
      Part p = parts[r];
      if (p.failure() != null) {
        throw new InputException(
            ranges.get(r).path()
                + " line "
                + (firstLines[r] + p.failure().line() + 1)
                + p.failure().detail(),
            p.failure().cause());
      }
      rows = Math.addExact(rows, p.rows());
      rowsPerFile[ranges.get(r).file()] += p.rows();
      dropped += p.dropped();
      corrupted += p.corrupted();
    }
    // no place in the API reports per-read counts yet: the log is where they are not silent
    if (dropped > 0) {
      LOG.info("Dropped {} malformed lines of {} (mode DROPMALFORMED)", dropped, source);
    }
    if (corrupted > 0) {
      LOG.info(
          "Read {} malformed lines of {} as nulls (mode PERMISSIVE{})",
          corrupted,
          source,
          corrupt == null ? "; the schema has no corrupt record column for their text" : "");
    }
    List<Vec> columns = new ArrayList<>(schema.size());
    for (Field f : schema.fields()) {
      if (partitions.contains(f.name())) {
        int k = partitions.indexOf(f.name());
        List<Object> values = new ArrayList<>();
        for (Datasets.DataFile file : listing.files()) {
          values.add(file.partitionValues().get(k));
        }
        columns.add(PartitionColumns.constantPerFile(f, values, rowsPerFile, rows));
      } else if (!parsed.contains(f)) {
        columns.add(corruptTexts(parts, rows, corrupt != null));
      } else {
        columns.add(concat(f.type(), parts, parsed.indexOf(f), rows));
      }
    }
    return new LocalFrame(schema, columns, rows);
  }

  /**
   * The corrupt record column the read fills, or null: only PERMISSIVE fills it (otherwise it is
   * null throughout, as in Spark), and only when the schema has it.
   */
  private static String corruptColumn(Schema schema, JsonOptions o) {
    String name = o.columnNameOfCorruptRecord();
    if (o.mode() != ReadMode.PERMISSIVE || !schema.contains(name)) {
      return null;
    }
    DataType type = schema.field(name).type();
    if (type.id() != TypeId.STRING) {
      throw new InvalidOptionException(
          "The corrupt record column '"
              + name
              + "' (JSON option 'columnNameOfCorruptRecord') is "
              + type
              + " in the schema; it must be STRING");
    }
    return name;
  }

  /** What one range parsed to, or its first bad line in FAILFAST mode. */
  private record Part(
      Column[] columns,
      String[] corrupt,
      int rows,
      int lineEnds,
      long dropped,
      long corrupted,
      Failure failure) {}

  /**
   * A bad line of a range: {@code line} is 0-based within the range, {@code detail} follows the
   * file and line in the message.
   */
  private record Failure(int line, String detail, Throwable cause) {}

  private static Part parse(
      Range range, List<Field> fields, ReadMode mode, boolean keepCorrupt, Progress progress) {
    RowReader reader = new RowReader(fields);
    Failure[] failure = {null};
    String[][] corrupt = {keepCorrupt ? new String[1024] : null};
    int[] rows = {0};
    long[] dropped = {0};
    long[] corrupted = {0};
    int lineEnds =
        LineRanges.forEachLine(
            range.path(),
            range.start(),
            range.end(),
            progress,
            (buf, from, to, index) -> {
              if (blank(buf, from, to)) {
                return true;
              }
              int row = rows[0];
              String bad = reader.read(buf, from, to, row);
              if (bad == null) {
                rows[0]++;
                return true;
              }
              switch (mode) {
                case FAILFAST -> {
                  failure[0] = new Failure(index, bad, reader.cause);
                  return false;
                }
                case DROPMALFORMED -> dropped[0]++;
                case PERMISSIVE -> {
                  reader.keep(row);
                  corrupted[0]++;
                  if (corrupt[0] != null) {
                    if (row >= corrupt[0].length) {
                      corrupt[0] = Arrays.copyOf(corrupt[0], corrupt[0].length * 2);
                    }
                    corrupt[0][row] = new String(buf, from, to - from, StandardCharsets.UTF_8);
                  }
                  rows[0]++;
                }
              }
              return true;
            });
    progress.advance(rows[0], 0);
    return new Part(
        reader.columns, corrupt[0], rows[0], lineEnds, dropped[0], corrupted[0], failure[0]);
  }

  /**
   * Parses lines into columns. {@link #read} returns null for a good line, else what to say about
   * it; a bad row that PERMISSIVE keeps is completed by {@link #keep}, one that is dropped is left
   * for the next line to overwrite.
   */
  private static final class RowReader {
    final Column[] columns;
    private final Map<String, Column> byName = new HashMap<>();
    Throwable cause;
    private boolean malformed;

    RowReader(List<Field> fields) {
      columns = new Column[fields.size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = new Column(fields.get(c));
        byName.put(fields.get(c).name(), columns[c]);
      }
    }

    String read(byte[] buf, int from, int to, int row) {
      cause = null;
      malformed = true;
      for (Column c : columns) {
        c.startRow(row);
      }
      String bad = null;
      try (JsonParser p = FACTORY.createParser(buf, from, to - from)) {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
          return ": not a JSON object but " + describe(p, t);
        }
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          Column c = byName.get(p.currentName());
          t = p.nextToken();
          if (c == null) {
            p.skipChildren();
          } else {
            String problem = c.set(p, t);
            if (problem != null && bad == null) {
              bad = ", column '" + c.field.name() + "': " + problem;
            }
          }
        }
        t = p.nextToken();
        if (t != null) {
          return ": text after the JSON object: " + describe(p, t);
        }
      } catch (IOException e) {
        cause = e;
        return ": malformed JSON: " + message(e);
      }
      malformed = false;
      if (bad == null) {
        for (Column c : columns) {
          c.endRow(row);
        }
      }
      return bad;
    }

    /** Completes a bad row as PERMISSIVE keeps it: what did not parse or fit is null. */
    void keep(int row) {
      for (Column c : columns) {
        if (malformed) {
          c.setNull(row);
        } else {
          c.endRow(row);
        }
      }
    }
  }

  /** Jackson's message without its location, which names the line's own parser, not the file. */
  private static String message(IOException e) {
    if (e instanceof JsonProcessingException j) {
      return j.getOriginalMessage()
          + (j.getLocation() != null
              ? " (at character " + j.getLocation().getColumnNr() + ")"
              : "");
    }
    return e.toString();
  }

  private static String describe(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> shown(p, t);
    };
  }

  private static String shown(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_STRING ? "\"" + p.getText() + "\"" : p.getText();
  }

  /**
   * One column's values as lines are parsed: a growing array of the type's storage and a null mask.
   * A row is null unless a value is set between {@link #startRow} and {@link #endRow}, so a missing
   * field is null and a repeated one keeps its last value (as in Spark).
   */
  private static final class Column {
    final Field field;
    private final TypeId id;
    private int capacity = 1024;
    private boolean[] bools;
    private int[] ints;
    private long[] longs;
    private float[] floats;
    private double[] doubles;
    private String[] strings;
    private BigDecimal[] decimals;
    private long[] nulls = Bits.create(capacity);
    private int row;
    private boolean set;

    Column(Field field) {
      this.field = field;
      this.id = field.type().id();
      switch (id) {
        case BOOLEAN -> bools = new boolean[capacity];
        case INT32, DATE -> ints = new int[capacity];
        case INT64, TIMESTAMP, TIMESTAMP_NTZ -> longs = new long[capacity];
        case FLOAT32 -> floats = new float[capacity];
        case FLOAT64 -> doubles = new double[capacity];
        case STRING -> strings = new String[capacity];
        case DECIMAL -> decimals = new BigDecimal[capacity];
      }
    }

    void startRow(int r) {
      row = r;
      set = false;
      if (r == capacity) {
        capacity *= 2;
        switch (id) {
          case BOOLEAN -> bools = Arrays.copyOf(bools, capacity);
          case INT32, DATE -> ints = Arrays.copyOf(ints, capacity);
          case INT64, TIMESTAMP, TIMESTAMP_NTZ -> longs = Arrays.copyOf(longs, capacity);
          case FLOAT32 -> floats = Arrays.copyOf(floats, capacity);
          case FLOAT64 -> doubles = Arrays.copyOf(doubles, capacity);
          case STRING -> strings = Arrays.copyOf(strings, capacity);
          case DECIMAL -> decimals = Arrays.copyOf(decimals, capacity);
        }
        nulls = Arrays.copyOf(nulls, Bits.create(capacity).length);
      }
    }

    void endRow(int r) {
      if (set) {
        nulls[r >>> 6] &= ~(1L << r);
      } else {
        setNull(r);
      }
    }

    void setNull(int r) {
      Bits.set(nulls, r);
      if (strings != null) {
        strings[r] = null;
      } else if (decimals != null) {
        decimals[r] = null;
      }
    }

    /** Sets the row's value from the current token; returns null, or why it does not fit. */
    String set(JsonParser p, JsonToken t) throws IOException {
      set = false;
      if (t == JsonToken.VALUE_NULL) {
        return null;
      }
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        if (id == TypeId.STRING) {
          StringWriter w = new StringWriter();
          try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.copyCurrentStructure(p);
          }
          strings[row] = w.toString();
          set = true;
          return null;
        }
        p.skipChildren();
        return "nested JSON is not supported yet: the value is "
            + (t == JsonToken.START_OBJECT ? "an object" : "an array")
            + " and the column is "
            + field.type()
            + " (only a STRING column takes one, as its JSON text)";
      }
      try {
        set = scalar(p, t);
      } catch (Text.BadValue | ArithmeticException | InputCoercionException e) {
        set = false; // out of range or not the type's text: reported below
      }
      return set ? null : "expected " + field.type() + ", found " + shown(p, t);
    }

    private boolean scalar(JsonParser p, JsonToken t) throws IOException {
      boolean number = t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
      // the empty string is null to inference but fits no type but STRING (as in Spark)
      boolean text = t == JsonToken.VALUE_STRING && p.getTextLength() > 0;
      switch (id) {
        case STRING -> strings[row] = p.getText();
        case BOOLEAN -> {
          if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            return false;
          }
          bools[row] = t == JsonToken.VALUE_TRUE;
        }
        case INT32 -> {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
          }
          ints[row] = p.getIntValue();
        }
        case INT64 -> {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            return false;
          }
          longs[row] = p.getLongValue();
        }
        case FLOAT32 -> {
          if (number) {
            floats[row] = p.getFloatValue();
          } else if (text && nonNumeric(p.getText()) != 0) {
            floats[row] = (float) nonNumeric(p.getText());
          } else {
            return false;
          }
        }
        case FLOAT64 -> {
          if (number) {
            doubles[row] = p.getDoubleValue();
          } else if (text && nonNumeric(p.getText()) != 0) {
            doubles[row] = nonNumeric(p.getText());
          } else {
            return false;
          }
        }
        case DECIMAL -> {
          if (!number && !text) {
            return false;
          }
          decimals[row] = Text.parseDecimal(p.getText().trim(), (DataType.Decimal) field.type());
        }
        case DATE -> {
          if (!text) {
            return false;
          }
          ints[row] = Temporal.parseDate(p.getText().trim());
        }
        case TIMESTAMP, TIMESTAMP_NTZ -> {
          if (text) {
            longs[row] = Temporal.parseTimestamp(p.getText().trim(), id == TypeId.TIMESTAMP);
          } else if (id == TypeId.TIMESTAMP && t == JsonToken.VALUE_NUMBER_INT) {
            longs[row] = Math.multiplyExact(p.getLongValue(), 1_000_000L); // seconds, as Spark
          } else {
            return false;
          }
        }
      }
      return true;
    }

    /** NaN or an infinity as Spark's JSON source spells them in strings; 0 for anything else. */
    private static double nonNumeric(String s) {
      return switch (s) {
        case "NaN" -> Double.NaN;
        case "Infinity", "+Infinity", "+INF" -> Double.POSITIVE_INFINITY;
        case "-Infinity", "-INF" -> Double.NEGATIVE_INFINITY;
        default -> 0;
      };
    }

    /** Rows {@code [0, n)} copied into {@code out} from {@code at}, nulls into {@code outNulls}. */
    void copyTo(Object out, int at, int n, long[] outNulls) {
      Object from =
          switch (id) {
            case BOOLEAN -> bools;
            case INT32, DATE -> ints;
            case INT64, TIMESTAMP, TIMESTAMP_NTZ -> longs;
            case FLOAT32 -> floats;
            case FLOAT64 -> doubles;
            case STRING -> strings;
            case DECIMAL -> decimals;
          };
      System.arraycopy(from, 0, out, at, n);
      for (int i = 0; i < n; i++) {
        if (Bits.get(nulls, i)) {
          Bits.set(outNulls, at + i);
        }
      }
    }
  }

  /** Column {@code c} of every part, end to end, as a vector of {@code type}. */
  private static Vec concat(DataType type, Part[] parts, int c, int rows) {
    long[] nulls = Bits.create(rows);
    Object out =
        switch (type.id()) {
          case BOOLEAN -> new boolean[rows];
          case INT32, DATE -> new int[rows];
          case INT64, TIMESTAMP, TIMESTAMP_NTZ -> new long[rows];
          case FLOAT32 -> new float[rows];
          case FLOAT64 -> new double[rows];
          case STRING -> new String[rows];
          case DECIMAL -> new BigDecimal[rows];
        };
    int at = 0;
    for (Part p : parts) {
      p.columns()[c].copyTo(out, at, p.rows(), nulls);
      at += p.rows();
    }
    return switch (type.id()) {
      case BOOLEAN -> Vec.ofBooleans((boolean[]) out, nulls);
      case INT32, DATE -> Vec.ofInts(type, (int[]) out, nulls);
      case INT64, TIMESTAMP, TIMESTAMP_NTZ -> Vec.ofLongs(type, (long[]) out, nulls);
      case FLOAT32 -> Vec.ofFloats((float[]) out, nulls);
      case FLOAT64 -> Vec.ofDoubles((double[]) out, nulls);
      case STRING -> Vec.ofStrings((String[]) out);
      case DECIMAL -> Vec.ofDecimals(type, (BigDecimal[]) out);
    };
  }

  /** The corrupt record column: the text of each bad line PERMISSIVE kept, else null. */
  private static Vec corruptTexts(Part[] parts, int rows, boolean filled) {
    String[] out = new String[rows];
    int at = 0;
    for (Part p : parts) {
      if (filled) {
        System.arraycopy(p.corrupt(), 0, out, at, Math.min(p.rows(), p.corrupt().length));
      }
      at += p.rows();
    }
    return Vec.ofStrings(out);
  }

  // ---- inference --------------------------------------------------------------------------------

  /**
   * The schema of the first {@code samplingRows} non-blank lines of the dataset: the fields sorted
   * by name as Spark sorts them, each of the kind all its values fit ({@link JsonKind#merge}), then
   * the partition columns of the listing. A malformed sampled line adds the corrupt record column
   * in PERMISSIVE mode and is otherwise left to the read (which fails on it in FAILFAST), as the
   * Spark engine infers.
   */
  static Schema infer(Source source) {
    JsonOptions o = JsonOptions.forRead(source.options());
    Datasets.Listing listing = Datasets.list(source.paths());
    Map<String, JsonKind> kinds = new TreeMap<>();
    int[] sampled = {0};
    boolean[] corrupt = {false};
    for (Datasets.DataFile file : listing.files()) {
      if (sampled[0] >= o.samplingRows()) {
        break;
      }
      LineRanges.forEachLine(
          file.path(),
          0,
          file.size(),
          Progress.NONE, // inference: the read that follows reports
          (buf, from, to, index) -> {
            if (blank(buf, from, to)) {
              return true;
            }
            sampled[0]++;
            // a bad line adds the corrupt record column in PERMISSIVE; otherwise the read
            // reports it (FAILFAST) or drops it, as the Spark engine infers
            if (inferLine(buf, from, to, kinds) != null && o.mode() == ReadMode.PERMISSIVE) {
              corrupt[0] = true;
            }
            return sampled[0] < o.samplingRows();
          });
    }
    if (corrupt[0]) {
      kinds.putIfAbsent(o.columnNameOfCorruptRecord(), JsonKind.STRING);
    }
    if (kinds.isEmpty()) {
      throw new InputException(
          "Cannot infer a schema from "
              + source
              + ": "
              + (sampled[0] == 0 ? "it holds no JSON line" : "its sampled lines hold no field")
              + "; give the schema");
    }
    List<Field> fields = new ArrayList<>();
    Schema partitions = listing.partitionSchema();
    kinds.forEach(
        (name, kind) -> {
          if (!partitions.contains(name)) {
            fields.add(Field.of(name, kind.type()));
          }
        });
    fields.addAll(partitions.fields());
    return Schema.of(fields);
  }

  /** Merges one line's fields into {@code kinds}; returns null, or why the line is bad. */
  private static String inferLine(byte[] buf, int from, int to, Map<String, JsonKind> kinds) {
    List<String> names = new ArrayList<>();
    List<JsonKind> found = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(buf, from, to - from)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        return ": not a JSON object but " + describe(p, t);
      }
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        JsonKind k = JsonKind.of(p);
        if (!name.isEmpty()) { // Spark drops fields without a name
          names.add(name);
          found.add(k);
        }
      }
      t = p.nextToken();
      if (t != null) {
        return ": text after the JSON object: " + describe(p, t);
      }
    } catch (IOException e) {
      return ": malformed JSON: " + message(e);
    }
    // only a line that parsed whole counts, as in Spark
    for (int i = 0; i < names.size(); i++) {
      kinds.merge(names.get(i), found.get(i), JsonKind::merge);
    }
    return null;
  }

  // ---- writing ----------------------------------------------------------------------------------

  /** Writes {@code frame} as one JSON-lines file at {@code file}. */
  static void write(LocalFrame frame, Path file) throws IOException {
    Schema schema = frame.schema();
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.setRootValueSeparator(new SerializedString("\n"));
      for (int r = 0; r < frame.rows(); r++) {
        g.writeStartObject();
        for (int c = 0; c < schema.size(); c++) {
          Vec v = frame.column(c);
          if (!v.isNull(r)) {
            g.writeFieldName(schema.field(c).name());
            writeValue(g, schema.field(c).type().id(), v, r);
          }
        }
        g.writeEndObject();
      }
      if (frame.rows() > 0) {
        g.writeRaw('\n');
      }
    }
  }

  private static void writeValue(JsonGenerator g, TypeId type, Vec v, int r) throws IOException {
    String text = Text.format(v, r);
    switch (type) {
      case BOOLEAN -> g.writeBoolean(text.equals("true"));
      case INT32, INT64, DECIMAL -> g.writeNumber(text);
      // NaN and the infinities are no JSON numbers: Jackson (in Spark too) quotes them
      case FLOAT32, FLOAT64 -> {
        if (text.equals("NaN") || text.endsWith("Infinity")) {
          g.writeString(text);
        } else {
          g.writeNumber(text);
        }
      }
      case STRING, DATE -> g.writeString(text);
      case TIMESTAMP -> g.writeString(jsonTimestamp(text, true));
      case TIMESTAMP_NTZ -> g.writeString(jsonTimestamp(text, false));
    }
  }

  /**
   * The JSON timestamp text both engines write ({@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS}, plus {@code
   * Z} for TIMESTAMP, which is UTC; Spark's own default would cut microseconds) from the STRING
   * cast's {@code yyyy-MM-dd HH:mm:ss[.fraction]}.
   */
  static String jsonTimestamp(String cast, boolean zoned) {
    StringBuilder sb = new StringBuilder(cast.length() + 8).append(cast);
    sb.setCharAt(cast.indexOf(' '), 'T');
    int dot = cast.indexOf('.');
    if (dot < 0) {
      sb.append('.');
    }
    for (int digits = dot < 0 ? 0 : cast.length() - dot - 1; digits < 6; digits++) {
      sb.append('0');
    }
    return zoned ? sb.append('Z').toString() : sb.toString();
  }
}
