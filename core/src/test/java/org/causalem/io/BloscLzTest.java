package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** BloscLZ streams built token by token, decoded to the bytes the format defines. */
class BloscLzTest {
  private static byte[] decode(byte[] stream, int n) {
    byte[] out = new byte[n];
    int got = BloscLz.decode(stream, 0, stream.length, out, 0, n);
    assertThat(got).isEqualTo(n);
    return out;
  }

  @Test
  void literalsThenAnOverlappingShortMatch() {
    // 3 literals "abc"; match of (4 + 2) = 6 bytes at distance 2 + 1 = 3; 1 literal "z"
    byte[] s = {0x02, 'a', 'b', 'c', (byte) 0x80, 0x02, 0x00, 'z'};
    assertThat(new String(decode(s, 10), StandardCharsets.US_ASCII)).isEqualTo("abcabcabcz");
  }

  @Test
  void anExtendedRunOfOneByte() {
    // "x", then a match of 6 + 255 + 10 + 3 = 274 bytes at distance 1, then "y"
    byte[] s = {0x00, 'x', (byte) 0xE0, (byte) 255, 10, 0x00, 0x00, 'y'};
    byte[] out = decode(s, 276);
    byte[] expected = new byte[276];
    Arrays.fill(expected, (byte) 'x');
    expected[275] = 'y';
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void aSixteenBitDistance() {
    // 8200 literal bytes (i * 7 mod 251) in runs of 32, then a 3-byte match at distance 8191 + 0x0005 + 1 = 8197, then one literal
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    byte[] plain = new byte[8204];
    for (int i = 0; i < 8200; i++) plain[i] = (byte) (i * 7 % 251);
    for (int i = 0; i < 8200; i += 32) {
      int run = Math.min(32, 8200 - i);
      s.write(run - 1);
      s.write(plain, i, run);
    }
    s.write(0x3F);
    s.write(255);
    s.write(0x00);
    s.write(0x05);
    s.write(0x00);
    s.write(42);
    for (int k = 0; k < 3; k++) plain[8200 + k] = plain[8200 + k - 8197];
    plain[8203] = 42;
    assertThat(decode(s.toByteArray(), 8204)).isEqualTo(plain);
  }

  @Test
  void aDistanceBeforeTheStartIsCorrupt() {
    byte[] s = {0x00, 'a', (byte) 0x40, 0x05, 0x00, 'b'};
    assertThat(BloscLz.decode(s, 0, s.length, new byte[8], 0, 8)).isEqualTo(-1);
  }
}
