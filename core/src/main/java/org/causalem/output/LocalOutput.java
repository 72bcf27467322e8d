package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.io.CsvWriter;
import org.causalem.io.Json;
import org.causalem.report.LocalMaps;
import org.causalem.table.DescriptorTable;
import org.causalem.workflow.LocalAnalysis;

/** The files of a {@link LocalAnalysis}: local.csv, local_cells.csv, classes.png, pc1.png.. and summary.json. */
public final class LocalOutput {
  private LocalOutput() {}

  private static final Set<String> INTEGER = Set.of("row", "col", "complete", "class", "wall", "columns");

  /** The parameters of the run as recorded in run.json (before the image is read). */
  public static Map<String, Object> parameters(LocalAnalysis.Options o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("lattice", o.lattice().label());
    p.put("descriptor", o.local().descriptor().label());
    p.put("neighbours", o.local().neighbours());
    p.put("components", o.local().components());
    p.put("max_classes", o.local().maxClasses());
    p.put("scan_corrected", o.local().scanCorrected());
    return p;
  }

  /**
   * Writes every file of {@code r} into {@code dir}.
   *
   * @param input the input file as the user named it, recorded in summary.json
   */
  public static void write(Path dir, LocalAnalysis.Result r, String input) throws IOException {
    List<String> sites = r.atoms().lattice().siteNames();
    writeCsv(dir.resolve("local.csv"), r.local().columns(), sites);
    writeCsv(dir.resolve("local_cells.csv"), r.local().cells(), sites);
    double radius = Math.max(1.5, Math.min(0.12 * Math.min(r.atoms().reference().aPx(), r.atoms().reference().bPx()), 6));
    LocalMaps.writeClasses(dir.resolve("classes.png"), r.image(), r.local().columns(), radius);
    int components = Math.min(r.options().local().components(), 3);
    for (int c = 1; c <= components; c++) LocalMaps.writeScore(dir.resolve("pc" + c + ".png"), r.image(), r.local().columns(), "pc" + c, radius);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("input", input);
    summary.put("dataset", r.image().name());
    summary.put("lattice", r.atoms().lattice().kind().label());
    summary.put("descriptor", r.options().local().descriptor().label());
    summary.putAll(r.local().summary());
    Json.write(dir.resolve("summary.json"), summary);
  }

  /** One line: columns, classes and wall columns. */
  public static String summary(LocalAnalysis.Result r) {
    return r.local().columns().rows() + " columns, " + r.local().classes() + " classes, " + r.local().summary().get("wall_columns") + " wall columns";
  }

  /** CSV with the sublattice as its name, integer columns without a decimal point, NaN empty. */
  static void writeCsv(Path file, DescriptorTable t, List<String> sublattices) throws IOException {
    List<String> names = t.names();
    CsvWriter.write(file, t, (sb, j, v) -> {
      String name = names.get(j);
      if (name.equals("sublattice")) {
        int k = (int) v;
        sb.append(k >= 0 && k < sublattices.size() ? sublattices.get(k) : "unindexed");
      } else if (INTEGER.contains(name) && CsvWriter.isWhole(v)) {
        sb.append((long) v);
      } else {
        sb.append(Double.toString(v));
      }
    });
  }
}
