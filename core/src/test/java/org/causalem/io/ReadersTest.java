package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Which exceptions from a reader {@link Readers#open} reports as a corrupt file: only those the JDK raised. */
class ReadersTest {
  @Test
  void anOffsetTheJdkRefusesIsAFormatErrorOurOwnCheckIsABug() {
    Throwable fromBuffer = catchThrowable(() -> ByteBuffer.allocate(4).getInt(8));
    Throwable fromExactArithmetic = catchThrowable(() -> Math.multiplyExact(1L << 40, 1L << 40));
    Throwable fromOurCode = new IllegalArgumentException("a reader's own bug");
    Throwable fromOurArray = catchThrowable(() -> index(new int[2], 5));
    assertThat(Readers.thrownByJdk(fromBuffer)).isTrue();
    assertThat(Readers.thrownByJdk(fromExactArithmetic)).isTrue();
    assertThat(Readers.thrownByJdk(fromOurCode)).isFalse();
    assertThat(Readers.thrownByJdk(fromOurArray)).isFalse();
  }

  private static int index(int[] a, int i) { return a[i]; }
}
