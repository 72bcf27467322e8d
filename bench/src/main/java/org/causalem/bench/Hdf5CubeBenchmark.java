package org.causalem.bench;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.FrameReducer;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Summing every frame of a 64 MiB float32 4-D cube stored contiguously in HDF5 (memory-mapped
 * through {@link Readers#open}) against reading the same file's bytes with a plain FileChannel loop
 * (the page cache is warm for both). Throughput = 64 MiB / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class Hdf5CubeBenchmark {
  private static final int SCAN = 32;
  private static final int DET = 128;

  private Path dir;
  private Path file;
  private DataFile data;
  private DataCube4D cube;

  @Setup(Level.Trial)
  public void write() throws IOException {
    dir = Files.createTempDirectory("hdf5-cube-bench");
    file = dir.resolve("cube.h5");
    float[][][][] v = new float[SCAN][SCAN][DET][DET];
    SplittableRandom r = new SplittableRandom(1);
    for (float[][][] a : v) for (float[][] b : a) for (float[] c : b) for (int i = 0; i < DET; i++) c[i] = (float) r.nextDouble();
    try (WritableHdfFile w = HdfFile.write(file)) {
      w.putDataset("cube", v);
    }
    data = Readers.open(file);
    cube = data.first(DataCube4D.class);
  }

  @TearDown(Level.Trial)
  public void clean() throws IOException {
    data.close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  /** Sum of all values through DataCube4D.reduce on 2 threads (memory-mapped frames). */
  @Benchmark
  public double mappedCubeSum() {
    return cube.reduce(new FrameReducer<double[]>() {
      @Override public double[] create() { return new double[1]; }

      @Override public void accept(double[] acc, int ry, int rx, float[] frame) {
        double s = 0;
        for (float f : frame) s += f;
        acc[0] += s;
      }

      @Override public double[] combine(double[] a, double[] b) {
        a[0] += b[0];
        return a;
      }
    }, 2, Progress.NONE)[0];
  }

  /** Baseline: every byte of the file read through a 1 MiB direct buffer, touching one byte per 4 KiB page. */
  @Benchmark
  public long rawFileRead() throws IOException {
    long touched = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) > 0) {
        buf.flip();
        for (int i = 0; i < buf.limit(); i += 4096) touched += buf.get(i);
        buf.clear();
      }
    }
    return touched;
  }
}
