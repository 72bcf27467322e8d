package org.causalem.structure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.Version;
import org.causalem.io.AtomicFiles;

/**
 * Writes and reads a {@link StructureModel} as extended XYZ and as CIF.
 *
 * <p>Extended XYZ: line 1 the atom count; line 2 {@code Lattice="..."} (the supercell vectors A, B, C in Å, rows),
 * {@code Properties=species:S:1:pos:R:3:sigma_x:R:1:sigma_y:R:1:occupancy:R:1:flags:S:1:label:S:1:sublattice:S:1:row:I:1:col:I:1},
 * {@code pbc="F F F"}, the supercell counts and origin, and a note; then one line per atom. Positions are Cartesian in
 * the image frame (x right, y down, z along the beam; origin at the centre of the first pixel). An unknown
 * uncertainty (a vacancy) is written {@code nan}.
 *
 * <p>CIF: space group P 1, the supercell as the cell (alpha = beta = 90°, c the placeholder), the refined unit cell,
 * supercell counts and the image-frame orientation as {@code _causalem_*} items, and one {@code _atom_site} row per
 * atom with fractional coordinates; the uncertainties (fractional and in Å), sublattice, cell indices and flags are
 * extra loop columns ({@code _atom_site_causalem_*}); an unknown value is {@code ?}.
 */
public final class StructureExport {
  private static final String XYZ_PROPERTIES =
      "species:S:1:pos:R:3:sigma_x:R:1:sigma_y:R:1:occupancy:R:1:flags:S:1:label:S:1:sublattice:S:1:row:I:1:col:I:1";

  private StructureExport() {}

  /** Writes {@code model} as extended XYZ, atomically. */
  public static void writeXyz(Path file, StructureModel m) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append(m.size()).append('\n');
    double[][] c = m.supercell();
    sb.append("Lattice=\"");
    for (int r = 0; r < 3; r++) for (int k = 0; k < 3; k++) sb.append(r + k == 0 ? "" : " ").append(num(c[r][k]));
    sb.append("\" Properties=").append(XYZ_PROPERTIES).append(" pbc=\"F F F\"");
    sb.append(" supercell=\"").append(m.na()).append(' ').append(m.nb()).append('"');
    sb.append(" origin=\"").append(num(m.originA()[0])).append(' ').append(num(m.originA()[1])).append(" 0\"");
    sb.append(" units=\"Angstrom; x right, y down in the image, z along the beam\"");
    sb.append(" note=\"").append(m.notes().isEmpty() ? "" : clean(String.join("; ", m.notes()))).append("\"\n");
    for (int i = 0; i < m.size(); i++) {
      sb.append(m.element()[i]).append(' ').append(num(m.x()[i])).append(' ').append(num(m.y()[i])).append(' ').append(num(m.z()[i]))
          .append(' ').append(num(m.sigmaX()[i])).append(' ').append(num(m.sigmaY()[i])).append(' ').append(num(m.occupancy()[i]))
          .append(' ').append(m.flags()[i]).append(' ').append(m.label()[i]).append(' ').append(m.sublattice()[i])
          .append(' ').append(m.row()[i]).append(' ').append(m.col()[i]).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /** Reads a file written by {@link #writeXyz}. */
  public static StructureModel readXyz(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.size() < 2) throw new IOException(file + ": not an extended XYZ file (fewer than 2 lines)");
    int n = Integer.parseInt(lines.get(0).trim());
    Map<String, String> h = header(lines.get(1));
    if (!XYZ_PROPERTIES.equals(h.get("Properties"))) throw new IOException(file + ": unexpected Properties " + h.get("Properties"));
    double[] lat = doubles(h.get("Lattice"));
    String[] sc = h.get("supercell").trim().split("\\s+");
    int na = Integer.parseInt(sc[0]);
    int nb = Integer.parseInt(sc[1]);
    double[] o = doubles(h.get("origin"));
    Atoms a = new Atoms(n);
    for (int i = 0; i < n; i++) {
      String[] t = lines.get(2 + i).trim().split("\\s+");
      a.element[i] = t[0];
      a.x[i] = Double.parseDouble(t[1]);
      a.y[i] = Double.parseDouble(t[2]);
      a.z[i] = Double.parseDouble(t[3]);
      a.sx[i] = Double.parseDouble(t[4]);
      a.sy[i] = Double.parseDouble(t[5]);
      a.occ[i] = Double.parseDouble(t[6]);
      a.flags[i] = t[7];
      a.label[i] = t[8];
      a.sub[i] = t[9];
      a.row[i] = Integer.parseInt(t[10]);
      a.col[i] = Integer.parseInt(t[11]);
    }
    List<String> notes = h.getOrDefault("note", "").isEmpty() ? List.of() : List.of(h.get("note").split("; "));
    return new StructureModel(new double[] {lat[0] / na, lat[1] / na}, new double[] {lat[3] / nb, lat[4] / nb}, lat[8],
        new double[] {o[0], o[1]}, na, nb, a.label, a.element, a.sub, a.row, a.col, a.x, a.y, a.z, a.sx, a.sy, a.occ, a.flags, notes);
  }

