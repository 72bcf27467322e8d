package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.causalem.SharedData;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every real file in {@code ../shared/data/real} (all formats) and a generated file of each format
 * without a real example (TIFF, BigTIFF, NPY, MIB, PNG, NPZ, PRZ), mutated with a fixed seed: truncated, bytes
 * flipped, words and ASCII numbers in the header overwritten with huge values; plus an empty file, a
 * directory, a text file and random bytes. Each case must either read (and then give its first and
 * last values) or throw {@link BadInputException} whose message names the file — never another
 * exception, never OutOfMemoryError, never a hang.
 */
@Tag("slow")
class BadInputTest {
  private static final long SEED = 20261125L;
  private static final Duration PER_CASE = Duration.ofSeconds(10);
  private static final int TRUNCATIONS = 7;
  private static final int FLIPS = 8;
  private static final int HUGE_WORDS = 6;
  private static final int HUGE_DIGITS = 4;

  @TempDir Path dir;

  @Test
  void everyMutationOfEveryFileReadsOrFailsCleanly() throws IOException {
    Path real = SharedData.real("");
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> s = Files.walk(real)) {
      s.filter(Files::isRegularFile).sorted().forEach(sources::add);
    }
    sources.addAll(generated());
    assertThat(sources).hasSizeGreaterThan(6);
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (int f = 0; f < sources.size(); f++) {
      Path src = sources.get(f);
      byte[] bytes = Files.readAllBytes(src);
      SplittableRandom rnd = new SplittableRandom(SEED + 7919L * f);
      String base = src.getFileName().toString();
      Path sidecar = sidecarOf(src);
      List<byte[]> variants = new ArrayList<>();
      List<String> what = new ArrayList<>();
      // truncations: header cuts, half, all but the last byte, and random lengths
      int[] cuts = {1, 8, 100, bytes.length / 2, bytes.length - 1};
      for (int c : cuts) add(variants, what, Arrays.copyOf(bytes, Math.max(1, Math.min(c, bytes.length))), "truncated to " + c);
      for (int k = 0; k < TRUNCATIONS - cuts.length; k++) {
        int c = 1 + rnd.nextInt(Math.max(1, bytes.length - 1));
        add(variants, what, Arrays.copyOf(bytes, c), "truncated to " + c);
      }
      // flipped bytes, mostly in the first 4 KiB where headers live
      for (int k = 0; k < FLIPS; k++) {
        byte[] b = bytes.clone();
        int n = 1 + rnd.nextInt(8);
        int range = k < FLIPS - 2 ? Math.min(b.length, 4096) : b.length;
        for (int j = 0; j < n; j++) b[rnd.nextInt(range)] ^= (byte) (1 + rnd.nextInt(255));
        add(variants, what, b, n + " bytes flipped");
      }
      // aligned 4- or 8-byte words overwritten with huge values (sizes, counts, offsets)
      long[] huge = {0x7FFFFFFFL, 0xFFFFFFFFL, 0x80000000L, 0x7FFFFFFFFFFFFFFFL};
      for (int k = 0; k < HUGE_WORDS; k++) {
        byte[] b = bytes.clone();
        int width = k % 2 == 0 ? 4 : 8;
        int limit = Math.min(b.length, 1024) - width;
        if (limit <= 0) continue;
        int pos = rnd.nextInt(limit / 4 + 1) * 4;
        if (pos + width > b.length) continue;
        ByteBuffer bb = ByteBuffer.wrap(b).order(rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long v = huge[rnd.nextInt(huge.length)];
        if (width == 4) bb.putInt(pos, (int) v);
        else bb.putLong(pos, v);
        add(variants, what, b, "huge " + width + "-byte word at " + pos);
      }
      // ASCII numbers in a text header (MIB, NPY) replaced by huge ones
      List<int[]> runs = digitRuns(bytes, 1024);
      for (int k = 0; k < HUGE_DIGITS && !runs.isEmpty(); k++) {
        int[] run = runs.get(rnd.nextInt(runs.size()));
        byte[] b = bytes.clone();
        for (int i = run[0]; i < run[1]; i++) b[i] = '9';
        add(variants, what, b, "number at " + run[0] + " set to 9s");
      }
      for (int v = 0; v < variants.size(); v++) {
        Path target = dir.resolve("m" + f + "_" + v + "_" + base);
        Files.write(target, variants.get(v));
        if (sidecar != null) Files.copy(sidecar, sidecarOf(target, sidecar));
        check(target, base + ": " + what.get(v), failures);
        cases++;
      }
    }
    // a MIB whose .hdr sidecar is garbage or huge numbers
    Path mib = generatedMib(dir.resolve("hdr_garbage.mib"));
    Files.writeString(dir.resolve("hdr_garbage.hdr"), "HDR,\t\nFrames per Trigger (Number):\t99999999999999999999\nScanX:\t-3\nScanY\n\t\t\nEnd\t\n");
    check(mib, "mib with garbage hdr", failures);
    // not data files at all
    Path empty = Files.write(dir.resolve("empty.dm3"), new byte[0]);
    check(empty, "empty file", failures);
    Path folder = Files.createDirectories(dir.resolve("folder.tif"));
    check(folder, "a directory", failures);
    Path text = Files.writeString(dir.resolve("notes.mrc"), "these are my notes, not an image\n");
    check(text, "a text file", failures);
    byte[] noise = new byte[5000];
    new SplittableRandom(SEED).nextBytes(noise);
    check(Files.write(dir.resolve("noise.ser"), noise), "random bytes", failures);
    check(dir.resolve("missing.emd"), "a missing file", failures);
    cases += 6;
    assertThat(failures).as("%d cases", cases).isEmpty();
  }

