package org.causalem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.DataFile;
import org.causalem.data.SpectrumImage;
import org.causalem.io.CsvWriter;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.io.Readers;
import org.causalem.report.EelsReport;
import org.causalem.spectra.BackgroundModel;
import org.causalem.spectra.Decomposition;
import org.causalem.spectra.Edge;
import org.causalem.spectra.EdgeMapper;
import org.causalem.spectra.EdgeTable;
import org.causalem.spectra.EelsData;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;
import org.causalem.spectra.OnsetFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem eels FILE --out DIR}: edge maps, onsets, thickness and decomposition of an EELS spectrum image. */
@Command(name = "eels", description = {
    "EELS spectrum-image descriptors: background-subtracted edge maps, edge onsets and chemical shifts,",
    "relative thickness t/λ (log-ratio, when the zero-loss peak is recorded), PCA and NMF.",
    "Writes report.html, spectrum.png, map_<edge>.npy/.png, onset_<edge>.npy, shift_<edge>.npy, thickness.npy, factors.npy, loadings.npy,",
    "nmf_factors.npy, nmf_loadings.npy, pixels.csv, eels.emd (every map with the input's axes), eels.json and run.json into DIR."})
public final class EelsCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "FILE", description = "Spectrum image (or single spectrum): DM3/DM4, EMD/HDF5, NPY, ...")
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
    BackgroundModel model = switch (background) {
      case "power-law", "powerlaw" -> BackgroundModel.POWER_LAW;
      case "exponential", "exp" -> BackgroundModel.EXPONENTIAL;
      default -> throw OptionChecks.usage(spec, "--background must be power-law or exponential, got '" + background + "'");
    };
    List<Edge> edgeList = EdgeTable.find(edges);
    EdgeMapper.Options bg = new EdgeMapper.Options(fitWidthEv, gapEv, widthEv, model);
    OnsetFinder.Options on = OnsetFinder.Options.defaults();
    EelsPipeline.Options options = new EelsPipeline.Options(edgeList, bg,
        new OnsetFinder.Options(on.searchBeforeEv(), on.searchAfterEv(), on.smoothingEv(), on.riseFraction(), bg),
        components, true, !noAlign, 0.05, seed, bin);
    run.seed(seed);
    run.parameter("edges", edges);
    run.parameter("components", components);
    run.parameter("background", background);
    run.parameter("fit_width_eV", fitWidthEv);
    run.parameter("gap_eV", gapEv);
    run.parameter("width_eV", widthEv);
    run.parameter("align_zero_loss", !noAlign);
    run.parameter("bin", bin);
    run.input(file);
    try (DataFile df = run.step("read", () -> Readers.open(file))) {
      EelsData.Choice choice = EelsData.choose(df, dataset);
      SpectrumImage si = choice.data();
      FiniteData.require(file, si);
      if (bin > Math.min(si.width(), si.height())) {
        throw OptionChecks.usage(spec, "--bin " + bin + " is larger than the " + si.height() + "×" + si.width() + " spectrum image "
            + si.name() + " in " + file.getFileName() + "; expected at most " + Math.min(si.width(), si.height()));
      }
      long spectra = (long) (si.width() / bin) * (si.height() / bin);
      boolean givenComponents = spec.commandLine().getParseResult().hasMatchedOption("--components");
      long possible = Math.min(si.channels(), spectra);
      if (!givenComponents && components > 0 && (spectra < 2 || components > possible)) {
        int k = spectra < 2 ? 0 : (int) possible;
        note("note: " + (k == 0 ? "a single spectrum: no PCA/NMF decomposition (--components 0)"
            : "--components " + components + " (default) lowered to " + k + ": the data have " + spectra + " spectra and "
                + si.channels() + " channels"));
        components = k;
        run.parameter("components", components);
      }
      if (components > si.channels() || components > spectra) {
        throw OptionChecks.usage(spec, "--components " + components + " is more than " + file.getFileName() + " can give: it has " + si.channels()
            + " energy channels and " + spectra + " spectra (at most " + Math.min(si.channels(), spectra) + " components)");
      }
      run.parameter("dataset", si.name());
      List<String> inputNotes = new ArrayList<>(choice.notes());
      inputNotes.addAll(si.metadata().notes());
      for (String n : inputNotes) note("note: " + n);
      EelsResult r;
      EelsPipeline.Options used = options.components() == components ? options : options.withComponents(components);
      try (ProgressBars.Bar bar = progress("eels")) {
        r = run.step("analyse", () -> new EelsPipeline(used).run(si, bar));
      }
      for (String n : r.notes()) note("note: " + n);
      EelsResult result = r;
      run.step("write", () -> {
        write(dir.path(), si, result, inputNotes, used);
        return null;
      });
      run.step("figures", () -> {
        EelsReport.write(dir.path(), file.getFileName().toString(), si, result, used, allNotes(inputNotes, result));
        return null;
      });
    }
  }

  private static void write(Path dir, SpectrumImage si, EelsResult r, List<String> inputNotes, EelsPipeline.Options options) throws Exception {
    int h = r.height();
    int w = r.width();
    for (Edge e : r.edges()) {
      String n = MapFiles.safe(e.name());
      NpyWriter.write(dir.resolve("map_" + n + ".npy"), r.edgeSignal().get(e.name()), h, w);
      NpyWriter.write(dir.resolve("onset_" + n + ".npy"), r.onsetEv().get(e.name()), h, w);
      NpyWriter.write(dir.resolve("shift_" + n + ".npy"), r.shiftEv().get(e.name()), h, w);
      OnsetFinder.OnsetMap om = r.onsets().get(e.name());
      NpyWriter.write(dir.resolve("onset_sigma_" + n + ".npy"), om.sigmaEv(), h, w);
      NpyWriter.write(dir.resolve("shift_sigma_" + n + ".npy"), om.shiftSigmaEv(), h, w);
      int[] flags = new int[om.flags().length];
      for (int i = 0; i < flags.length; i++) flags[i] = om.flags()[i];
      NpyWriter.write(dir.resolve("onset_flag_" + n + ".npy"), flags, h, w);
    }
    float[] t = r.tOverLambda();
    if (t == null) {
      t = new float[h * w];
      Arrays.fill(t, Float.NaN);
    }
    NpyWriter.write(dir.resolve("thickness.npy"), t, h, w);
    writeDecomposition(dir, r.pca(), "", h, w);
    writeDecomposition(dir, r.nmf(), "nmf_", h, w);
    CsvWriter.write(dir.resolve("pixels.csv"), r.pixels(), CsvWriter.FLOAT);
    org.causalem.report.EmdOutputs.eels(dir.resolve("eels.emd"), si, r, options.bin());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", si.name());
    summary.put("shape", new int[] {h, w, si.channels()});
    if (options.bin() > 1) summary.put("bin", options.bin());
    Map<String, Object> axis = new LinkedHashMap<>();
    axis.put("offset_eV", si.energy().offset());
    axis.put("scale_eV", si.energy().scale());
    axis.put("channels", si.channels());
    axis.put("unit", si.energy().unit());
    summary.put("energy_axis", axis);
    List<Object> edges = new ArrayList<>();
    for (Edge e : r.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.name());
      m.put("tabulated_onset_eV", e.onsetEv());
      OnsetFinder.OnsetMap om = r.onsets().get(e.name());
      m.put("summed_onset_eV", om.summedOnsetEv());
      m.put("search_window_eV", new double[] {om.searchFromEv(), om.searchToEv()});
      m.put("median_onset_eV", om.medianOnsetEv());
      m.put("median_onset_sigma_eV", median(om.sigmaEv()));
      int n = om.flags().length;
      int ok = om.count(OnsetFinder.OK);
      Map<String, Object> px = new LinkedHashMap<>();
      px.put("total", n);
      px.put("reported", ok);
      px.put("undetected", om.count(OnsetFinder.UNDETECTED));
      px.put("undetected_fraction", (double) om.count(OnsetFinder.UNDETECTED) / n);
      px.put("window_edge", om.count(OnsetFinder.WINDOW_EDGE));
      px.put("window_edge_fraction", (double) om.count(OnsetFinder.WINDOW_EDGE) / n);
      px.put("unstable", om.count(OnsetFinder.UNSTABLE));
      int negative = 0;
      for (float c : r.edgeSignal().get(e.name())) if (c < 0) negative++;
      px.put("negative_edge_counts", negative);
      m.put("pixels", px);
      m.put("detection", "edge jump (mean counts above the background over 10 eV from the summed onset) >= "
          + options.onset().detectionSigmas() + " σ (bootstrap of the pre-edge residuals, " + options.onset().replicates() + " replicas)");
      m.put("flags", "onset_flag_" + MapFiles.safe(e.name()) + ".npy: 0 reported, 1 not detected, 2 edge at an end of the "
          + "search window, 3 not reproduced by the bootstrap");
      edges.add(m);
    }
    summary.put("edges", edges);
    Map<String, Object> plaus = new LinkedHashMap<>();
    double d = si.energy().scale();
    plaus.put("dispersion_eV_per_channel", d);
    plaus.put("dispersion_plausible", d >= 0.005 && d <= 5);
    plaus.put("dispersion_range", "0.005-5 eV per channel (EELS spectrometers)");
    summary.put("plausibility", plaus);
    summary.put("thickness", r.tOverLambda() != null ? "log-ratio t/λ" : "not computed: no zero-loss peak");
    if (r.pca() != null) summary.put("pca_explained_variance", r.pca().weights());
    if (r.nmf() != null) {
      summary.put("nmf_iterations", r.nmf().iterations());
      summary.put("nmf_converged", r.nmf().converged());
      summary.put("nmf_relative_error", r.nmf().relativeError());
    }
    List<String> notes = new ArrayList<>(inputNotes);
    notes.addAll(r.notes());
    summary.put("notes", notes);
    Json.write(dir.resolve("eels.json"), summary);
  }

  private static List<String> allNotes(List<String> inputNotes, EelsResult r) {
    List<String> notes = new ArrayList<>(inputNotes);
    notes.addAll(r.notes());
    return notes;
  }

  private static void writeDecomposition(Path dir, Decomposition d, String prefix, int h, int w) throws Exception {
    if (d == null) return;
    NpyWriter.write(dir.resolve(prefix + "factors.npy"), MapFiles.stack(d.factors()), d.factors().length, d.channels());
    NpyWriter.write(dir.resolve(prefix + "loadings.npy"), MapFiles.stack(d.loadings()), d.loadings().length, h, w);
  }

  private static double median(float[] v) {
    float[] f = v.clone();
    int m = 0;
    for (float x : v) if (!Float.isNaN(x)) f[m++] = x;
    if (m == 0) return Double.NaN;
    Arrays.sort(f, 0, m);
    return m % 2 == 1 ? f[m / 2] : 0.5 * (f[m / 2 - 1] + f[m / 2]);
  }
}
