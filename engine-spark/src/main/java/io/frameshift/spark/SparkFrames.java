package io.frameshift.spark;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.error.EngineException;
import io.frameshift.spi.Engine;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Spark's side of the escape hatch: a Spark {@link Dataset} as a Frameshift {@link DataFrame} and
 * back, without copying data. A Dataset enters as it is, lazily, and stays on Spark until the
 * session's placement moves it.
 */
public final class SparkFrames {
  private SparkFrames() {}

  /**
   * A DataFrame of {@code dataset} in {@code fs}'s Spark engine. Columns keep their names; Spark's
   * TINYINT and SMALLINT become INT32. The Dataset should come from the SparkSession the engine
   * uses: the one the application built (the engine then joins it), or the engine's own (see {@link
   * #toDataset}).
   *
   * @throws EngineException if a column has a Spark type Frameshift cannot represent (arrays, maps,
   *     structs, binary, intervals), naming the column
   */
  public static DataFrame of(Frameshift fs, Dataset<Row> dataset) {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(dataset, "dataset");
    SparkEngine engine = spark(fs);
    Schema schema = SparkTypes.fromSpark(dataset.schema());
    // The frame must hold exactly its schema's Spark types; narrow integers are widened here.
    Column[] columns = new Column[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      Field f = schema.field(i);
      columns[i] =
          dataset
              .col(ExprTranslator.quote(f.name()))
              .cast(SparkTypes.toSpark(f.type()))
              .as(f.name());
    }
    // The engine joins the application's session, and that session gets the contract's settings.
    engine.session();
    SparkSessions.applyContractSettings(dataset.sparkSession());
    return fs.wrap(new SparkFrame(dataset.select(columns), schema));
  }

  /**
   * The Spark Dataset of {@code frame}: its plan runs on Spark (nodes placed elsewhere are computed
   * there and handed over), and the Dataset is returned lazily, without running a job.
   */
  public static Dataset<Row> toDataset(DataFrame frame) {
    Objects.requireNonNull(frame, "frame");
    return SparkEngine.frame(frame.materialize(SparkEngine.NAME)).dataset();
  }

  private static SparkEngine spark(Frameshift fs) {
    Engine e = fs.engine(SparkEngine.NAME);
    if (e instanceof SparkEngine s) {
      return s;
    }
    throw new EngineException(
        "The session's engine '"
            + SparkEngine.NAME
            + "' is a "
            + e.getClass().getName()
            + ", not Frameshift's Spark engine");
  }
}
