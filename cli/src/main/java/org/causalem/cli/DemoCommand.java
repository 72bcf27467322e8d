package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.report.FerroicReport;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;
import org.causalem.workflow.FerroicAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code causalem demo}: the ferroic workflow on a built-in simulated image whose mechanism is known. */
@Command(name = "demo", description = {
    "The main job on built-in data: simulates a doped ferroelectric perovskite image with a known mechanism",
    "(composition -> lattice -> polarization, and a confounded pair), runs the ferroic workflow, prints the",
    "recovered graph beside the true one and the confounding check, and writes the report."})
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation and the analysis (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", defaultValue = "causalem-demo", paramLabel = "DIR",
      description = "Output directory (default ${DEFAULT-VALUE}, where an earlier demo output is replaced; elsewhere as every command).")
  Path out;

  @Option(names = "--force", description = "Replace DIR if it holds an earlier CausalEM output (never anything else).")
  boolean force;

  @Option(names = "--bootstrap", defaultValue = "50", description = "Bootstrap replicates per method (default ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10000, why = "each replicate reruns both searches")
  int bootstrap;

  @Option(names = "--ideal-scan", description = {"Render through an ideal scan and probe (no fast-scan nonlinearity, line jitter,",
      "drift or probe tail). By default the image carries realistic distortions, as real data always does."})
  boolean idealScan;

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override public Integer call() throws Exception {
    RunRecord run = new RunRecord(spec.qualifiedName(), spec.commandLine().getParseResult().originalArgs());
    // the default directory may be replaced when it holds an earlier demo's output; a --out the user gives is
    // handled as by every other command
    String replaceable = spec.commandLine().getParseResult().hasMatchedOption("--out") ? null : spec.qualifiedName();
    return OutputDirectory.run(out, force, replaceable, OutputCommand.inputs(spec), run, spec.commandLine().getErr(), this::execute);
  }

  private void execute(OutputDirectory dir, RunRecord run) throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    run.seed(seed);
    ScanDistortion distortion = idealScan ? ScanDistortion.none() : ScanDistortion.realistic();
    FerroicScenario scenario = new FerroicScenario(FerroicScenario.Options.defaults(seed).withDistortion(distortion));
    FerroicScenario.Result sim = run.step("simulate", scenario::simulate);
    o.printf("Simulated a %d × %d px HAADF image of %d × %d perovskite cells, lattice %.0f° to the scan (seed %d), %s.%n",
        sim.image().width(), sim.image().height(), scenario.options().rows(), scenario.options().cols(),
        scenario.options().rotationDeg(), seed,
        idealScan ? "ideal scan and probe" : "realistic scan distortions and probe tail (--ideal-scan for none)");
    AtomsResult atoms;
    try (ProgressBars.Bar bar = ProgressBars.create("atoms", common.quiet)) {
      atoms = run.step("atoms", () -> new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE)).run(sim.image(), bar));
    }
    o.printf("Found %d atom columns and %d unit cells.%n", atoms.columns().size(), atoms.cells().rows());
    FerroicAnalysis.Options opts = FerroicAnalysis.Options.defaults(seed).withBootstrap(bootstrap);
    FerroicAnalysis.Result res;
    try (ProgressBars.Bar bar = ProgressBars.create("causal analysis", common.quiet)) {
      res = run.step("causal", () -> new FerroicAnalysis(opts).run(atoms.cells(), bar));
    }
    Graph truth = FerroicAnalysis.truthGraph(res.variables(), scenario.options().trueEdges());
    Map<String, Object> params = FerroicCommand.parameters(opts, null);
    params.put("scenario", scenario.options().toString().replaceAll("render=Options\\[.*?ScanDistortion\\[[^\\]]*\\][^\\]]*\\], ", ""));
    params.put("scan_distortion", distortion.asMap());
    params.forEach(run::parameter);
    run.step("report", () -> FerroicReport.write(dir.path(), "CausalEM demo: a doped ferroelectric with a known mechanism",
        sim.image(), atoms, res, truth, params, seed));
    o.println();
    o.println("True mechanism:            Recovered (consensus of PC + DirectLiNGAM, bootstrap " + bootstrap + "):");
    List<String> t = edgesAsText(truth, Map.of());
    List<String> r = edgesAsText(res.consensus().graph(), res.consensus().confidence());
    for (int i = 0; i < Math.max(t.size(), r.size()); i++) {
      o.printf("  %-40s %s%n", i < t.size() ? t.get(i) : "", i < r.size() ? r.get(i) : "");
    }
    int shd = GraphComparison.compare(truth, res.consensus().graph()).structuralHammingDistance();
    o.println(shd == 0 ? "Structural Hamming distance 0: the true graph is recovered exactly."
        : "Structural Hamming distance " + shd + " from the true graph.");
    // what the tool claims: the supported edges only
    Graph supported = new Graph(res.variables());
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) {
      if (c.status() == FerroicAnalysis.Status.SUPPORTED) supported.addDirected(supported.index(c.from()), supported.index(c.to()));
    }
    int shdSupported = GraphComparison.compare(truth, supported).structuralHammingDistance();
    o.println("Supported edges only (those read as causal): structural Hamming distance " + shdSupported
        + (shdSupported == 0 ? ", the true graph." : " from the true graph."));
    o.println();
    FerroicCommand.printSummary(o, res, dir.target());
    run.parameter("shd", shd);
    run.parameter("shd_supported", shdSupported);
  }

  private static List<String> edgesAsText(Graph g, Map<String, Double> confidence) {
    return g.edges().stream().map(e -> {
      String from = g.nodes().get(e.a());
      String to = g.nodes().get(e.b());
      Double c = confidence.get(from + "→" + to);
      return from + " " + e.type() + " " + to + (c == null ? "" : String.format(java.util.Locale.ROOT, "  (%.2f)", c));
    }).toList();
  }
}
