package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.DataCube4D;
import org.causalem.fourd.FourdResult;
import org.causalem.fourd.Lattice;
import org.causalem.io.CsvWriter;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.report.EmdOutputs;
import org.causalem.report.FourdReport;
import org.causalem.workflow.FourdAnalysis;

/**
 * The files of a {@link FourdAnalysis}: one NPY array per map (virtual_DET, com_x, dpc_x, strain_xx, clusters, ...),
 * mean_pattern.npy, pixels.csv, fourd.emd and fourd.json ({@link #write}); report.html and a PNG figure per map
 * ({@link #writeFigures}).
 */
public final class FourdOutput {
  private FourdOutput() {}

  /** Writes every file of {@code res} into {@code dir} (while the cube's file is open: fourd.emd takes its axes). */
  public static void write(Path dir, FourdAnalysis.Result res) throws IOException {
    DataCube4D cube = res.cube();
    FourdResult r = res.fourd();
    int h = r.height();
    int w = r.width();
    for (Map.Entry<String, float[]> e : r.maps().entrySet()) {
      String n = MapFiles.safe(e.getKey());
      if (e.getKey().equals("clusters")) {
        NpyWriter.write(dir.resolve("clusters.npy"), r.clusters(), h, w);
      } else {
        NpyWriter.write(dir.resolve(n + ".npy"), e.getValue(), h, w);
      }
    }
    float[] mean = new float[r.meanPattern().length];
    for (int i = 0; i < mean.length; i++) mean[i] = (float) r.meanPattern()[i];
    NpyWriter.write(dir.resolve("mean_pattern.npy"), mean, r.detY(), r.detX());
    CsvWriter.write(dir.resolve("pixels.csv"), r.pixels(), CsvWriter.FLOAT);
    EmdOutputs.fourd(dir.resolve("fourd.emd"), cube, r);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("dataset", cube.name());
    summary.put("shape", new int[] {h, w, r.detY(), r.detX()});
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("centre_x_px", r.probe().centreX());
    probe.put("centre_y_px", r.probe().centreY());
    probe.put("radius_px", r.probe().radiusPx());
    probe.put("method", r.probe().method());
    probe.put("cut_by_detector_border", r.probe().cut());
    Map<String, Object> border = new LinkedHashMap<>();
    String[] sides = {"left_x0", "right", "top_y0", "bottom"};
    for (int k = 0; k < 4; k++) border.put(sides[k], r.probe().borderPixels()[k]);
    probe.put("half_maximum_pixels_on_border", border);
    probe.put("half_maximum_centre_x_px", r.probe().halfMaxCentreX());
    probe.put("half_maximum_centre_y_px", r.probe().halfMaxCentreY());
    probe.put("half_maximum_radius_px", r.probe().halfMaxRadiusPx());
    if (r.probe().method().equals("edge-fit")) {
      probe.put("edge_points", r.probe().edgePoints());
      probe.put("edge_rms_px", r.probe().edgeRmsPx());
    }
    summary.put("bright_field_disk", probe);
    Map<String, Object> sat = new LinkedHashMap<>();
    sat.put("counter_max", r.saturation().counterMax());
    sat.put("counter_max_source", r.saturation().source());
    sat.put("frames_sampled", r.saturation().framesSampled());
    sat.put("frames_with_saturated_pixels", r.saturation().framesSaturated());
    sat.put("max_saturated_pixels_per_frame", r.saturation().maxPixelsPerFrame());
    sat.put("detector_pixels_ever_saturated", r.saturation().pixelsEverSaturated());
    summary.put("saturation", sat);
    if (r.rotation() != null) {
      Map<String, Object> rot = new LinkedHashMap<>();
      rot.put("angle_deg", r.rotation().angleDeg());
      rot.put("flip", r.rotation().flip());
      rot.put("remaining_curl_fraction", r.rotation().curlFraction());
      rot.put("note", "determined modulo 180 degrees");
      summary.put("detector_rotation", rot);
    }
    if (r.strain() != null) {
      Lattice l = r.strain().reference();
      summary.put("reference_lattice_px", Json.object("g1", new double[] {l.g1x(), l.g1y()}, "g2", new double[] {l.g2x(), l.g2y()}));
      summary.put("strain_frame", r.strain().frame().equals("scan")
          ? "scan axes (x along a scan row, y across rows), rotated from the detector by detector_rotation; rotation in degrees from +x towards +y"
          : "detector axes (x right, y down); rotation in degrees from +x towards +y");
    }
    summary.put("maps", String.join(",", r.maps().keySet()).toLowerCase(Locale.ROOT));
    List<String> notes = new ArrayList<>(cube.metadata().notes());
    notes.addAll(r.notes());
    summary.put("notes", notes);
    Json.write(dir.resolve("fourd.json"), summary);
  }

  /**
   * Writes report.html and a figure per map of {@code res} ({@link FourdReport}), while the cube's file is open.
   *
   * @param input the input file's name, shown in the report
   */
  public static void writeFigures(Path dir, FourdAnalysis.Result res, String input) throws IOException {
    FourdReport.write(dir, input, res.cube(), res.fourd(), res.options().virtual());
  }
}
