package org.causalem.bench;

import java.nio.file.Path;
import org.causalem.io.TiffWriter;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;

/**
 * The demo's simulated perovskite (its mechanism, dose and realistic scan) at another size, written as a TIFF for the
 * commands to read: {@code causalem atoms} on a 42 × 42-cell image gives the 1 764-row cells table that issue 17's GP
 * cross-validation target names (the demo itself has 36 × 36 cells, 1 296 complete rows).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.causalem.bench.ScenarioImage CELLS SEED OUT.tif
 * </pre>
 */
public final class ScenarioImage {
  private ScenarioImage() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ScenarioImage CELLS SEED OUT.tif");
      System.exit(2);
    }
    int cells = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    FerroicScenario.Options o = FerroicScenario.Options.defaults(seed).withSize(cells, cells).withDistortion(ScanDistortion.realistic());
    FerroicScenario.Result r = new FerroicScenario(o).simulate();
    TiffWriter.write(Path.of(args[2]), r.image());
    System.out.printf("%d x %d cells, seed %d: %d x %d px -> %s%n", cells, cells, seed, r.image().width(), r.image().height(), args[2]);
  }
}
