package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration over both real engines, at small sizes so it runs in seconds. */
class CalibrationTest {
  @Test
  void measuresEveryKindOnBothEnginesAndRoundTripsThroughJson(@TempDir Path dir) {
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.learn", "false")
            .config("spark.master", "local[2]")
            .config("spark.sql.shuffle.partitions", "2")
            .build()) {
      CostProfile p =
          Calibration.calibrate(
              fs, dir.resolve("profile.json"), new Calibration.Options(List.of(2_000, 8_000), 1));

      assertThat(p.engines()).containsOnlyKeys("local", "spark");
      for (String engine : List.of("local", "spark")) {
        CostProfile.EngineCosts c = p.engines().get(engine);
        assertThat(c.overheadMillis()).as(engine + " overhead").isPositive();
        for (OperationKind kind : OperationKind.values()) {
          assertThat(c.nanosPerRow().get(kind)).as(engine + " " + kind).isNotNull().isPositive();
        }
      }
      assertThat(p.engines().get("spark").overheadMillis())
          .isGreaterThan(p.engines().get("local").overheadMillis());
      assertThat(p.engines().get("spark").startupMillis()).isPositive();
      assertThat(p.engines().get("local").startupMillis()).isZero();
      assertThat(p.transferNanosPerByte()).isPositive();
      assertThat(p.machine()).contains("cores").contains("Java");
      assertThat(p.measuredAt()).isNotBlank();

      assertThat(fs.profile()).isEqualTo(p);
      CostProfile loaded = CostProfile.load(dir.resolve("profile.json"));
      assertThat(loaded).isEqualTo(p);
      assertThat(CostProfile.fromJson(p.toJson(), "test")).isEqualTo(p);
    }
  }
}
