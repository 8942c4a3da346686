package io.frameshift.spark;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.frameshift.WriteMode;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.EngineException;
import io.frameshift.error.InputException;
import io.frameshift.error.OutputException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * CSV through Spark's CSV source, in the format the local engine reads and writes: a directory of
 * {@code part-*.csv} files and {@code _SUCCESS}, every value printed as its STRING cast
 * (docs/semantics.md), null as the null text (empty by default).
 *
 * <p>Reading takes every field as text and converts it with the contract's casts, not with Spark's
 * CSV parsers: those accept other spellings (Spark reads only true/false as booleans, and its own
 * timestamp patterns), and a bad cell then names its file, column, value and expected type.
 */
final class SparkCsv {
  /** Separates a bad cell's message from the facts that locate it; see {@link #badCell}. */
  private static final String SEPARATOR = "\u001F";

  /**
   * What Spark reads a quoted empty field ({@code ""}) as. Spark would read it as the empty text,
   * which is also the default null text, and so make it null; the writer quotes empty strings to
   * keep them apart from nulls, and reading must too.
   */
  private static final String EMPTY = "\u0000frameshift:empty\u0000";

  private SparkCsv() {}

  static Dataset<Row> load(SparkSession spark, Source source) {
    CsvOptions o = CsvOptions.from(source.options());
    Schema schema = source.schema();
    StructType text = new StructType();
    for (Field f : schema.fields()) {
      text = text.add(f.name(), DataTypes.StringType, true);
    }
    Dataset<Row> raw =
        reader(spark, o)
            .schema(text)
            .option("mode", "FAILFAST")
            .option("emptyValue", EMPTY)
            .csv(existing(spark, source));
    List<Column> columns = new ArrayList<>();
    for (Field f : schema.fields()) {
      Column read = raw.col(ExprTranslator.quote(f.name()));
      if (f.type().id() == TypeId.STRING) {
        columns.add(when(read.equalTo(EMPTY), lit("")).otherwise(read).as(f.name()));
      } else {
        // An empty cell of another type is null, quoted or not (as the local engine reads it).
        Column cell = when(read.equalTo(EMPTY), lit(null)).otherwise(read);
        columns.add(
            Casts.parseOrRaise(cell, f.type(), badCell(cell, f, schema.indexOf(f.name()), o))
                .as(f.name()));
      }
    }
    return raw.select(columns.toArray(Column[]::new));
  }

  /**
   * The error a bad cell raises: a message naming the value, column, file and expected type, then
   * (after {@link #SEPARATOR}) what {@link #badCellMessage} needs to find the cell's line, which
   * Spark does not track: the column's position, the options, the value in hex and the file.
   */
  private static Column badCell(Column cell, Field f, int position, CsvOptions o) {
    return concat(
        lit(SparkErrors.INPUT_TAG + "Bad value '"),
        cell,
        lit("' in column '" + f.name() + "' of file "),
        input_file_name(),
        lit(": expected " + f.type() + " (" + Casts.expectedForm(f.type()) + ")"),
        lit(SEPARATOR + position + SEPARATOR + encode(o) + SEPARATOR),
        hex(cell),
        lit(SEPARATOR),
        input_file_name());
  }

  /**
   * The message of a bad cell raised by {@link #load}, with the line where the cell's record
   * starts, found by reading the file again up to that record (only when reading failed).
   */
  static String badCellMessage(String raised) {
    int sep = raised.indexOf(SEPARATOR);
    if (sep < 0) {
      return raised;
    }
    String message = raised.substring(0, sep);
    String[] parts = raised.substring(sep + 1).split(SEPARATOR, -1);
    if (parts.length < 4) {
      return message;
    }
    String file = parts[3].trim();
    try {
      String value = new String(HexFormat.of().parseHex(parts[2]), StandardCharsets.UTF_8);
      long line = lineOf(file, decode(parts[1]), Integer.parseInt(parts[0]), value);
      String at = " of file " + file + ":";
      int i = message.lastIndexOf(at);
      return line < 1 || i < 0
          ? message
          : message.substring(0, i)
              + " of file "
              + file
              + ", line "
              + line
              + ":"
              + message.substring(i + at.length());
    } catch (IOException | RuntimeException e) {
      // The line is a courtesy; the message without it still names file, column and value.
      return message;
    }
  }

