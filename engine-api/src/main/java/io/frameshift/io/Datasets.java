package io.frameshift.io;

import io.frameshift.error.InputException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.Values;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists a dataset on this machine's file system the same way for every engine. A path is one of:
 *
 * <ul>
 *   <li>a file, read as it is;
 *   <li>a directory of part files, searched recursively; names starting with {@code _} or {@code .}
 *       ({@code _SUCCESS}, staging directories of writes under way) are skipped, with everything
 *       below them;
 *   <li>a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, as {@link
 *       java.nio.file.FileSystem#getPathMatcher} reads {@code glob:} patterns) matching files or
 *       directories; the dataset root is the part of the path before the first segment with a glob
 *       character.
 * </ul>
 *
 * <p>Hive-style folders between the root and a file ({@code country=DE/year=2024/part-0.parquet})
 * give partition columns, appended after the columns stored in the files. Their types are inferred
 * from every value of the key, as Spark infers them: INT32 if every value is a 32-bit integer, else
 * INT64 for 64-bit integers, else FLOAT64 for numbers, else DATE for {@code yyyy-MM-dd}, else
 * STRING; {@value #DEFAULT_PARTITION} is null, and {@code %XX} escapes are decoded. Only the run of
 * {@code key=value} folders nearest the file counts. Every file must sit under the same keys in the
 * same order: a file under other keys or at another depth is an {@link InputException} naming both
 * paths.
 */
public final class Datasets {
  /** The folder value that stands for null (and, when written, for the empty string). */
  public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private static final Pattern INT = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /**
   * Characters a partition folder escapes as {@code %XX}, as Spark escapes them (besides control
   * characters).
   */
  private static final String ESCAPED = "\"#%'*/:=?\\\u007F{[]^";

  private Datasets() {}

  /**
   * One data file of a dataset.
   *
   * @param path the file
   * @param size its length in bytes
   * @param root the dataset root it was found under (what Spark calls the {@code basePath})
   * @param partitionValues its partition values, typed as the listing's partition schema says
   */
  public record DataFile(Path path, long size, Path root, List<Object> partitionValues) {
    public DataFile {
      partitionValues = Collections.unmodifiableList(new ArrayList<>(partitionValues));
    }
  }

  /**
   * The files of a dataset.
   *
   * @param files every data file, in path order within each path given, paths in the order given
   * @param partitionSchema the partition columns, empty when the files sit in no key=value folder
   */
  public record Listing(List<DataFile> files, Schema partitionSchema) {
    public Listing {
      files = List.copyOf(files);
    }

    /** The total size of the files in bytes. */
    public long bytes() {
      return files.stream().mapToLong(DataFile::size).sum();
    }

    /** The dataset roots, in order of first appearance. */
    public List<Path> roots() {
      return files.stream().map(DataFile::root).distinct().toList();
    }
  }

  /** Whether every path is on this machine's file system (see {@link LocalPaths}). */
  public static boolean allLocal(List<String> paths) {
    return paths.stream().allMatch(p -> LocalPaths.of(p).isPresent());
  }

  /** Whether {@code path} holds a glob character. */
  public static boolean isGlob(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /**
   * Lists the data files of local {@code paths}.
   *
   * @throws SourceNotFoundException if a path does not exist or a glob matches nothing
   * @throws InputException if partition folders conflict or a folder cannot be listed
   */
  public static Listing list(List<String> paths) {
    List<Found> found = new ArrayList<>();
    for (String p : paths) {
      Path path =
          LocalPaths.of(p)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "Datasets lists local paths only; " + p + " is remote"));
      if (isGlob(p)) {
        glob(p, path, found);
      } else if (Files.isDirectory(path)) {
        walk(path, path, found);
      } else if (Files.isRegularFile(path)) {
        found.add(new Found(path, path.toAbsolutePath().getParent(), List.of(), List.of()));
      } else {
        throw new SourceNotFoundException("Input path does not exist: " + path.toAbsolutePath());
      }
    }
    return typed(found);
  }

  /** A file with its partition folders' keys and raw (unescaped, maybe null) values. */
  private record Found(Path path, Path root, List<String> keys, List<String> values) {}

  private static void glob(String text, Path pattern, List<Found> out) {
    Path absolute = pattern.toAbsolutePath().normalize();
    Path root = absolute.getRoot();
    int depth = 0;
    for (Path segment : absolute) {
      if (isGlob(segment.toString())) {
        break;
      }
      root = root.resolve(segment);
      depth++;
    }
    int segments = absolute.getNameCount() - depth;
    String glob = absolute.toString().replace("\\", "\\\\");
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> matches = new ArrayList<>();
    if (Files.isDirectory(root)) {
      Path base = root;
      try (Stream<Path> all = Files.walk(root, segments)) {
        all.filter(q -> q.getNameCount() - base.getNameCount() == segments)
            .filter(q -> !hiddenBelow(base, q))
            .filter(matcher::matches)
            .sorted()
            .forEach(matches::add);
      } catch (IOException e) {
        throw new InputException("Cannot list " + root + " for glob " + text + ": " + e, e);
      }
    }
    if (matches.isEmpty()) {
      throw new SourceNotFoundException("Input path does not exist: no file matches " + text);
    }
    for (Path m : matches) {
      if (Files.isDirectory(m)) {
        walk(m, root, out);
      } else {
        out.add(found(m, root));
      }
    }
  }

  private static boolean hiddenBelow(Path base, Path p) {
    for (Path segment : base.relativize(p)) {
      if (hidden(segment.toString())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** Adds the visible files below {@code dir}; partitions are read relative to {@code root}. */
  private static void walk(Path dir, Path root, List<Found> out) {
    Path absRoot = root.toAbsolutePath().normalize();
    Path absDir = dir.toAbsolutePath().normalize();
    try (Stream<Path> all = Files.walk(absDir)) {
      all.filter(Files::isRegularFile)
          .filter(q -> !hiddenBelow(absDir, q))
          .sorted()
          .forEach(q -> out.add(found(q, absRoot)));
    } catch (IOException e) {
      throw new InputException("Cannot list directory " + dir + ": " + e, e);
    }
  }

  private static Found found(Path file, Path root) {
    Path absFile = file.toAbsolutePath().normalize();
    Path rel = root.relativize(absFile.getParent());
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    // the run of key=value folders nearest the file
    for (int i = rel.getNameCount() - 1; i >= 0; i--) {
      String name = rel.getName(i).toString();
      int eq = name.indexOf('=');
      if (name.isEmpty() || eq <= 0) {
        break;
      }
      keys.add(0, unescape(name.substring(0, eq)));
      String v = unescape(name.substring(eq + 1));
      values.add(0, v.equals(DEFAULT_PARTITION) ? null : v);
    }
    return new Found(absFile, root, keys, values);
  }

  private static Listing typed(List<Found> found) {
    if (found.isEmpty()) {
      return new Listing(List.of(), Schema.of());
    }
    Found first = found.get(0);
    for (Found f : found) {
      if (!f.keys().equals(first.keys())) {
        throw new InputException(
            "Conflicting partition folders: "
                + first.path()
                + " sits under "
                + describe(first.keys())
                + " but "
                + f.path()
                + " under "
                + describe(f.keys())
                + "; every file of a dataset must sit under the same key=value folders");
      }
    }
    List<Field> fields = new ArrayList<>();
    for (int k = 0; k < first.keys().size(); k++) {
      List<String> column = new ArrayList<>();
      for (Found f : found) {
        column.add(f.values().get(k));
      }
      fields.add(Field.of(first.keys().get(k), partitionType(column)));
    }
    Schema schema = Schema.of(fields);
    List<DataFile> files = new ArrayList<>();
    for (Found f : found) {
      List<Object> values = new ArrayList<>();
      for (int k = 0; k < fields.size(); k++) {
        values.add(parse(f.values().get(k), fields.get(k).type()));
      }
      long size;
      try {
        size = Files.size(f.path());
      } catch (IOException e) {
        throw new InputException("Cannot read the size of " + f.path() + ": " + e, e);
      }
      files.add(new DataFile(f.path(), size, f.root(), values));
    }
    return new Listing(files, schema);
  }

  private static String describe(List<String> keys) {
    return keys.isEmpty() ? "no key=value folder" : "the folders " + keys;
  }

  /** The type of a partition column holding {@code values} (null for the default partition). */
  static DataType partitionType(List<String> values) {
    List<String> present = values.stream().filter(v -> v != null).toList();
    if (present.isEmpty()) {
      return DataType.STRING;
    }
    if (present.stream().allMatch(v -> fits(v, true))) {
      return DataType.INT32;
    }
    if (present.stream().allMatch(v -> fits(v, false))) {
      return DataType.INT64;
    }
    if (present.stream().allMatch(v -> NUMBER.matcher(v).matches())) {
      return DataType.FLOAT64;
    }
    if (present.stream().allMatch(Datasets::isDate)) {
      return DataType.DATE;
    }
    return DataType.STRING;
  }

  private static boolean fits(String v, boolean int32) {
    if (!INT.matcher(v).matches()) {
      return false;
    }
    try {
      long n = Long.parseLong(v);
      return !int32 || n == (int) n;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isDate(String v) {
    if (!DATE.matcher(v).matches()) {
      return false;
    }
    try {
      LocalDate.parse(v);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Object parse(String v, DataType type) {
    if (v == null) {
      return null;
    }
    return switch (type.id()) {
      case INT32 -> Integer.parseInt(v);
      case INT64 -> Long.parseLong(v);
      case FLOAT64 -> Double.parseDouble(v);
      case DATE -> LocalDate.parse(v);
      default -> v;
    };
  }

  // ---- partition folders when writing ----------------------------------------------------------

  /**
   * The folder a writer puts rows with partition value {@code value} of {@code column} in: {@code
   * column=text}, the text being the value's STRING cast with special characters escaped as {@code
   * %XX}, and {@value #DEFAULT_PARTITION} for null and the empty string (as Spark writes them).
   */
  public static String partitionFolder(String column, Object value) {
    String text = Values.toText(value);
    return escape(column)
        + "="
        + (text == null || text.isEmpty() ? DEFAULT_PARTITION : escape(text));
  }

  /** Escapes the characters a partition folder cannot hold as {@code %XX}, as Spark does. */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || ESCAPED.indexOf(c) >= 0) {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Decodes the {@code %XX} escapes of a partition folder's name. */
  public static String unescape(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
        sb.append((char) HexFormat.fromHexDigits(text, i + 1, i + 3));
        i += 2;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  // ---- formats ----------------------------------------------------------------------------------

  /** The formats {@link #detect} recognises, for messages. */
  public static final List<String> DETECTED =
      List.of(
          "parquet (.parquet)",
          "json (.json, .jsonl, .ndjson)",
          "csv (.csv)",
          "arrow (.arrow, .ipc, .feather)");

  private static final Map<String, Format> EXTENSIONS = new LinkedHashMap<>();

  static {
    EXTENSIONS.put("parquet", Format.PARQUET);
    EXTENSIONS.put("json", Format.JSON);
    EXTENSIONS.put("jsonl", Format.JSON);
    EXTENSIONS.put("ndjson", Format.JSON);
    EXTENSIONS.put("csv", Format.CSV);
    EXTENSIONS.put("arrow", Format.ARROW);
    EXTENSIONS.put("ipc", Format.ARROW);
    EXTENSIONS.put("feather", Format.ARROW);
  }

  /** The format a file name's extension names, if any. */
  public static Optional<Format> formatOfName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(EXTENSIONS.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * The format of a dataset: from the extension of a path given (a file or a glob such as {@code
   * *.parquet}), else of its first data file, else from the first bytes of that file ({@code PAR1}
   * Parquet, {@code ARROW1} Arrow, <code>&#123;</code> JSON lines).
   *
   * @throws InputException naming the file and the formats recognised when none fits
   */
  public static Format detect(List<String> paths, Listing listing) {
    for (String p : paths) {
      Optional<Format> f = formatOfName(p.replaceAll("[/\\\\]+$", ""));
      if (f.isPresent() && !Files.isDirectory(LocalPaths.of(p).orElse(Path.of(p)))) {
        return f.get();
      }
    }
    if (listing.files().isEmpty()) {
      throw new InputException(
          "No data files in "
              + paths
              + " to tell the format from; name it, e.g. read().parquet(..)");
    }
    Path first = listing.files().get(0).path();
    Optional<Format> byName = formatOfName(first.getFileName().toString());
    if (byName.isPresent()) {
      return byName.get();
    }
    byte[] head = head(first, 64);
    String text = new String(head, StandardCharsets.ISO_8859_1);
    if (text.startsWith("PAR1")) {
      return Format.PARQUET;
    }
    if (text.startsWith("ARROW1")) {
      return Format.ARROW;
    }
    if (text.stripLeading().startsWith("{")) {
      return Format.JSON;
    }
    throw new InputException(
        "Cannot tell the format of "
            + first
            + ": its name has no known extension and its first bytes "
            + Arrays.toString(Arrays.copyOf(head, Math.min(head.length, 8)))
            + " are no known signature; supported formats: "
            + DETECTED
            + "; read it with read().csv(..), .parquet(..), .json(..) or .arrow(..)");
  }

  private static byte[] head(Path file, int n) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
