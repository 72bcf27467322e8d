package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.io.Json;
import org.causalem.lattice.AtomsResult;
import org.causalem.report.AtomsReport;
import org.causalem.report.EmdOutputs;
import org.causalem.workflow.AtomsAnalysis;

/**
 * The files of an {@link AtomsAnalysis}: atoms.csv, cells.csv, sites.csv, atoms.emd and summary.json ({@link #write}); overlay.png,
 * the figures and report.html ({@link #writeFigures}).
 */
public final class AtomsOutput {
  private AtomsOutput() {}

  /** The parameters of the run as recorded in run.json before the image is read (the command adds the dataset and detection). */
  public static Map<String, Object> parameters(AtomsAnalysis.Options o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lattice", o.lattice().label());
    p.put("lattice_constant_nm", o.latticeConstantNm().orElse(Double.NaN));
    p.put("scan_correction", o.scanCorrection());
    p.put("contrast", o.contrast().label());
    p.put("outlier_z", o.outlierZ());
    p.put("threads", o.threads());
    return p;
  }

  /** The parameters known after the run: the reference region and the detection's scale, separation and threshold. */
  public static Map<String, Object> detection(AtomsAnalysis.Result r) {
    Map<String, Object> p = new LinkedHashMap<>();
    r.options().referenceRegion().ifPresent(g -> p.put("reference_region_px", new double[] {g.x0(), g.y0(), g.x1(), g.y1()}));
    p.put("smoothing_sigma_px", r.atoms().detection().smoothingSigmaPx());
    p.put("min_separation_px", r.atoms().detection().minSeparationPx());
    p.put("threshold", r.atoms().detection().threshold());
    return p;
  }

  /**
   * Writes every file of {@code r} into {@code dir}.
   *
   * @param input the input file as the user named it, recorded in summary.json
   */
  public static void write(Path dir, AtomsAnalysis.Result r, String input) throws IOException {
    AtomsResult res = r.atoms();
    List<String> sites = res.lattice().siteNames();
    AtomsCsv.write(dir.resolve("atoms.csv"), res.atoms(), sites);
    AtomsCsv.write(dir.resolve("cells.csv"), res.cells(), sites);
    AtomsCsv.write(dir.resolve("sites.csv"), res.sites(), sites);
    EmdOutputs.atoms(dir.resolve("atoms.emd"), r.read());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("input", input);
    summary.put("dataset", r.image().name());
    summary.put("image_size_px", new int[] {r.image().width(), r.image().height()});
    summary.putAll(res.summary());
    summary.put("pixel_noise_correlation", res.pixelNoise().summary());
    List<String> all = new ArrayList<>(r.notes());
    if (summary.get("notes") instanceof List<?> l) for (Object o : l) all.add(String.valueOf(o));
    summary.put("notes", all);
    Json.write(dir.resolve("summary.json"), summary);
  }

  /**
   * Writes the figures and report.html of {@code r} ({@link AtomsReport}).
   *
   * @param input the input file's name, shown in the report
   */
  public static void writeFigures(Path dir, AtomsAnalysis.Result r, String input) throws IOException {
    List<String> notes = new ArrayList<>(r.notes());
    notes.addAll(r.atoms().notes());
    AtomsReport.write(dir, input, r.image(), r.atoms(), notes);
  }

  /** The lines the command prints after writing: the off-centring sentence (with a B site) and the counts. */
  public static List<String> summary(AtomsAnalysis.Result r, String out) {
    AtomsResult res = r.atoms();
    List<String> lines = new ArrayList<>();
    if (res.lattice().sites() > 1) lines.add("atoms: " + res.offCentring().sentence());
    lines.add("atoms: " + res.columns().size() + " columns, lattice " + res.lattice().kind().label() + ", " + res.cells().rows() + " cells -> "
        + out + "  " + res.summary().get("columns_per_sublattice"));
    return lines;
  }
}