  /** The 1-based line where the first record whose {@code column} is {@code value} starts. */
  private static long lineOf(String file, CsvOptions o, int column, String value)
      throws IOException {
    Path path = new Path(java.net.URI.create(file));
    Configuration conf =
        SparkSession.getDefaultSession().isDefined()
            ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
            : new Configuration();
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(o.delimiter());
    settings.getFormat().setQuote(o.quote());
    settings.getFormat().setQuoteEscape(o.escape());
    settings.setLineSeparatorDetectionEnabled(true);
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setMaxCharsPerColumn(-1);
    settings.setMaxColumns(100_000);
    CsvParser parser = new CsvParser(settings);
    try (Reader reader =
        new InputStreamReader(path.getFileSystem(conf).open(path), StandardCharsets.UTF_8)) {
      parser.beginParsing(reader);
      long end = 0;
      boolean header = o.header();
      String[] record;
      while ((record = parser.parseNext()) != null) {
        long start = end + 1;
        end = parser.getContext().currentLine();
        if (header) {
          header = false;
        } else if (column < record.length && value.equals(record[column])) {
          return start;
        }
      }
      return -1;
    } finally {
      parser.stopParsing();
    }
  }

  /** The options {@link #lineOf} needs, in a form without separators. */
  private static String encode(CsvOptions o) {
    return (o.header() ? "1" : "0")
        + ","
        + (int) o.delimiter()
        + ","
        + (int) o.quote()
        + ","
        + (int) o.escape();
  }

  private static CsvOptions decode(String s) {
    String[] p = s.split(",");
    return new CsvOptions(
        p[0].equals("1"),
        (char) Integer.parseInt(p[1]),
        (char) Integer.parseInt(p[2]),
        (char) Integer.parseInt(p[3]),
        "",
        false);
  }

  /**
   * Spark's CSV type inference mapped to Frameshift types. A session normally infers a schema with
   * the local engine; this serves a session that has only Spark, and is set up to agree with the
   * local engine where Spark can: timestamps without a zone are TIMESTAMP_NTZ (inference runs in a
   * sibling session whose default timestamp type is TIMESTAMP_NTZ), and integers beyond 64 bits,
   * which Spark infers as DECIMAL(p, 0), are FLOAT64. Where they still differ is listed in
   * docs/spark.md.
   */
  static Schema inferSchema(SparkSession spark, Source source) {
    CsvOptions o = CsvOptions.from(source.options());
    String[] paths = existing(spark, source);
    SparkSession sibling = spark.newSession();
    sibling.conf().set("spark.sql.timestampType", "TIMESTAMP_NTZ");
    StructType inferred =
        reader(sibling, o)
            .option("inferSchema", String.valueOf(o.inferSchema()))
            .csv(paths)
            .schema();
    List<Field> fields = new ArrayList<>();
    for (Field f : SparkTypes.fromSpark(inferred).fields()) {
      boolean hugeInteger = f.type() instanceof DataType.Decimal d && d.scale() == 0;
      fields.add(Field.of(f.name(), hugeInteger ? DataType.FLOAT64 : f.type()));
    }
    return Schema.of(fields);
  }

  private static DataFrameReader reader(SparkSession spark, CsvOptions o) {
    return spark
        .read()
        .options(common(o))
        // Quoted fields may hold line breaks (the writer quotes them), so records may span lines.
        .option("multiLine", "true");
  }

  private static Map<String, String> common(CsvOptions o) {
    return Map.of(
        "header", String.valueOf(o.header()),
        "sep", String.valueOf(o.delimiter()),
        "quote", String.valueOf(o.quote()),
        "escape", String.valueOf(o.escape()),
        "nullValue", o.nullValue(),
        // Spark trims unquoted values when writing unless told not to; text keeps its spaces.
        "ignoreLeadingWhiteSpace", "false",
        "ignoreTrailingWhiteSpace", "false");
  }

  /** Writes {@code data} as CSV text, each value printed as its STRING cast. */
  static void save(SparkSession spark, Dataset<Row> data, Schema schema, Sink sink) {
    CsvOptions o = CsvOptions.from(sink.options());
    List<Column> text = new ArrayList<>();
    for (Field f : schema.fields()) {
      Column c = data.col(ExprTranslator.quote(f.name()));
      // Spark's casts to STRING print values as the contract does; Spark's CSV writer would use
      // its own date and timestamp patterns instead.
      text.add(f.type().id() == TypeId.STRING ? c : c.cast(DataTypes.StringType).as(f.name()));
    }
    atomically(
        spark,
        sink,
        temporary ->
            data.select(text.toArray(Column[]::new)).write().options(common(o)).csv(temporary));
  }

