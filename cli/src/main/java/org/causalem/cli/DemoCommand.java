package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.causalem.output.DemoOutput;
import org.causalem.simulate.FerroicScenario;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.DemoAnalysis;
import org.causalem.workflow.FerroicAnalysis;
import org.causalem.workflow.FerroicImageAnalysis;
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
    DemoAnalysis demo = new DemoAnalysis(DemoAnalysis.Options.defaults(seed).withIdealScan(idealScan).withBootstrap(bootstrap));
    FerroicScenario.Options scene = demo.options().scenario();
    FerroicScenario.Result sim = run.step("simulate", demo::simulate);
    o.printf("Simulated a %d × %d px HAADF image of %d × %d perovskite cells, lattice %.0f° to the scan (seed %d), %s.%n",
        sim.image().width(), sim.image().height(), scene.rows(), scene.cols(), scene.rotationDeg(), seed,
        idealScan ? "ideal scan and probe" : "realistic scan distortions and probe tail (--ideal-scan for none)");
    FerroicImageAnalysis analysis = demo.analysis();
    AtomsAnalysis.Result atoms;
    try (ProgressBars.Bar bar = ProgressBars.create("atoms", common.quiet)) {
      atoms = run.step("atoms", () -> analysis.atoms(sim.image(), bar));
    }
    o.printf("Found %d atom columns and %d unit cells.%n", atoms.atoms().columns().size(), atoms.atoms().cells().rows());
    FerroicAnalysis.Result causal;
    try (ProgressBars.Bar bar = ProgressBars.create("causal analysis", common.quiet)) {
      causal = run.step("causal", () -> analysis.causal(atoms, bar));
    }
    DemoAnalysis.Result res = demo.compare(sim, new FerroicImageAnalysis.Result(atoms, causal));
    Map<String, Object> params = DemoOutput.parameters(res);
    params.forEach(run::parameter);
    run.step("report", () -> DemoOutput.write(dir.path(), res, params));
    for (String line : DemoOutput.summary(res, dir.target())) o.println(line);
    run.parameter("shd", res.truth().shd());
    run.parameter("shd_supported", res.truth().shdSupported());
  }
}
