package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of every real DM file (truncations, flipped bytes, size and count fields
 * overwritten with huge values) either read or fail with a {@link BadInputException}: never another
 * exception, never an OutOfMemoryError, never a hang.
 */
class DmFuzzTest {
  static final String[] FILES = {
      "08_carbon.dm3", "EELS_STO.dm3", "EELS_STO.dm4", "SI-EELS_Spectrum_Image.dm3", "SI-HAADF.dm3",
      "SI-Survey_Image.dm3", "digitalmicrograph_1D_test-EELS_spectrum.dm3",
      "digitalmicrograph_2D_test_STEM_image.dm3", "digitalmicrograph_2D_test_diffraction_pattern.dm3",
      "digitalmicrograph_3D_EELS_SI.dm4"};
  /** Mutations per file: fewer for the three files over 1 MB, whose bulk is pixel data. */
  private static int mutations(byte[] file) { return file.length > (1 << 20) ? 40 : 80; }
  private static final long[] HUGE = {0x7FFF_FFFFL, 0xFFFF_FFFFL, 0x8000_0000L, 1L << 40, 1L << 62, Long.MAX_VALUE, -1L};

  @TempDir Path dir;

  @Test
  void mutatedRealFilesReadOrFailWithBadInput() throws IOException {
    List<byte[]> originals = new ArrayList<>();
    for (String name : FILES) originals.add(Files.readAllBytes(SharedData.real(name)));
    int[] outcomes = new int[2];
    int total = 0;
    for (byte[] o : originals) total += mutations(o);
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (int f = 0; f < FILES.length; f++) {
        byte[] original = originals.get(f);
        int[] delimiters = delimiters(original);
        SplittableRandom random = new SplittableRandom(20_261_125L + f);
        Path file = dir.resolve(FILES[f]);
        for (int m = 0; m < mutations(original); m++) {
          StringBuilder what = new StringBuilder();
          byte[] mutated = mutate(original, delimiters, random, what);
          Files.write(file, mutated);
          outcomes[readCleanly(file, FILES[f] + " mutation " + m + " (" + what + ")") ? 0 : 1]++;
        }
      }
    });
    // the corpus exercises both outcomes
    assertThat(outcomes[0]).as("mutations read successfully").isPositive();
    assertThat(outcomes[1]).as("mutations rejected").isGreaterThan(total / 4);
  }

  /**
   * True when the file reads, false when it is rejected with a clear BadInputException; fails otherwise.
   * {@link Readers#open} turns a reader's stray IndexOutOfBounds or IllegalArgument exception into a
   * BadInputException with that cause; the DM reader must not need this, so such a cause fails too.
   */
  private static boolean readCleanly(Path file, String what) {
    try (DataFile df = Readers.open(file)) {
      for (Dataset d : df.datasets()) {
        long n = 1;
        for (long s : d.shape()) n *= s;
        assertThat(n).as(what).isPositive();
      }
      Json.toString(df.metadata().tree());
      return true;
    } catch (BadInputException e) {
      assertThat(e.getMessage()).as(what).contains(file.getFileName().toString());
      if (e.getCause() != null) throw new AssertionError(what + ": the DM reader threw " + e.getCause(), e.getCause());
      return false;
    } catch (Throwable t) {
      throw new AssertionError(what + ": Readers.open threw " + t, t);
    }
  }

  /** Offsets of every "%%%%" (the start of each data tag's type description). */
  private static int[] delimiters(byte[] b) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i + 4 <= b.length; i++) {
      if (b[i] == '%' && b[i + 1] == '%' && b[i + 2] == '%' && b[i + 3] == '%') out.add(i);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static byte[] mutate(byte[] original, int[] delimiters, SplittableRandom random, StringBuilder what) {
    boolean wide = ByteBuffer.wrap(original).getInt(0) == 4;
    int w = wide ? 8 : 4;
    switch (random.nextInt(5)) {
      case 0: {
        int cut = random.nextInt(original.length);
        byte[] out = Arrays.copyOf(original, cut);
        if (random.nextBoolean() && cut >= 16 + (wide ? 8 : 0)) {
          if (wide) ByteBuffer.wrap(out).putLong(4, cut - 24);
          else ByteBuffer.wrap(out).putInt(4, cut - 16);
          what.append("cut at ").append(cut).append(" with the header patched");
        } else {
          what.append("cut at ").append(cut);
        }
        return out;
      }
      case 1: {
        byte[] out = original.clone();
        int flips = 1 + random.nextInt(8);
        what.append("flips at");
        for (int k = 0; k < flips; k++) {
          int at = nearStructure(original, delimiters, random);
          out[at] ^= (byte) (1 << random.nextInt(8));
          what.append(' ').append(at);
        }
        return out;
      }
      case 2: {
        // a count in a type description: number of entries, element type, or array length
        byte[] out = original.clone();
        int d = delimiters[random.nextInt(delimiters.length)];
        int at = d + 4 + w * random.nextInt(4);
        long huge = HUGE[random.nextInt(HUGE.length)];
        put(out, at, huge, w);
        what.append("type field at ").append(at).append(" = ").append(huge);
        return out;
      }
      case 3: {
        // the value of a scalar tag (dimension, data type, calibration, thumbnail index) set to an edge case
        byte[] out = original.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        ByteOrder order = b.getInt(wide ? 12 : 8) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        for (int tries = 0; tries < 100; tries++) {
          int d = delimiters[random.nextInt(delimiters.length)];
          if (d + 4 + 3 * w > out.length || count(b, d + 4, w) != 1) continue;
          long type = count(b, d + 4 + w, w);
          int at = d + 4 + 2 * w;
          b.order(order);
          int pick = random.nextInt(5);
          if (type == 6 && at + 4 <= out.length) {
            b.putFloat(at, new float[] {0f, Float.NaN, Float.POSITIVE_INFINITY, -1e38f, 1e-40f}[pick]);
          } else if (type == 7 && at + 8 <= out.length) {
            b.putDouble(at, new double[] {0, Double.NaN, Double.NEGATIVE_INFINITY, 1e308, -0.0}[pick]);
          } else if ((type == 3 || type == 5) && at + 4 <= out.length) {
            b.putInt(at, new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 65536}[pick]);
          } else if ((type == 2 || type == 4) && at + 2 <= out.length) {
            b.putShort(at, new short[] {0, -1, Short.MAX_VALUE, Short.MIN_VALUE, 255}[pick]);
          } else {
            b.order(ByteOrder.BIG_ENDIAN);
            continue;
          }
          what.append("value of type ").append(type).append(" at ").append(at).append(" set to case ").append(pick);
          return out;
        }
        what.append("unchanged");
        return out;
      }
      default: {
        // any aligned size-like field near a tag: DM4 tag sizes, group counts, label lengths
        byte[] out = original.clone();
        int d = delimiters[random.nextInt(delimiters.length)];
        int at = Math.max(0, d - random.nextInt(64));
        long huge = HUGE[random.nextInt(HUGE.length)];
        int width = random.nextBoolean() ? 4 : 8;
        put(out, at, huge, width);
        what.append(width).append("-byte field at ").append(at).append(" = ").append(huge);
        return out;
      }
    }
  }

  private static long count(ByteBuffer b, int at, int width) {
    return width == 8 ? b.order(ByteOrder.BIG_ENDIAN).getLong(at) : b.order(ByteOrder.BIG_ENDIAN).getInt(at);
  }

  private static int nearStructure(byte[] original, int[] delimiters, SplittableRandom random) {
    if (random.nextInt(4) == 0) return random.nextInt(Math.min(original.length, 64));
    int d = delimiters[random.nextInt(delimiters.length)];
    return Math.max(0, Math.min(original.length - 1, d - 48 + random.nextInt(96)));
  }

  private static void put(byte[] out, int at, long value, int width) {
    if (at + width > out.length) return;
    if (width == 8) ByteBuffer.wrap(out).putLong(at, value);
    else ByteBuffer.wrap(out).putInt(at, (int) value);
  }
}