  /**
   * Writes a dataset directory of {@code part-*} files and {@code _SUCCESS} to {@code sink} per its
   * mode: {@code write} fills a hidden sibling of the target, which is then moved into place, so a
   * failed write leaves the target as it was. Part file names must be unique per write, so APPEND
   * never clashes with parts already there.
   */
  static void atomically(SparkSession spark, Sink sink, Consumer<String> write) {
    FileSystem fs = fileSystem(spark, new Path(sink.path()));
    Path target = fs.makeQualified(new Path(sink.path()));
    boolean exists = io(target, () -> fs.exists(target));
    if (exists) {
      switch (sink.mode()) {
        case ERROR_IF_EXISTS ->
            throw new OutputExistsException(
                "Output "
                    + sink.path()
                    + " already exists; choose WriteMode.OVERWRITE, APPEND or IGNORE to write"
                    + " anyway");
        case IGNORE -> {
          return;
        }
        case OVERWRITE, APPEND -> {}
      }
    }
    Path parent = target.getParent();
    Path temporary = new Path(parent, "." + target.getName() + ".frameshift-" + UUID.randomUUID());
    try {
      write.accept(temporary.toString());
      removeChecksums(fs, temporary);
      if (!exists) {
        io(parent, () -> fs.mkdirs(parent));
        rename(fs, temporary, target);
      } else if (sink.mode() == WriteMode.OVERWRITE) {
        swap(fs, temporary, target);
      } else {
        append(fs, temporary, target);
      }
    } finally {
      io(temporary, () -> fs.exists(temporary) && fs.delete(temporary, true));
    }
  }

  /** Moves the old target aside, the new data in, then deletes the old (put back on failure). */
  private static void swap(FileSystem fs, Path fresh, Path target) {
    Path old =
        new Path(
            target.getParent(), "." + target.getName() + ".frameshift-old-" + UUID.randomUUID());
    rename(fs, target, old);
    try {
      rename(fs, fresh, target);
    } catch (RuntimeException e) {
      rename(fs, old, target);
      throw e;
    }
    io(old, () -> fs.delete(old, true));
  }

  /**
   * Moves the new part files into the target, into partition folders ({@code key=value}) of the
   * same names; Spark names part files uniquely, so none clash.
   */
  private static void append(FileSystem fs, Path fresh, Path target) {
    moveParts(fs, fresh, target);
    Path success = new Path(target, "_SUCCESS");
    io(success, () -> fs.exists(success) || fs.createNewFile(success));
  }

  private static void moveParts(FileSystem fs, Path from, Path to) {
    for (FileStatus s : io(from, () -> fs.listStatus(from))) {
      String name = s.getPath().getName();
      if (name.startsWith("part-")) {
        rename(fs, s.getPath(), new Path(to, name));
      } else if (s.isDirectory() && name.indexOf('=') > 0) {
        Path folder = new Path(to, name);
        io(folder, () -> fs.mkdirs(folder));
        moveParts(fs, s.getPath(), folder);
      }
    }
  }

  /**
   * Hadoop's local file system writes a hidden {@code .crc} file beside each file (and hides them
   * from its own listings); the local engine's output has none, and readers need none.
   */
  private static void removeChecksums(FileSystem fs, Path dir) {
    if (!(fs instanceof ChecksumFileSystem checksummed)) {
      return;
    }
    FileSystem raw = checksummed.getRawFileSystem();
    for (FileStatus s : io(dir, () -> raw.listStatus(dir))) {
      String name = s.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        io(s.getPath(), () -> raw.delete(s.getPath(), false));
      } else if (s.isDirectory() && name.indexOf('=') > 0) {
        removeChecksums(fs, s.getPath()); // a partition folder
      }
    }
  }

  /**
   * Checks that every path (or glob) names something, so a missing input fails at once with its
   * name rather than in Spark's planning.
   */
  static String[] existing(SparkSession spark, Source source) {
    for (String p : source.paths()) {
      Path path = new Path(p);
      FileStatus[] found;
      try {
        found = fileSystem(spark, path).globStatus(path);
      } catch (IOException e) {
        throw new InputException("Cannot list input path " + p + ": " + e.getMessage(), e);
      }
      if (found == null || found.length == 0) {
        throw new SourceNotFoundException(
            "Input path not found: "
                + p
                + (source.paths().size() > 1 ? " (of " + source.paths() + ")" : ""));
      }
    }
    return source.paths().toArray(String[]::new);
  }

  private static void rename(FileSystem fs, Path from, Path to) {
    if (!io(to, () -> fs.rename(from, to))) {
      throw new EngineException("Could not move " + from + " to " + to);
    }
  }

  static FileSystem fileSystem(SparkSession spark, Path path) {
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new ConfigurationException(
          "No Hadoop file system for " + path + " (scheme " + path.toUri().getScheme() + "): " + e,
          e);
    }
  }

  interface IoAction<T> {
    T run() throws IOException;
  }

  /** Runs a file-system step of a read; a failure names the path it was reading. */
  static <T> T read(Path path, IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new InputException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Runs a file-system step of a write; a failure names the path it was working on. */
  static <T> T io(Path path, IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new OutputException("Cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
