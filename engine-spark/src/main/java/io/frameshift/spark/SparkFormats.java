package io.frameshift.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.trim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InputException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.JsonOptions;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.ReadMode;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet and JSON lines through Spark's own sources, with the options of {@link ParquetOptions}
 * and {@link JsonOptions}. Local datasets are listed by {@link Datasets}, as every engine lists
 * them, and read with the resolved schema (partition columns through Spark's {@code basePath});
 * writes go through {@link SparkCsv#atomically}, as CSV and Arrow writes do.
 */
final class SparkFormats {
  /** How JSON lines write timestamps: ISO 8601 with microseconds, instants in UTC ({@code Z}). */
  static final String JSON_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";

  static final String JSON_TIMESTAMP_NTZ = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkFormats() {}

  // ---- schemas -------------------------------------------------------------------------------

  static Schema inferSchema(SparkSession spark, Source source) {
    Schema files =
        source.format() == Format.PARQUET
            ? parquetSchema(spark, source)
            : jsonSchema(spark, source);
    if (!Datasets.allLocal(source.paths())) {
      return files;
    }
    List<Field> all = new ArrayList<>(files.fields());
    for (Field p : Datasets.list(source.paths()).partitionSchema().fields()) {
      if (files.contains(p.name())) {
        throw new InputException(
            "Column '"
                + p.name()
                + "' is both stored in the files of "
                + source.paths()
                + " and a partition folder name");
      }
      all.add(p);
    }
    return Schema.of(all);
  }

  /** A Parquet file's footer as Frameshift sees it. */
  private record Footer(String file, Schema schema, long rows, long bytes) {}

  /**
   * The schema of the first file; every other file must give each column it shares with that file
   * the same type, or the read fails naming both files and the column.
   */
  private static Schema parquetSchema(SparkSession spark, Source source) {
    if (!Datasets.allLocal(source.paths())) {
      return fromSpark(
          source.paths().get(0), spark.read().parquet(SparkCsv.existing(spark, source)).schema());
    }
    List<Footer> footers = footers(spark, source);
    Footer first = footers.get(0);
    for (Footer f : footers) {
      for (Field c : f.schema().fields()) {
        if (first.schema().contains(c.name())
            && !first.schema().field(first.schema().indexOf(c.name())).type().equals(c.type())) {
          throw new InputException(
              "Parquet files disagree on column '"
                  + c.name()
                  + "': "
                  + first.file()
                  + " has "
                  + first.schema().field(first.schema().indexOf(c.name())).type()
                  + " but "
                  + f.file()
                  + " has "
                  + c.type()
                  + "; give a schema, or rewrite the files with one type");
        }
      }
    }
    return first.schema();
  }

  /**
   * Row counts and the uncompressed size of the columns read, from the Parquet footers of a local
   * dataset; no data is read. With a filter to push, the rows are the most the scan returns.
   */
  static FrameStats parquetStats(SparkSession spark, Source source) {
    if (source.format() != Format.PARQUET || !Datasets.allLocal(source.paths())) {
      return FrameStats.UNKNOWN;
    }
    long rows = 0;
    long bytes = 0;
    for (Footer f : footers(spark, source)) {
      rows += f.rows();
      bytes += f.bytes();
    }
    return new FrameStats(rows, bytes, source.filter() == null);
  }

  /**
   * The uncompressed bytes of the row group's chunks of the columns {@code source} reads (all
   * without a projection): the estimate is of the data the scan reads.
   */
  private static long projectedBytes(BlockMetaData b, Source source) {
    if (source.columns() == null) {
      return b.getTotalByteSize();
    }
    long bytes = 0;
    for (ColumnChunkMetaData c : b.getColumns()) {
      if (source.columns().contains(c.getPath().toDotString())) {
        bytes += c.getTotalUncompressedSize();
      }
    }
    return bytes;
  }

  private static List<Footer> footers(SparkSession spark, Source source) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ParquetToSparkSchemaConverter converter =
        new ParquetToSparkSchemaConverter(spark.sessionState().conf());
    List<Footer> out = new ArrayList<>();
    for (Datasets.DataFile f : Datasets.list(source.paths()).files()) {
      String file = f.path().toString();
      ParquetMetadata meta;
      try (ParquetFileReader reader =
          ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.path().toUri()), conf))) {
        meta = reader.getFooter();
      } catch (Exception e) {
        throw new InputException(
            "Cannot read Parquet file " + file + ": " + SparkErrors.firstLine(e.getMessage()), e);
      }
      StructType struct = converter.convert(meta.getFileMetaData().getSchema());
      long rows = 0;
      long bytes = 0;
      for (BlockMetaData b : meta.getBlocks()) {
        rows += b.getRowCount();
        bytes += projectedBytes(b, source);
      }
      out.add(new Footer(file, fromSpark(file, struct), rows, bytes));
    }
    if (out.isEmpty()) {
      throw new InputException("No Parquet files in " + source.paths());
    }
    return out;
  }

  /** A file's Spark schema as Frameshift's; a type Frameshift lacks names the file and column. */
  private static Schema fromSpark(String file, StructType struct) {
    try {
      return SparkTypes.fromSpark(struct);
    } catch (FrameshiftException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Spark's JSON inference over the first {@code samplingRows} non-blank lines (files in listing
   * order), mapped as {@link JsonOptions} documents: columns sorted by name, nested values and
   * columns of nulls STRING, integers past 64 bits FLOAT64.
   */
  private static Schema jsonSchema(SparkSession spark, Source source) {
    JsonOptions o = source.jsonOptions();
    Dataset<String> sample =
        spark
            .read()
            .textFile(files(spark, source))
            .filter(length(trim(col("value"))).gt(0))
            .limit(o.samplingRows());
    StructType inferred =
        spark
            .read()
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", o.columnNameOfCorruptRecord())
            .option("primitivesAsString", "false")
            .json(sample.as(Encoders.STRING()))
            .schema();
    List<Field> fields = new ArrayList<>();
    for (StructField f : inferred.fields()) {
      if (f.name().equals(o.columnNameOfCorruptRecord()) && o.mode() != ReadMode.PERMISSIVE) {
        continue; // FAILFAST fails on the bad line when read; DROPMALFORMED drops it
      }
      fields.add(Field.of(f.name(), jsonType(f.dataType())));
    }
    if (fields.isEmpty()) {
      throw new InputException(
          "No JSON object in the first lines of "
              + source.paths()
              + " to infer a schema from (empty files?); give a schema");
    }
    return Schema.of(fields);
  }

  private static DataType jsonType(org.apache.spark.sql.types.DataType t) {
    if (t instanceof StructType || t instanceof ArrayType || t instanceof MapType) {
      return DataType.STRING;
    }
    if (t instanceof DecimalType d && d.scale() == 0) {
      return DataType.FLOAT64;
    }
    if (t.equals(DataTypes.NullType)) {
      return DataType.STRING;
    }
    return SparkTypes.fromSpark("json", t);
  }

  // ---- reading -------------------------------------------------------------------------------

  static SparkFrame load(SparkSession spark, Source source) {
    Schema schema = source.schema();
    DataFrameReader reader = spark.read().schema(SparkTypes.toSpark(schema));
    if (source.format() == Format.JSON) {
      JsonOptions o = source.jsonOptions();
      reader =
          reader
              .option("mode", o.mode().name())
              .option("columnNameOfCorruptRecord", o.columnNameOfCorruptRecord());
    }
    Dataset<Row> data = null;
    for (String[] group : groups(spark, source, reader)) {
      Dataset<Row> part =
          source.format() == Format.PARQUET
              ? readerFor(reader, group).parquet(files(group))
              : readerFor(reader, group).json(files(group));
      data = data == null ? part : data.unionByName(part);
    }
    return new SparkFrame(data.select(columns(schema)), schema);
  }

  /**
   * The files to read, grouped by dataset root: element 0 of each group is the root (Spark's {@code
   * basePath}, null when the paths are remote), the rest the files.
   */
  private static List<String[]> groups(SparkSession spark, Source source, DataFrameReader reader) {
    List<String[]> out = new ArrayList<>();
    if (!Datasets.allLocal(source.paths())) {
      List<String> g = new ArrayList<>();
      g.add(null);
      g.addAll(List.of(SparkCsv.existing(spark, source)));
      out.add(g.toArray(String[]::new));
      return out;
    }
    Datasets.Listing listing = Datasets.list(source.paths());
    for (java.nio.file.Path root : listing.roots()) {
      List<String> g = new ArrayList<>();
      g.add(root.toUri().toString());
      for (Datasets.DataFile f : listing.files()) {
        if (f.root().equals(root)) {
          g.add(f.path().toUri().toString());
        }
      }
      out.add(g.toArray(String[]::new));
    }
    if (out.isEmpty()) {
      throw new InputException("No " + source.format().label() + " files in " + source.paths());
    }
    return out;
  }

  private static DataFrameReader readerFor(DataFrameReader reader, String[] group) {
    return group[0] == null ? reader : reader.option("basePath", group[0]);
  }

  private static String[] files(String[] group) {
    return java.util.Arrays.copyOfRange(group, 1, group.length);
  }

  /** Every data file of a local source, or its paths as given when remote. */
  private static String[] files(SparkSession spark, Source source) {
    if (!Datasets.allLocal(source.paths())) {
      return SparkCsv.existing(spark, source);
    }
    return Datasets.list(source.paths()).files().stream()
        .map(f -> f.path().toUri().toString())
        .toArray(String[]::new);
  }

  private static org.apache.spark.sql.Column[] columns(Schema schema) {
    return schema.names().stream()
        .map(n -> col(ExprTranslator.quote(n)))
        .toArray(org.apache.spark.sql.Column[]::new);
  }

  // ---- writing -------------------------------------------------------------------------------

  static void save(SparkSession spark, SparkFrame frame, Sink sink) {
    SparkCsv.atomically(
        spark,
        sink,
        temporary -> {
          DataFrameWriter<Row> writer =
              frame.dataset().write().partitionBy(sink.partitionBy().toArray(String[]::new));
          if (sink.format() == Format.PARQUET) {
            ParquetOptions o = ParquetOptions.forWrite(sink.options());
            writer
                .option("compression", o.compression())
                .option("parquet.block.size", String.valueOf(o.rowGroupSize()))
                .parquet(temporary);
          } else {
            JsonOptions.forWrite(sink.options());
            writer
                .option("timestampFormat", JSON_TIMESTAMP)
                .option("timestampNTZFormat", JSON_TIMESTAMP_NTZ)
                .json(temporary);
          }
        });
  }

  // ---- errors --------------------------------------------------------------------------------

  /**
   * The first bad line of a JSON-lines file and its 1-based number, found by reading the file again
   * (only when reading failed, as Spark does not track lines): the first non-blank line that is not
   * one JSON object, or, given {@code value}, the first whose {@code field} (any field when null)
   * holds it.
   */
  static BadLine badLine(String file, String field, String value) {
    Path path = new Path(java.net.URI.create(file));
    Configuration conf =
        SparkSession.getDefaultSession().isDefined()
            ? SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration()
            : new Configuration();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(path.getFileSystem(conf).open(path), StandardCharsets.UTF_8))) {
      long n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          node = null;
        }
        if (value == null && (node == null || !node.isObject())) {
          return new BadLine(n, line, null);
        }
        if (value != null && node != null && node.isObject()) {
          for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if ((field == null || field.equals(e.getKey())) && text(e.getValue()).equals(value)) {
              return new BadLine(n, line, e.getKey());
            }
          }
        }
      }
      return null;
    } catch (Exception e) {
      return null; // the line is a courtesy; the message still names the file
    }
  }

  /** A bad line: its number, text, and the field holding the bad value (or null). */
  record BadLine(long number, String text, String field) {}

  private static String text(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }
}
