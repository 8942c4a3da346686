package io.frameshift.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Values;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationsTest {
  private static final Schema SCHEMA = Schema.builder().column("id", DataType.INT64).build();

  @Test
  void anObservationIsFoundByTheSameNodeOnly() {
    Observations obs = new Observations();
    LogicalPlan node = new Values(SCHEMA, List.of());
    LogicalPlan equalButOther = new Values(SCHEMA, List.of());
    obs.record(node, new Observations.Observed("local", 7, 1, null));

    assertThat(obs.rows(node)).isEqualTo(7L);
    assertThat(obs.get(node).engine()).isEqualTo("local");
    assertThat(obs.rows(equalButOther)).isNull();
  }

  @Test
  void aNodeNoLongerReferencedIsForgotten() throws InterruptedException {
    Observations obs = new Observations();
    LogicalPlan kept = new Values(SCHEMA, List.of());
    obs.record(kept, new Observations.Observed("local", 1, 1, null));
    WeakReference<LogicalPlan> dropped = recordAndDrop(obs);

    for (int i = 0; i < 50 && (dropped.get() != null || obs.size() > 1); i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(dropped.get()).as("the dropped node was collected").isNull();
    assertThat(obs.size()).isEqualTo(1);
    assertThat(obs.rows(kept)).isEqualTo(1L);
  }

  private static WeakReference<LogicalPlan> recordAndDrop(Observations obs) {
    LogicalPlan node = new Values(SCHEMA, List.of());
    obs.record(node, new Observations.Observed("local", 2, 1, null));
    return new WeakReference<>(node);
  }
}
