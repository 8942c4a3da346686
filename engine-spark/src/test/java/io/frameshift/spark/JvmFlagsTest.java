package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
  private static final List<String> REQUIRED =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

  @Test
  void reportsTheFlagsTheJvmWasNotStartedWith() {
    assertThat(
            JvmFlags.missing(
                REQUIRED, List.of("-Xmx1g", "--add-opens=java.base/java.nio=ALL-UNNAMED")))
        .containsExactly(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    assertThat(JvmFlags.missing(REQUIRED, List.of())).isEqualTo(REQUIRED);
  }

  @Test
  void acceptsBothSpellingsAndSeveralTargets() {
    assertThat(
            JvmFlags.missing(
                REQUIRED,
                List.of(
                    "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=my.module,ALL-UNNAMED",
                    " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED ")))
        .isEmpty();
  }

  @Test
  void anOpeningToANamedModuleOnlyDoesNotCount() {
    assertThat(
            JvmFlags.missing(
                List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"),
                List.of(
                    "--add-opens=java.base/java.lang=my.module",
                    "--add-exports=java.base/java.lang=ALL-UNNAMED")))
        .containsExactly("--add-opens=java.base/java.lang=ALL-UNNAMED");
  }

  @Test
  void onlyKerberosMayBeMissing() {
    String krb5 = "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED";
    assertThat(JvmFlags.required()).contains(krb5);
    assertThat(JvmFlags.refuseUnlessOptional(List.of(krb5))).containsExactly(krb5);
    assertThat(JvmFlags.refuseUnlessOptional(List.of())).isEmpty();
    assertThatThrownBy(
            () ->
                JvmFlags.refuseUnlessOptional(
                    List.of(krb5, "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED")))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("sun.util.calendar")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("krb5"));
  }

  @Test
  void theRequiredListIsSparksOwn() {
    assertThat(JvmFlags.required())
        .isEqualTo(JvmFlags.SPARK_ADD_OPENS)
        .allMatch(f -> f.startsWith("--add-opens="));
  }

  @Test
  void theMessageListsTheFlagsAndWhereToPutThem() {
    String m = JvmFlags.message(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"));
    assertThat(m)
        .contains("--add-opens=java.base/java.lang=ALL-UNNAMED")
        .contains("argLine")
        .contains("JAVA_TOOL_OPTIONS")
        .contains("java ");
  }
}
