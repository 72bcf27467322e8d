package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.SpectrumImage;
import org.causalem.io.CsvWriter;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.report.EelsReport;
import org.causalem.report.EmdOutputs;
import org.causalem.spectra.Decomposition;
import org.causalem.spectra.Edge;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;
import org.causalem.spectra.OnsetFinder;
import org.causalem.workflow.EelsAnalysis;

/**
 * The files of an {@link EelsAnalysis}: map_/onset_/shift_/onset_sigma_/shift_sigma_/onset_flag_EDGE.npy,
 * thickness.npy, factors.npy, loadings.npy, nmf_factors.npy, nmf_loadings.npy, pixels.csv, eels.emd and eels.json
 * ({@link #write}); report.html, spectrum.png and the map figures ({@link #writeFigures}).
 */
public final class EelsOutput {
  private EelsOutput() {}

  /** The parameters of the run as recorded in run.json before the data are read (the command records the names it was given). */
  public static Map<String, Object> parameters(EelsAnalysis.Options o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("edges", o.edges());
    p.put("components", o.components().orElse(EelsAnalysis.DEFAULT_COMPONENTS));
    p.put("background", o.background().label());
    p.put("fit_width_eV", o.fitWidthEv());
    p.put("gap_eV", o.gapEv());
    p.put("width_eV", o.widthEv());
    p.put("align_zero_loss", o.alignZeroLoss());
    p.put("bin", o.bin());
    return p;
  }

  /** Writes every file of {@code res} into {@code dir}. */
  public static void write(Path dir, EelsAnalysis.Result res) throws IOException {
    SpectrumImage si = res.data();
    EelsResult r = res.eels();
    List<String> inputNotes = res.inputNotes();
    EelsPipeline.Options options = res.pipeline();
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
    EmdOutputs.eels(dir.resolve("eels.emd"), si, r, options.bin());
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

  /**
   * Writes report.html and the figures of {@code res} ({@link EelsReport}).
   *
   * @param input the input file's name, shown in the report
   */
  public static void writeFigures(Path dir, EelsAnalysis.Result res, String input) throws IOException {
    List<String> notes = new ArrayList<>(res.inputNotes());
    notes.addAll(res.eels().notes());
    EelsReport.write(dir, input, res.data(), res.eels(), res.pipeline(), notes);
  }

  private static void writeDecomposition(Path dir, Decomposition d, String prefix, int h, int w) throws IOException {
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
