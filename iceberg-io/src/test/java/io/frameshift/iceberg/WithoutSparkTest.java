package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application without Spark still gets Iceberg's Spark module through this one; Iceberg's
 * generic readers (delete files, other formats) must work there all the same.
 */
class WithoutSparkTest {
  @Test
  void genericReadsWorkWithoutSpark(@TempDir Path dir) throws Exception {
    Process p = ChildJvm.start(WithoutSparkMain.class, true, List.of(dir.toString()));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as(out).contains("OK 3");
    assertThat(p.exitValue()).as(out).isZero();
  }
}