  private static void add(List<byte[]> variants, List<String> what, byte[] b, String w) {
    variants.add(b);
    what.add(w);
  }

  /** [start, end) of runs of 2+ ASCII digits in the first {@code limit} bytes. */
  private static List<int[]> digitRuns(byte[] b, int limit) {
    List<int[]> runs = new ArrayList<>();
    int n = Math.min(b.length, limit);
    for (int i = 0; i < n; ) {
      if (b[i] >= '0' && b[i] <= '9') {
        int j = i;
        while (j < n && b[j] >= '0' && b[j] <= '9') j++;
        if (j - i >= 2) runs.add(new int[] {i, j});
        i = j;
      } else {
        i++;
      }
    }
    return runs;
  }

  private static Path sidecarOf(Path mib) {
    String n = mib.getFileName().toString();
    if (!n.endsWith(".mib")) return null;
    Path hdr = mib.resolveSibling(n.substring(0, n.length() - 4) + ".hdr");
    return Files.exists(hdr) ? hdr : null;
  }

  private static Path sidecarOf(Path target, Path sidecar) {
    String n = target.getFileName().toString();
    return target.resolveSibling(n.substring(0, n.lastIndexOf('.')) + ".hdr");
  }

  /** Opens {@code file}; records anything but a clean read or a BadInputException naming the file. */
  private static void check(Path file, String what, List<String> failures) {
    String name = file.getFileName().toString();
    try {
      assertTimeoutPreemptively(PER_CASE, () -> {
        byte[] head = Files.isRegularFile(file) ? Arrays.copyOf(Files.readAllBytes(file), 4096) : new byte[0];
        for (FormatReader r : Readers.all()) r.accepts(file, ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN), head.length);
        try (DataFile df = Readers.open(file)) {
          for (Dataset d : df.datasets()) touch(d);
        } catch (BadInputException e) {
          if (e.getMessage() == null || !e.getMessage().contains(name)) {
            failures.add(what + ": message does not name " + name + ": " + e.getMessage());
          }
        }
      }, what);
    } catch (Throwable t) {
      failures.add(what + " (" + name + "): " + t.getClass().getName() + ": " + t.getMessage());
    }
  }

  /** Reads the first and last values of a dataset (its first and last frame for a cube). */
  private static void touch(Dataset d) {
    Pixels p = null;
    if (d instanceof Image x) p = x.pixels();
    else if (d instanceof ImageStack x) p = x.pixels();
    else if (d instanceof Spectrum x) p = x.pixels();
    else if (d instanceof SpectrumImage x) p = x.pixels();
    else if (d instanceof NdArray x) p = x.pixels();
    if (p != null && p.count() > 0) {
      p.getDouble(0);
      p.getDouble(p.count() - 1);
    }
    if (d instanceof DataCube4D c && c.frameCount() > 0) {
      float[] f = new float[c.detY() * c.detX()];
      c.readFrame(0, 0, f);
      c.readFrame(c.scanX() - 1, c.scanY() - 1, f);
    }
  }

  /** Files of the formats that have no real example: TIFF, BigTIFF, NPY (3-D and 4-D), MIB, PNG, NPZ, PRZ. */
  private List<Path> generated() throws IOException {
    Path g = Files.createDirectories(dir.resolve("generated"));
    float[] v = new float[4 * 24 * 20];
    SplittableRandom r = new SplittableRandom(SEED);
    for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
    List<Path> out = new ArrayList<>();
    ImageStack st = new ImageStack("s", Pixels.ofFloats(v), new Axis("frame", 4, 0, 0.1, "s"), new Axis("y", 24, 0, 0.2, "nm"),
        new Axis("x", 20, 0, 0.2, "nm"), null, null, Metadata.EMPTY);
    out.add(g.resolve("stack.tif"));
    TiffWriter.write(out.get(out.size() - 1), st);
    out.add(g.resolve("big.tif"));
    TiffWriter.write(out.get(out.size() - 1), st.pixels(), 20, 24, 4, st.x(), st.y(), st.frame(), true);
    TiffBytes.Page tiles = TiffBytes.page(40, 30, 16, 1, 8).tag(322, TiffBytes.SHORT, 16).tag(323, TiffBytes.SHORT, 16).tag(317, TiffBytes.SHORT, 2);
    tiles.tiled = true;
    for (int t = 0; t < 6; t++) {
      long[] s = new long[256];
      for (int i = 0; i < s.length; i++) s[i] = r.nextInt(50);
      tiles.blocks.add(TiffBytes.deflate(TiffBytes.samples(s, 2, ByteOrder.BIG_ENDIAN)));
    }
    out.add(Files.write(g.resolve("tiles.tif"), new TiffBytes(false, ByteOrder.BIG_ENDIAN).build(List.of(tiles))));
    out.add(g.resolve("stack.npy"));
    NpyWriter.write(out.get(out.size() - 1), v, 4, 24, 20);
    out.add(g.resolve("cube.npy"));
    NpyWriter.write(out.get(out.size() - 1), v, 2, 2, 24, 20);
    out.add(Files.write(g.resolve("fortran.npy"), NpyReaderTest.npy(1, NpyReaderTest.dict(">i2", true, "(3, 4, 5)"), new byte[120])));
    out.add(generatedMib(g.resolve("scan_2x2.mib")));
    java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(20, 24, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
    for (int i = 0; i < 480; i++) png.getRaster().setSample(i % 20, i / 20, 0, r.nextInt(65536));
    out.add(g.resolve("grey16.png"));
    javax.imageio.ImageIO.write(png, "png", out.get(out.size() - 1).toFile());
    java.util.Map<String, byte[]> npz = new java.util.LinkedHashMap<>();
    npz.put("stack.npy@stored", Files.readAllBytes(g.resolve("stack.npy")));
    npz.put("cube.npy", Files.readAllBytes(g.resolve("cube.npy")));
    out.add(Files.write(g.resolve("arrays.npz"), NpzReaderTest.zip(npz)));
    out.add(Files.write(g.resolve("scan.prz"), PrzReaderTest.prz(Files.readAllBytes(g.resolve("cube.npy")),
        "[{\"content.types\": [\"CameraX\", \"CameraY\", \"ScanX\", \"ScanY\"], \"device.calib\": [{\"value\": 1e-10, \"unit\": \"m\"}]}]")));
    return out;
  }

  private static Path generatedMib(Path p) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int k = 0; k < 4; k++) {
      b.writeBytes(MibReaderTest.header(k + 1, 384, 1, 64, 32, "U16", "1x1", 12));
      b.writeBytes(MibReaderTest.unsigned(MibReaderTest.truth(k, 64 * 32, 12), 2));
    }
    Files.write(p, b.toByteArray());
    Files.writeString(p.resolveSibling(p.getFileName().toString().replace(".mib", ".hdr")),
        "HDR,\t\nFrames in Acquisition (Number):\t4\nFrames per Trigger (Number):\t2\nEnd\t\n", StandardCharsets.ISO_8859_1);
    return p;
  }
}
