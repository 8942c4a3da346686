package io.frameshift.arrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.ConfigurationException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.junit.jupiter.api.Test;

class ArrowMemoryTest {
  @Test
  void theRootIsBoundedByTheJvmsDirectMemoryLimitByDefault() {
    assertThat(ArrowMemory.limit())
        .isLessThan(Long.MAX_VALUE)
        .isEqualTo(ArrowMemory.configuredLimit());
    // Surefire starts the tests with -Xmx3g and no MaxDirectMemorySize: the heap size is the limit
    assertThat(ArrowMemory.limit()).isEqualTo(Runtime.getRuntime().maxMemory());
  }

  @Test
  void anAllocationPastTheLimitFailsInsteadOfGrowingTheProcess() {
    try (BufferAllocator child = ArrowMemory.child("too-much")) {
      assertThatThrownBy(() -> child.buffer(ArrowMemory.limit() + 1))
          .isInstanceOf(OutOfMemoryException.class);
    }
  }

  @Test
  void sizesParseWithOrWithoutAUnit() {
    assertThat(ArrowMemory.parseBytes("1048576")).isEqualTo(1L << 20);
    assertThat(ArrowMemory.parseBytes("64k")).isEqualTo(64L << 10);
    assertThat(ArrowMemory.parseBytes(" 512M ")).isEqualTo(512L << 20);
    assertThat(ArrowMemory.parseBytes("4g")).isEqualTo(4L << 30);
    assertThatThrownBy(() -> ArrowMemory.parseBytes("lots"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("frameshift.arrow.maxMemory='lots'")
        .hasMessageContaining("4g");
    assertThatThrownBy(() -> ArrowMemory.parseBytes("-1g"))
        .isInstanceOf(ConfigurationException.class);
  }
}
