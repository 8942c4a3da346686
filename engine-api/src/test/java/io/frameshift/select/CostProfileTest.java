package io.frameshift.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Profiles keep each engine's start-up, and read older files that had one start-up for Spark. */
class CostProfileTest {
  @Test
  void startUpIsKeptPerEngineThroughJson() {
    CostProfile p =
        new CostProfile(
            Map.of(
                "a", new CostProfile.EngineCosts(1, Map.of(OperationKind.FILTER, 5.0), 0),
                "b", new CostProfile.EngineCosts(40, Map.of(OperationKind.FILTER, 1.0), 4200)),
            1.5,
            "test",
            "2026-01-01T00:00:00Z");
    CostProfile back = CostProfile.fromJson(p.toJson(), "test");
    assertThat(back).isEqualTo(p);
    assertThat(back.engines().get("b").startupMillis()).isEqualTo(4200);
    assertThat(back.engines().get("a").startupMeasured()).isTrue();
  }

  @Test
  void aProfileWrittenBeforeStartUpPerEngineLeavesItUnmeasured() {
    String older =
        """
        {
          "engines": {
            "local": {"overheadMillis": 0.5, "nanosPerRow": {"FILTER": 12.0}},
            "spark": {"overheadMillis": 90.0, "nanosPerRow": {"FILTER": 3.0}}
          },
          "sparkStartupMillis": 4000.0,
          "transferNanosPerByte": 1.2,
          "machine": "2 cores",
          "measuredAt": "2026-01-01T00:00:00Z"
        }
        """;
    CostProfile p = CostProfile.fromJson(older, "older.json");
    assertThat(p.engines().get("spark").startupMeasured()).isFalse();
    assertThat(p.engines().get("local").startupMeasured()).isFalse();
    assertThat(p.engines().get("spark").perRow(OperationKind.FILTER)).isEqualTo(3.0);
    assertThat(p.transferNanosPerByte()).isEqualTo(1.2);
  }
}