  /** Writes {@code model} as CIF (P 1, the field-of-view supercell), atomically. */
  public static void writeCif(Path file, StructureModel m) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("# CausalEM structural model from an atomic-resolution image\n");
    for (String note : m.notes()) sb.append("# ").append(clean(note)).append('\n');
    sb.append("data_causalem_image_model\n");
    sb.append("_audit_creation_method 'CausalEM ").append(Version.get()).append(" atoms workflow, structure export'\n");
    double[][] c = m.supercell();
    sb.append("_cell_length_a ").append(num(Math.hypot(c[0][0], c[0][1]))).append('\n');
    sb.append("_cell_length_b ").append(num(Math.hypot(c[1][0], c[1][1]))).append('\n');
    sb.append("_cell_length_c ").append(num(m.cLengthA())).append('\n');
    sb.append("_cell_angle_alpha 90\n_cell_angle_beta 90\n");
    sb.append("_cell_angle_gamma ").append(num(m.gammaDeg())).append('\n');
    sb.append("_space_group_name_H-M_alt 'P 1'\n_symmetry_space_group_name_H-M 'P 1'\n");
    sb.append("_causalem_out_of_plane_measured no\n");
    sb.append("_causalem_supercell_na ").append(m.na()).append('\n');
    sb.append("_causalem_supercell_nb ").append(m.nb()).append('\n');
    sb.append("_causalem_unit_cell_a ").append(num(m.aLength())).append('\n');
    sb.append("_causalem_unit_cell_b ").append(num(m.bLength())).append('\n');
    sb.append("_causalem_unit_cell_gamma ").append(num(m.gammaDeg())).append('\n');
    sb.append("_causalem_image_frame_a_x ").append(num(m.aA()[0])).append('\n');
    sb.append("_causalem_image_frame_a_y ").append(num(m.aA()[1])).append('\n');
    sb.append("_causalem_image_frame_b_x ").append(num(m.bA()[0])).append('\n');
    sb.append("_causalem_image_frame_b_y ").append(num(m.bA()[1])).append('\n');
    sb.append("_causalem_image_frame_origin_x ").append(num(m.originA()[0])).append('\n');
    sb.append("_causalem_image_frame_origin_y ").append(num(m.originA()[1])).append('\n');
    sb.append("loop_\n");
    for (String name : CIF_COLUMNS) sb.append(name).append('\n');
    for (int i = 0; i < m.size(); i++) {
      double[] f = m.fractional(i);
      double[] fs = m.fractionalSigma(i);
      sb.append(m.label()[i]).append(' ').append(m.element()[i]).append(' ').append(frac(f[0])).append(' ').append(frac(f[1]))
          .append(' ').append(frac(f[2])).append(' ').append(num(m.occupancy()[i])).append(' ').append(cif(fs[0])).append(' ')
          .append(cif(fs[1])).append(' ').append(cif(m.sigmaX()[i])).append(' ').append(cif(m.sigmaY()[i])).append(' ')
          .append(m.sublattice()[i]).append(' ').append(m.row()[i]).append(' ').append(m.col()[i]).append(' ')
          .append(m.flags()[i]).append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  private static final List<String> CIF_COLUMNS = List.of("_atom_site_label", "_atom_site_type_symbol", "_atom_site_fract_x",
      "_atom_site_fract_y", "_atom_site_fract_z", "_atom_site_occupancy", "_atom_site_causalem_fract_x_su",
      "_atom_site_causalem_fract_y_su", "_atom_site_causalem_sigma_x_A", "_atom_site_causalem_sigma_y_A",
      "_atom_site_causalem_sublattice", "_atom_site_causalem_row", "_atom_site_causalem_col", "_atom_site_causalem_flags");

  /** Reads a file written by {@link #writeCif}; Cartesian positions are rebuilt in the image frame. */
  public static StructureModel readCif(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> items = new LinkedHashMap<>();
    List<String> loopNames = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean inLoop = false;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.isEmpty()) continue;
      if (line.startsWith("#")) {
        if (!line.startsWith("# CausalEM")) notes.add(line.substring(1).trim());
        continue;
      }
      if (line.equals("loop_")) {
        inLoop = true;
        continue;
      }
      if (inLoop && line.startsWith("_")) {
        loopNames.add(line);
      } else if (inLoop) {
        rows.add(line.split("\\s+"));
      } else if (line.startsWith("_")) {
        int sp = line.indexOf(' ');
        items.put(line.substring(0, sp), line.substring(sp + 1).trim());
      }
    }
    if (!loopNames.equals(CIF_COLUMNS)) throw new IOException(file + ": unexpected atom_site loop " + loopNames);
    int na = Integer.parseInt(items.get("_causalem_supercell_na"));
    int nb = Integer.parseInt(items.get("_causalem_supercell_nb"));
    double[] a = {num(items, "_causalem_image_frame_a_x"), num(items, "_causalem_image_frame_a_y")};
    double[] b = {num(items, "_causalem_image_frame_b_x"), num(items, "_causalem_image_frame_b_y")};
    double[] o = {num(items, "_causalem_image_frame_origin_x"), num(items, "_causalem_image_frame_origin_y")};
    double cLen = num(items, "_cell_length_c");
    int n = rows.size();
    Atoms at = new Atoms(n);
    for (int i = 0; i < n; i++) {
      String[] t = rows.get(i);
      at.label[i] = t[0];
      at.element[i] = t[1];
      double fa = Double.parseDouble(t[2]);
      double fb = Double.parseDouble(t[3]);
      at.x[i] = o[0] + fa * na * a[0] + fb * nb * b[0];
      at.y[i] = o[1] + fa * na * a[1] + fb * nb * b[1];
      at.z[i] = Double.parseDouble(t[4]) * cLen;
      at.occ[i] = Double.parseDouble(t[5]);
      at.sx[i] = cifNum(t[8]);
      at.sy[i] = cifNum(t[9]);
      at.sub[i] = t[10];
      at.row[i] = Integer.parseInt(t[11]);
      at.col[i] = Integer.parseInt(t[12]);
      at.flags[i] = t[13];
    }
    return new StructureModel(a, b, cLen, o, na, nb, at.label, at.element, at.sub, at.row, at.col, at.x, at.y, at.z, at.sx, at.sy,
        at.occ, at.flags, notes);
  }

  private static final class Atoms {
    final String[] label;
    final String[] element;
    final String[] sub;
    final String[] flags;
    final int[] row;
    final int[] col;
    final double[] x;
    final double[] y;
    final double[] z;
    final double[] sx;
    final double[] sy;
    final double[] occ;

    Atoms(int n) {
      label = new String[n];
      element = new String[n];
      sub = new String[n];
      flags = new String[n];
      row = new int[n];
      col = new int[n];
      x = new double[n];
      y = new double[n];
      z = new double[n];
      sx = new double[n];
      sy = new double[n];
      occ = new double[n];
    }
  }

  private static Map<String, String> header(String line) {
    Map<String, String> m = new LinkedHashMap<>();
    int i = 0;
    int len = line.length();
    while (i < len) {
      while (i < len && line.charAt(i) == ' ') i++;
      int eq = line.indexOf('=', i);
      if (eq < 0) break;
      String key = line.substring(i, eq);
      int j = eq + 1;
      String value;
      if (j < len && line.charAt(j) == '"') {
        int end = line.indexOf('"', j + 1);
        value = line.substring(j + 1, end);
        i = end + 1;
      } else {
        int end = line.indexOf(' ', j);
        if (end < 0) end = len;
        value = line.substring(j, end);
        i = end;
      }
      m.put(key, value);
    }
    return m;
  }

  private static double[] doubles(String s) {
    String[] t = s.trim().split("\\s+");
    double[] d = new double[t.length];
    for (int i = 0; i < t.length; i++) d[i] = Double.parseDouble(t[i]);
    return d;
  }

  private static double num(Map<String, String> items, String key) { return Double.parseDouble(items.get(key)); }

  private static double cifNum(String s) { return s.equals("?") ? Double.NaN : Double.parseDouble(s); }

  private static String num(double v) { return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.8f", v); }

  private static String frac(double v) { return String.format(Locale.ROOT, "%.12f", v); }

  private static String cif(double v) { return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10f", v) : "?"; }

  private static String clean(String s) { return s.replace('"', '\'').replace('\n', ' '); }
}
