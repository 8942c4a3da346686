package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener added to a running session gets the events from then on, and none once removed. */
class AddedListenerTest {

  @Test
  void anAddedListenerSeesOnlyTheWorkWhileItIsAdded() {
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      Schema s = Schema.builder().column("v", DataType.INT64).build();
      DataFrame df = fs.createDataFrame(s, new Object[] {1L}, new Object[] {2L}, new Object[] {3L});
      df.filter("v > 1").count();
      long before = fs.metrics().engines().get("local").nodes();

      List<NodeEvent> seen = new ArrayList<>();
      ExecutionListener l =
          new ExecutionListener() {
            @Override
            public void onNode(NodeEvent e) {
              seen.add(e);
            }
          };
      fs.addListener(l);
      df.filter("v > 2").count();
      fs.removeListener(l);
      int whileAdded = seen.size();
      df.filter("v > 0").count();

      assertThat(whileAdded).isPositive();
      assertThat(seen).hasSize(whileAdded);
      assertThat(seen).anyMatch(e -> e.kind().equals("filter") && e.outputRows() == 1);
      // the session's own listeners went on receiving throughout
      assertThat(fs.metrics().engines().get("local").nodes()).isGreaterThan(before + whileAdded);
    }
  }
}
