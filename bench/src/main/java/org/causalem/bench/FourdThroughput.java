package org.causalem.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.fourd.CubeMaps;
import org.causalem.fourd.CubeScan;
import org.causalem.fourd.VirtualDetector;
import org.causalem.io.Readers;

/**
 * Virtual images (BF disk + ADF annulus) and centre of mass over a uint16 cube on disk, against
 * {@code cat FILE > /dev/null} measured in the same run. Run with the heap capped:
 * <pre>java -Xmx1g -cp bench/target/benchmarks.jar org.causalem.bench.FourdThroughput [FILE] [SCAN_Y] [SCAN_X] [DET]</pre>
 * The cube (SCAN_Y × SCAN_X scan, DET × DET detector, default 256 × 512 and 128 = 4 GiB) is generated once
 * at FILE (default /tmp/causalem-bench-cube.u16); delete it afterwards. A FILE ending in {@code .mib} is
 * written as a Merlin file instead (big-endian U16 frames after 384-byte headers; name it with the
 * scan size, e.g. {@code cube_512x256.mib}) and opened through the reader, as {@code causalem fourd} does.
 */
public final class FourdThroughput {
  private FourdThroughput() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/causalem-bench-cube.u16");
    int scanY = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int scanX = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int det = args.length > 3 ? Integer.parseInt(args[3]) : 128;
    int threads = Runtime.getRuntime().availableProcessors();
    long frames = (long) scanY * scanX;
    boolean mib = file.getFileName().toString().endsWith(".mib");
    long bytes = frames * det * det * 2;
    long fileBytes = bytes + (mib ? frames * MIB_HEADER : 0);
    if (!Files.exists(file) || Files.size(file) != fileBytes) generate(file, frames, det, mib);
    System.out.printf(Locale.ROOT, "cube %s: %d×%d scan, %d×%d uint16 detector, %.2f GiB; %d threads; max heap %d MiB%n",
        file, scanY, scanX, det, det, bytes / (double) (1L << 30), threads, Runtime.getRuntime().maxMemory() >> 20);
    double catBest = Double.POSITIVE_INFINITY;
    double scanBest = Double.POSITIVE_INFINITY;
    double meanBest = Double.POSITIVE_INFINITY;
    for (int round = 0; round < 5; round++) {
      double cat = cat(file);
      double ours = scanOnce(file, scanY, scanX, det, threads, false);
      double withMean = scanOnce(file, scanY, scanX, det, threads, true);
      System.out.printf(Locale.ROOT, "round %d: cat %.2f s (%.2f GB/s), virtual+CoM %.2f s (%.2f GB/s), + mean pattern %.2f s (%.2f GB/s)%n",
          round, cat, bytes / cat / 1e9, ours, bytes / ours / 1e9, withMean, bytes / withMean / 1e9);
      if (round > 0) {   // round 0 warms the page cache and the JIT
        catBest = Math.min(catBest, cat);
        scanBest = Math.min(scanBest, ours);
        meanBest = Math.min(meanBest, withMean);
      }
    }
    System.out.printf(Locale.ROOT, "best: cat %.2f GB/s, virtual+CoM %.2f GB/s = %.0f %% of cat; with the mean pattern "
        + "(as `causalem fourd` runs it) %.2f GB/s = %.0f %%%n", bytes / catBest / 1e9, bytes / scanBest / 1e9,
        100 * catBest / scanBest, bytes / meanBest / 1e9, 100 * catBest / meanBest);
  }

  static double cat(Path file) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder("sh", "-c", "cat '" + file + "' > /dev/null").inheritIO().start();
    if (p.waitFor() != 0) throw new IOException("cat failed");
    return (System.nanoTime() - t0) / 1e9;
  }

  static double scanOnce(Path file, int scanY, int scanX, int det, int threads, boolean meanPattern) throws IOException {
    long t0 = System.nanoTime();
    if (file.getFileName().toString().endsWith(".mib")) {
      try (DataFile df = Readers.open(file)) {
        DataCube4D cube = df.first(DataCube4D.class);
        if (cube.scanX() != scanX || cube.scanY() != scanY) {
          throw new IllegalStateException(file + " opens as a " + cube.scanX() + "×" + cube.scanY() + " scan; name it *_" + scanX + "x"
              + scanY + ".mib");
        }
        scan(cube, det, threads, meanPattern);
      }
      return (System.nanoTime() - t0) / 1e9;
    }
    try (DataCube4D cube = new DataCube4D("bench", Axis.pixels("ry", scanY), Axis.pixels("rx", scanX), Axis.pixels("qy", det),
        Axis.pixels("qx", det), PixelType.UINT16, Metadata.EMPTY,
        new MappedFrames(file, 0, (long) det * det * 2, (long) scanY * scanX, det * det, PixelType.UINT16, ByteOrder.LITTLE_ENDIAN))) {
      scan(cube, det, threads, meanPattern);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void scan(DataCube4D cube, int det, int threads, boolean meanPattern) {
    double c = det / 2.0;
    VirtualDetector bf = VirtualDetector.disk("bf", det, det, c, c, det / 8.0);
    VirtualDetector adf = VirtualDetector.annulus("adf", det, det, c, c, det / 4.0, det / 2.0);
    CubeMaps maps = new CubeScan(new CubeScan.Options(List.of(bf, adf), null, meanPattern)).scan(cube, threads, (d, t) -> { });
    if (Float.isNaN(maps.comX()[maps.comX().length / 2])) throw new IllegalStateException("empty pattern");
  }

  private static final int MIB_HEADER = 384;

  /** A bright disk moving with scan position over a weak gradient background (a MIB file: big-endian, headers). */
  static void generate(Path file, long frames, int det, boolean mib) throws IOException {
    int batch = 64;
    ByteBuffer buf = ByteBuffer.allocateDirect(batch * (det * det * 2 + (mib ? MIB_HEADER : 0)))
        .order(mib ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      double r = det / 8.0;
      for (long f = 0; f < frames; f += batch) {
        buf.clear();
        for (long g = f; g < Math.min(frames, f + batch); g++) {
          if (mib) buf.put(mibHeader(g + 1, det));
          double cx = det / 2.0 + 2 * Math.sin(g * 0.01);
          double cy = det / 2.0 + 2 * Math.cos(g * 0.013);
          for (int y = 0; y < det; y++) {
            for (int x = 0; x < det; x++) {
              double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
              int v = (d2 <= r * r ? 4000 : 0) + ((x * 7 + y * 13 + (int) g) & 63);
              buf.putShort((short) v);
            }
          }
        }
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
      }
    }
  }

  /** A Merlin frame header for a single-chip U16 frame, NUL-padded to its 384 bytes. */
  private static byte[] mibHeader(long sequence, int det) {
    String h = String.format(Locale.ROOT, "MQ1,%06d,%05d,01,%04d,%04d,U16,   1x1,01,2026-11-25 12:00:00.000000,0.001000,0,0,0,"
        + "1.000000E+1,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,0.000000E+0,3RX,"
        + "068,511,000,MQ1A,2026-11-25T12:00:00.000000000Z,1000000ns,12,", sequence % 1_000_000, MIB_HEADER, det, det);
    byte[] b = new byte[MIB_HEADER];
    byte[] t = h.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(t, 0, b, 0, t.length);
    return b;
  }
}
