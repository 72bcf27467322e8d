package org.causalem.bench;

import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.FerroicScenario;
import org.causalem.workflow.FerroicAnalysis;

/**
 * The acceptance sweep of {@code causalem demo}: the ferroic workflow on the demo scenario for seeds
 * {@code first..last}, printing the structural Hamming distance of the consensus graph to the true one
 * and the time per seed. Run: {@code java -cp bench/target/benchmarks.jar org.causalem.bench.DemoSeedSweep 1 21}.
 */
public final class DemoSeedSweep {
  private DemoSeedSweep() {}

  public static void main(String[] args) {
    long first = args.length > 0 ? Long.parseLong(args[0]) : 1;
    long last = args.length > 1 ? Long.parseLong(args[1]) : 21;
    int bootstrap = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int exact = 0;
    int runs = 0;
    for (long seed = first; seed <= last; seed++) {
      long t0 = System.nanoTime();
      FerroicScenario.Result sim = new FerroicScenario(FerroicScenario.Options.defaults(seed)).simulate();
      AtomsResult atoms = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(sim.image(), Progress.NONE);
      FerroicAnalysis.Result res = new FerroicAnalysis(FerroicAnalysis.Options.defaults(seed).withBootstrap(bootstrap))
          .run(atoms.cells(), Progress.NONE);
      Graph truth = FerroicAnalysis.truthGraph(res.variables(), FerroicScenario.TRUE_EDGES);
      int shd = GraphComparison.compare(truth, res.consensus().graph()).structuralHammingDistance();
      runs++;
      if (shd == 0) exact++;
      System.out.printf("seed %d: SHD %d  (%.1f s)  %s%n", seed, shd, (System.nanoTime() - t0) / 1e9, res.consensus().graph());
    }
    System.out.printf("exact recovery in %d of %d seeds%n", exact, runs);
  }
}
