package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.NdArray;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncated, bit-flipped and size-overwritten copies of the real HDF5/EMD, MRC and SER files must
 * either read or fail with {@link BadInputException}: never another exception, an OutOfMemoryError
 * or a hang. Seeded, so a failure reproduces.
 */
class Hdf5FuzzTest {
  private static final int MUTANTS = 32;
  private static final Duration PER_MUTANT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"EMDReader_SpectrumImage_Si.emd", "STEM_HAADF_Diffraction_Micro.emd", "emd_Si100_4D.emd",
      "fei_emd_image.emd", "test_ABF_cropped.hdf5", "mrc_HAADFscan.mrc", "tia_old_X_-_Au_NP_EELS_2.ser"})
  void mutantsReadOrFailCleanly(String name) throws Exception {
    byte[] original = Files.readAllBytes(SharedData.real(name));
    SplittableRandom rnd = new SplittableRandom(name.hashCode());
    ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int m = 0; m < MUTANTS; m++) {
        byte[] mutant = mutate(original, rnd, m);
        Path p = tmp.resolve(m + "-" + name);
        Files.write(p, mutant);
        String what = name + " mutant " + m + " (" + mutant.length + " bytes)";
        Future<Throwable> f = pool.submit(() -> openAndTouch(p));
        Throwable t;
        try {
          t = f.get(PER_MUTANT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          fail(what + ": no answer within " + PER_MUTANT);
          return;
        }
        if (t != null && !(t instanceof BadInputException)) {
          throw new AssertionError(what + ": expected success or BadInputException, got " + t, t);
        }
        if (t != null) assertThat(t.getMessage()).as(what).contains(p.getFileName().toString());
        Files.delete(p);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void truncationsAtEveryEighthOfTheFileFail() throws Exception {
    for (String name : List.of("emd_Si100_4D.emd", "STEM_HAADF_Diffraction_Micro.emd", "mrc_HAADFscan.mrc",
        "tia_old_X_-_Au_NP_EELS_2.ser")) {
      byte[] original = Files.readAllBytes(SharedData.real(name));
      for (int k = 1; k < 8; k++) {
        Path p = tmp.resolve("t" + k + "-" + name);
        Files.write(p, java.util.Arrays.copyOf(original, original.length * k / 8));
        Throwable t = openAndTouch(p);
        assertThat(t).as(name + " cut to " + k + "/8").isInstanceOf(BadInputException.class);
        assertThat(t.getMessage()).contains(p.getFileName().toString());
      }
    }
  }

  /** Opens the file and reads every value; returns what was thrown, or null. */
  static Throwable openAndTouch(Path p) {
    try (DataFile df = Readers.open(p)) {
      for (Dataset d : df.datasets()) touch(d);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static void touch(Dataset d) {
    if (d instanceof Image i) i.toFloat();
    else if (d instanceof ImageStack s) s.pixels().toFloatArray();
    else if (d instanceof Spectrum s) s.toFloat();
    else if (d instanceof SpectrumImage s) s.pixels().toFloatArray();
    else if (d instanceof NdArray a) a.pixels().toFloatArray();
    else if (d instanceof DataCube4D c) {
      float[] frame = new float[c.detY() * c.detX()];
      for (int ry = 0; ry < c.scanY(); ry++) for (int rx = 0; rx < c.scanX(); rx++) c.readFrame(rx, ry, frame);
    }
  }

  /** Cycles through truncation, byte flips and size-field overwrites. */
  static byte[] mutate(byte[] original, SplittableRandom rnd, int m) {
    byte[] b = original.clone();
    switch (m % 4) {
      case 0:
        return java.util.Arrays.copyOf(b, rnd.nextInt(1, b.length));
      case 1: {
        int flips = rnd.nextInt(1, 24);
        for (int i = 0; i < flips; i++) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        return b;
      }
      case 2: {
        // overwrite a 4-byte field near the start (where headers and sizes live) with a lie
        int[] lies = {Integer.MAX_VALUE, -1, 0, 1 << 30, 65536, 3};
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int region = Math.min(b.length - 4, 4096);
        for (int i = 0; i < 3; i++) bb.putInt(rnd.nextInt(region / 4) * 4, lies[rnd.nextInt(lies.length)]);
        return b;
      }
      default: {
        // flip bytes anywhere plus an 8-byte lie anywhere
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(rnd.nextInt((b.length - 8) / 8) * 8, rnd.nextBoolean() ? Long.MAX_VALUE : rnd.nextLong());
        for (int i = 0; i < 4; i++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        return b;
      }
    }
  }
}
