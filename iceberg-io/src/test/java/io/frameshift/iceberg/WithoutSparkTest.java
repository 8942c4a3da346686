package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application without Spark still gets Iceberg's Spark module through this one; Iceberg's
 * generic readers (delete files, other formats) must work there all the same.
 */
class WithoutSparkTest {
  @Test
  void genericReadsWorkWithoutSpark(@TempDir Path dir) throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.contains("/org/apache/spark/") && !e.contains("/org/scala-lang/"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp",
            classPath,
            WithoutSparkMain.class.getName(),
            dir.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as(out).contains("OK 3");
    assertThat(p.exitValue()).as(out).isZero();
  }
}
