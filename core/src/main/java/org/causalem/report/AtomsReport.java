package org.causalem.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Image;
import org.causalem.lattice.AtomsResult;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;

/**
 * The atom-column figures and report: overlay.png (columns on the image, with axes and a scale bar),
 * one map per lattice descriptor painted on each unit cell at its place in the image
 * ({@code cell_<descriptor>.png}), and report.html.
 */
public final class AtomsReport {
  /** Descriptors mapped, by preference: the nm column when the image is calibrated, else the px column. */
  private static final String[][] DESCRIPTORS = {{"a_nm", "a_px"}, {"b_nm", "b_px"}, {"gamma_deg"}, {"polarization_x_nm", "polarization_x_px"},
      {"polarization_y_nm", "polarization_y_px"}, {"strain_xx"}, {"strain_yy"}, {"strain_xy"}, {"rotation_deg"}, {"intensity_B_norm"}};

  private AtomsReport() {}

  /** Writes overlay.png, the cell maps and report.html into {@code dir}. */
  public static void write(Path dir, String source, Image image, AtomsResult res, List<String> notes) throws IOException {
    PixelScale scale = PixelScale.of(image.y(), image.x());
    HtmlReport page = new HtmlReport("Atom columns: " + source);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("image", image.name() + ", " + image.width() + " × " + image.height() + " px");
    facts.put("pixel size", scale.calibrated() ? String.format(Locale.ROOT, "%.4g %s", scale.step(), scale.unit()) : "not calibrated (axes in px)");
    facts.put("columns", res.columns().size());
    facts.put("lattice", res.lattice().kind().label());
    facts.put("unit cells", res.cells().rows());
    page.keyValues(facts);
    page.notes(notes);
    DescriptorTable cells = res.cells();
    List<String> names = new ArrayList<>();
    List<java.util.concurrent.Callable<byte[]>> jobs = new ArrayList<>();
    jobs.add(() -> Figures.write(dir.resolve("overlay.png"), overlay(image, res, scale)));
    for (String[] choice : DESCRIPTORS) {
      String name = null;
      for (String c : choice) if (cells.indexOf(c) >= 0 && anyFinite(cells.column(c))) {
        name = c;
        break;
      }
      if (name == null) continue;
      String unit = cells.units().get(cells.indexOf(name));
      boolean signed = Descriptor.named(name, unit).signed();
      MapFigure.Options o = MapFigure.Options.of(name, signed).withScale(scale).withUnit(unit).withClip(1);
      String n = name;
      names.add(n);
      jobs.add(() -> Figures.write(dir.resolve("cell_" + n + ".png"), cellMap(image, res, cells.column(n), o)));
    }
    List<byte[]> pngs = Figures.inParallel(jobs);
    page.heading(2, "Columns");
    page.png("Atom columns on the image, coloured by sublattice (crosses: expected sites without a column; arrows: B-site off-centring, "
        + "magnified as labelled)", pngs.get(0));
    page.heading(2, "Lattice descriptors per unit cell");
    page.beginRow();
    for (int i = 0; i < names.size(); i++) {
      page.png(names.get(i) + " (cells.csv): each pixel shows the nearest unit cell's value; grey: no cell", pngs.get(i + 1));
    }
    page.endRow();
    page.writeTo(dir.resolve("report.html"));
  }

  /** The overlay picture framed with axes and a scale bar. */
  static java.awt.image.BufferedImage overlay(Image image, AtomsResult res, PixelScale scale) {
    java.awt.image.BufferedImage bi = AtomsOverlay.render(image, res);
    double ds = (double) bi.getWidth() / image.width();
    return MapFigure.decorate(bi, ds, image.width(), image.height(), MapFigure.Options.of("atom columns", false).withScale(scale), false, 0, 1)
        .image();
  }

  /**
   * Each cell's value painted over the pixels nearer its centre than any other cell's, up to 0.75 × the
   * cell's long side (a Voronoi tiling of the cells); elsewhere missing (grey). Drawn at most 600 px wide.
   */
  static java.awt.image.BufferedImage cellMap(Image image, AtomsResult res, double[] values, MapFigure.Options o) {
    int bin = Math.max(MapFigure.binFactor(image.width(), image.height()), (Math.max(image.width(), image.height()) + 599) / 600);
    int w = image.width() / bin;
    int h = image.height() / bin;
    float[] map = new float[w * h];
    Arrays.fill(map, Float.NaN);
    float[] nearest = new float[w * h];
    Arrays.fill(nearest, Float.POSITIVE_INFINITY);
    DescriptorTable cells = res.cells();
    double[] x = cells.column("x_px");
    double[] y = cells.column("y_px");
    double r = 0.75 * Math.max(res.reference().aPx(), res.reference().bPx()) / bin;
    int ri = (int) Math.ceil(r);
    for (int k = 0; k < values.length; k++) {
      if (!Double.isFinite(x[k]) || !Double.isFinite(y[k])) continue;
      double cx = (x[k] + 0.5) / bin;
      double cy = (y[k] + 0.5) / bin;
      for (int yy = Math.max(0, (int) cy - ri); yy <= Math.min(h - 1, (int) cy + ri); yy++) {
        double dy = yy + 0.5 - cy;
        for (int xx = Math.max(0, (int) cx - ri); xx <= Math.min(w - 1, (int) cx + ri); xx++) {
          double dx = xx + 0.5 - cx;
          float d = (float) Math.sqrt(dx * dx + dy * dy);
          int i = yy * w + xx;
          if (d <= r && d < nearest[i]) {
            nearest[i] = d;
            map[i] = Double.isFinite(values[k]) ? (float) values[k] : Float.NaN;
          }
        }
      }
    }
    PixelScale s = o.scale();
    MapFigure.Options binned = bin == 1 ? o : o.withScale(new PixelScale(s.step() * bin, s.unit()));
    return MapFigure.render(map, w, h, binned);
  }

  private static boolean anyFinite(double[] v) {
    for (double d : v) if (Double.isFinite(d)) return true;
    return false;
  }

  static List<String> list(List<?> l) {
    List<String> out = new ArrayList<>();
    for (Object o : l) out.add(String.valueOf(o));
    return out;
  }
}
