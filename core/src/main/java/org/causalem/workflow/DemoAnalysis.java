package org.causalem.workflow;

import java.util.Objects;
import org.causalem.data.Progress;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;

/**
 * The ferroic workflow on a built-in simulated image whose mechanism is known: a doped ferroelectric perovskite
 * ({@link FerroicScenario}: composition → lattice → polarization, and a confounded pair) rendered through a realistic
 * or an ideal scan, analysed by {@link FerroicImageAnalysis}, and compared with the true graph ({@link KnownTruth}).
 * {@link #run} does it all; {@link #simulate}, {@link #analysis()} and {@link #compare} are its stages.
 *
 * <pre>{@code
 * DemoAnalysis.Result r = new DemoAnalysis(DemoAnalysis.Options.defaults(7)).run(Progress.NONE);
 * int shd = r.truth().shd();
 * }</pre>
 */
public final class DemoAnalysis {
  /**
   * @param seed seed of the simulation and of the analysis
   * @param idealScan render through an ideal scan and probe (no fast-scan nonlinearity, line jitter, drift or probe
   *     tail); otherwise the image carries realistic distortions
   * @param bootstrap bootstrap replicates per method of the causal analysis
   */
  public record Options(long seed, boolean idealScan, int bootstrap) {
    public Options {
      if (bootstrap < 1) throw new IllegalArgumentException("bootstrap must be >= 1, got " + bootstrap);
    }

    /** Realistic scan distortions, 50 bootstrap replicates. */
    public static Options defaults(long seed) { return new Options(seed, false, 50); }

    public Options withIdealScan(boolean on) { return new Options(seed, on, bootstrap); }

    public Options withBootstrap(int n) { return new Options(seed, idealScan, n); }

    /** The scan and probe the image is recorded through. */
    public ScanDistortion distortion() { return idealScan ? ScanDistortion.none() : ScanDistortion.realistic(); }

    /** The simulated scene. */
    public FerroicScenario.Options scenario() { return FerroicScenario.Options.defaults(seed).withDistortion(distortion()); }

    /** The analysis of the image: a perovskite, the default causal analysis with {@link #bootstrap} replicates. */
    public FerroicImageAnalysis.Options analysis() {
      return FerroicImageAnalysis.Options.defaults(seed).withCausal(FerroicAnalysis.Options.defaults(seed).withBootstrap(bootstrap));
    }
  }

  /**
   * @param scenario the simulated scene (its true edges, geometry and scan)
   * @param simulation the image and the truth behind it
   * @param analysis the atoms and the causal analysis of the image
   * @param truth the true graph over the searched variables and the distances from it
   */
  public record Result(Options options, FerroicScenario.Options scenario, FerroicScenario.Result simulation,
                       FerroicImageAnalysis.Result analysis, KnownTruth truth) {}

  private final Options options;

  public DemoAnalysis(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /** Every stage, with one progress for the atoms and one for the causal analysis. */
  public Result run(Progress atomsProgress, Progress causalProgress) {
    FerroicScenario.Result sim = simulate();
    FerroicImageAnalysis a = analysis();
    AtomsAnalysis.Result atoms = a.atoms(sim.image(), atomsProgress);
    return compare(sim, new FerroicImageAnalysis.Result(atoms, a.causal(atoms, causalProgress)));
  }

  public Result run(Progress progress) { return run(progress, progress); }

  /** The first stage: the simulated image. */
  public FerroicScenario.Result simulate() { return new FerroicScenario(options.scenario()).simulate(); }

  /** The analysis the image goes through (its stages: atoms, then the causal analysis). */
  public FerroicImageAnalysis analysis() { return new FerroicImageAnalysis(options.analysis()); }

  /** The last stage: the analysis of {@code sim} compared with its true mechanism. */
  public Result compare(FerroicScenario.Result sim, FerroicImageAnalysis.Result analysis) {
    FerroicScenario.Options scenario = options.scenario();
    FerroicAnalysis.Result res = analysis.causal();
    return new Result(options, scenario, sim, analysis,
        KnownTruth.of(FerroicAnalysis.truthGraph(res.variables(), scenario.trueEdges()), res));
  }
}
