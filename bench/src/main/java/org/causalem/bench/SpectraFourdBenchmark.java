package org.causalem.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.SpectrumImage;
import org.causalem.fourd.BraggDiskFinder;
import org.causalem.fourd.CubeMaps;
import org.causalem.fourd.CubeScan;
import org.causalem.fourd.Disks;
import org.causalem.fourd.VirtualDetector;
import org.causalem.simulate.EelsSimulator;
import org.causalem.simulate.FourdSimulator;
import org.causalem.spectra.EdgeMapper;
import org.causalem.spectra.EdgeTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Per-step costs of the spectra and 4D-STEM code on in-memory data. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SpectraFourdBenchmark {
  private DataCube4D cube;
  private CubeScan scan;
  private BraggDiskFinder finder;
  private BraggDiskFinder.Workspace workspace;
  private float[] braggFrame;
  private SpectrumImage si;
  private EdgeMapper mapper;

  @Setup public void setup() {
    int s = 32;
    double[] zero = new double[s * s];
    cube = FourdSimulator.comCube(s, s, 128, 12, 64, 64, zero, zero, null, 1e5, 1);
    scan = new CubeScan(new CubeScan.Options(List.of(VirtualDetector.disk("bf", 128, 128, 64, 64, 12),
        VirtualDetector.annulus("adf", 128, 128, 64, 64, 24, 60)), null));
    float[][] g1 = {{22f}, {1.5f}};
    float[][] g2 = {{-2f}, {21f}};
    DataCube4D bragg = FourdSimulator.braggCube(1, 1, 128, 4, 63.3, 64.1, g1, g2, 40, 1e5, 2);
    braggFrame = new float[128 * 128];
    bragg.readFrame(0, 0, braggFrame);
    finder = new BraggDiskFinder(BraggDiskFinder.Options.forRadius(4), 128, 128);
    workspace = finder.workspace();
    si = EelsSimulator.coreLoss(new EelsSimulator.CoreLossOptions(64, 64, new Axis("energy", 1024, 250, 0.5, "eV"),
        List.of(EdgeTable.find("Ti-L23"), EdgeTable.find("O-K")), 1e5, 3, 0.5, 0.3, 1.5, true, 3)).image();
    mapper = new EdgeMapper(EdgeMapper.Options.defaults());
  }

  /** Virtual BF + ADF and CoM over 1024 frames of 128×128 (in memory). */
  @Benchmark public CubeMaps virtualAndCom1024Frames() { return scan.scan(cube, Runtime.getRuntime().availableProcessors(), (d, t) -> { }); }

  /** Bragg disks in one 128×128 pattern. */
  @Benchmark public Disks braggDisksOneFrame() { return finder.find(braggFrame, workspace); }

  /** Background fit and edge integral over a 64×64×1024 spectrum image. */
  @Benchmark public EdgeMapper.EdgeMap edgeMap64x64x1024() { return mapper.map(si, EdgeTable.find("O-K")); }
}
