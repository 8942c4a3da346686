package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session learns local per-row costs from measured runs and saves them to their own file only.
 */
class ProfileLearningTest {
  private static final Schema S = Schema.builder().column("v", DataType.INT64).build();

  private static CostProfile profile(double filterNanos) {
    Map<OperationKind, Double> perRow = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      perRow.put(k, 10.0);
    }
    perRow.put(OperationKind.FILTER, filterNanos);
    return new CostProfile(
        Map.of("local", new CostProfile.EngineCosts(0.0, perRow)),
        2,
        "test",
        "2026-01-01T00:00:00Z");
  }

  private static void runFilterOver100kRows(Frameshift fs) {
    Object[][] rows =
        IntStream.range(0, 100_000).mapToObj(i -> new Object[] {(long) i}).toArray(Object[][]::new);
    DataFrame df = fs.createDataFrame(S, rows).filter(col("v").ge(50_000L));
    assertThat(df.count()).isEqualTo(50_000);
  }

  @Test
  void aProfileLoadedFromAFileLearnsAndIsSavedBackToIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("profile.json");
    // an absurd figure that any real measurement moves: 1 second per row
    profile(1e9).save(file);
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", file.toString())
            .config("frameshift.selector.learn", "true")
            .build()) {
      runFilterOver100kRows(fs);
      assertThat(fs.profile().engines().get("local").perRow(OperationKind.FILTER)).isLessThan(1e9);
    }
    double saved = CostProfile.load(file).engines().get("local").perRow(OperationKind.FILTER);
    assertThat(saved).isLessThan(1e9);
  }

  @Test
  void aProfileHandedInIsNotWrittenAnywhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("profile.json");
    profile(1e9).save(file);
    String before = Files.readString(file);
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", file.toString())
            .config("frameshift.selector.learn", "true")
            .build()) {
      fs.useProfile(profile(1e9));
      runFilterOver100kRows(fs);
    }
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void learningIsOffUnlessAskedFor(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("profile.json");
    profile(1e9).save(file);
    String before = Files.readString(file);
    try (Frameshift fs =
        Frameshift.builder().config("frameshift.selector.profile", file.toString()).build()) {
      runFilterOver100kRows(fs);
      assertThat(fs.profile().engines().get("local").perRow(OperationKind.FILTER)).isEqualTo(1e9);
    }
    assertThat(Files.readString(file)).as("the profile file is left as it was").isEqualTo(before);
  }
}
