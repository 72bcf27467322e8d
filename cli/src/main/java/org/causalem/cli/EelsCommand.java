package org.causalem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.causalem.output.EelsOutput;
import org.causalem.workflow.EelsAnalysis;
import org.causalem.workflow.OptionsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem eels FILE --out DIR}: edge maps, onsets, thickness and decomposition of an EELS spectrum image. */
@Command(name = "eels", description = {
    "EELS spectrum-image descriptors: background-subtracted edge maps, edge onsets and chemical shifts,",
    "relative thickness t/λ (log-ratio, when the zero-loss peak is recorded), PCA and NMF.",
    "Writes report.html, spectrum.svg, map_<edge>.npy/.svg, onset_<edge>.npy, shift_<edge>.npy, thickness.npy, factors.npy, loadings.npy,",
    "nmf_factors.npy, nmf_loadings.npy, pixels.csv, eels.emd (every map with the input's axes), eels.json and run.json into DIR."})
public final class EelsCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Spectrum image (or single spectrum): DM3/DM4, EMD/HDF5, SER/EMI, EMSA/MSA, ripple (.rpl/.raw), NPY, ...")
  Path file;

  @Option(names = "--dataset", paramLabel = "NAME", description = {"Dataset in FILE (default: the EELS spectrum image; with several EELS ranges the lowest",
          "core-loss one). EDS data is refused."})
  String dataset;

  @Option(names = "--edges", split = ",", paramLabel = "EDGE", description = {
      "Edges to map, e.g. Ti-L23,O-K (default: every tabulated edge in range with a visible jump).",
      "Known: C-K, N-K, O-K, Ti-L23, Mn-L23, Fe-L23, Sr-M45, Sm-M45, Bi-M45, ..."})
  List<String> edges = new ArrayList<>();

  @Option(names = "--components", paramLabel = "K", defaultValue = "4", description = "PCA and NMF components; 0 = none (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 32, why = "0 = none; also at most the number of channels and of spectra")
  int components;

  @Option(names = "--background", paramLabel = "MODEL", defaultValue = "power-law",
      description = "Pre-edge background: power-law or exponential (default: ${DEFAULT-VALUE}).")
  String background;

  @Option(names = "--fit-width", paramLabel = "EV", defaultValue = "30", description = "Pre-edge fit window width in eV (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 10000, minExclusive = true)
  double fitWidthEv;

  @Option(names = "--gap", paramLabel = "EV", defaultValue = "5", description = "Gap between fit window and tabulated onset in eV (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 10000)
  double gapEv;

  @Option(names = "--width", paramLabel = "EV", defaultValue = "30", description = "Integration window above the onset in eV (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 10000, minExclusive = true)
  double widthEv;

  @Option(names = "--bin", paramLabel = "N", defaultValue = "1",
      description = "Sum N × N pixels into one before the per-pixel analysis (default: ${DEFAULT-VALUE} = none).")
  @Range(min = 1, max = 4096, why = "N × N pixels are summed into one")
  int bin;

  @Option(names = "--no-align", description = "Do not shift spectra to put the zero-loss peak at 0 eV.")
  boolean noAlign;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the randomized SVD and NMF start (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    if (components < 0) throw OptionChecks.usage(spec, "--components must be >= 0, got " + components);
    if (bin < 1) throw OptionChecks.usage(spec, "--bin must be >= 1, got " + bin);
    EelsAnalysis.Background model = switch (background) {
      case "power-law", "powerlaw" -> EelsAnalysis.Background.POWER_LAW;
      case "exponential", "exp" -> EelsAnalysis.Background.EXPONENTIAL;
      default -> throw OptionChecks.usage(spec, "--background must be power-law or exponential, got '" + background + "'");
    };
    boolean givenComponents = spec.commandLine().getParseResult().hasMatchedOption("--components");
    EelsAnalysis.Options options;
    try {
      options = EelsAnalysis.Options.builder().edges(edges)
          .components(givenComponents ? OptionalInt.of(components) : OptionalInt.empty()).background(model)
          .fitWidthEv(fitWidthEv).gapEv(gapEv).widthEv(widthEv).bin(bin).alignZeroLoss(!noAlign).seed(seed)
          .dataset(Optional.ofNullable(dataset)).build();
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, e.getMessage());   // an unknown edge name
    }
    run.seed(seed);
    EelsOutput.parameters(options).forEach(run::parameter);
    run.parameter("background", background);
    run.input(file);
    EelsAnalysis.Result r;
    try (ProgressBars.Bar bar = progress("eels")) {
      r = run.step("analyse", () -> {
        try {
          return new EelsAnalysis(options).run(file, bar);
        } catch (OptionsException e) {
          throw OptionChecks.usage(spec, "--" + e.getMessage());   // the message starts with the parameter's name
        }
      });
    }
    r.componentNote().ifPresent(n -> note("note: " + n));
    if (r.components() != options.components().orElse(EelsAnalysis.DEFAULT_COMPONENTS)) run.parameter("components", r.components());
    run.parameter("dataset", r.data().name());
    for (String n : r.inputNotes()) note("note: " + n);
    for (String n : r.eels().notes()) note("note: " + n);
    EelsAnalysis.Result result = r;
    run.step("write", () -> {
      EelsOutput.write(dir.path(), result);
      return null;
    });
    run.step("figures", () -> {
      EelsOutput.writeFigures(dir.path(), result, file.getFileName().toString());
      return null;
    });
  }
}
