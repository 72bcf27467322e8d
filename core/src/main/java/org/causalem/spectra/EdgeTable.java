package org.causalem.spectra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Tabulated onsets of common EELS edges (eV), as listed in the Gatan EELS atlas (the values HyperSpy's
 * element database also uses) and, for the M edges, the X-ray Data Booklet's 3d binding energies
 * (Table 1-1). M4,5 and L2,3 edges are listed at their lower (M5, L3) onset.
 * Names are {@code Element-Shell} ({@code Ti-L23}); lookup ignores case and punctuation, so
 * {@code ti_l2,3} finds {@code Ti-L23}.
 */
public final class EdgeTable {
  private static final List<Edge> EDGES = List.of(
      Edge.of("Li", "K", 55),
      Edge.of("Al", "L23", 73),
      Edge.of("Si", "L23", 99),
      Edge.of("Sr", "M45", 134),
      Edge.of("S", "L23", 165),
      Edge.of("B", "K", 188),
      Edge.of("Sr", "M23", 269),
      Edge.of("C", "K", 284),
      Edge.of("Ca", "L23", 346),
      Edge.of("N", "K", 401),
      Edge.of("Ti", "L23", 456),
      Edge.of("V", "L23", 513),
      Edge.of("O", "K", 532),
      Edge.of("Cr", "L23", 575),
      Edge.of("Mn", "L23", 640),
      Edge.of("F", "K", 685),
      Edge.of("Fe", "L23", 708),
      Edge.of("Co", "L23", 779),
      Edge.of("Ba", "M45", 781),
      Edge.of("La", "M45", 832),
      Edge.of("Ni", "L23", 855),
      Edge.of("Ce", "M45", 883),
      Edge.of("Cu", "L23", 931),
      Edge.of("Sm", "M45", 1080),
      Edge.of("Mg", "K", 1305),
      Edge.of("Al", "K", 1560),
      Edge.of("Si", "K", 1839),
      Edge.of("Sr", "L3", 1940),
      Edge.of("Au", "M45", 2206),
      Edge.of("Bi", "M45", 2580));

  private EdgeTable() {}

  /** Every tabulated edge, by increasing onset. */
  public static List<Edge> all() { return EDGES; }

  /**
   * The edge called {@code name}.
   *
   * @throws IllegalArgumentException naming the unknown edge and listing the known ones
   */
  public static Edge find(String name) {
    String key = normalise(name);
    for (Edge e : EDGES) if (normalise(e.name()).equals(key)) return e;
    throw new IllegalArgumentException("unknown edge '" + name + "'; known edges: " + names());
  }

  /** The edges called {@code names}, in that order. */
  public static List<Edge> find(List<String> names) {
    List<Edge> out = new ArrayList<>();
    for (String n : names) out.add(find(n.trim()));
    return Collections.unmodifiableList(out);
  }

  /** The edges whose onset lies in {@code [fromEv, toEv]}. */
  public static List<Edge> within(double fromEv, double toEv) {
    List<Edge> out = new ArrayList<>();
    for (Edge e : EDGES) if (e.onsetEv() >= fromEv && e.onsetEv() <= toEv) out.add(e);
    return out;
  }

  private static String names() {
    StringBuilder sb = new StringBuilder();
    for (Edge e : EDGES) sb.append(sb.length() == 0 ? "" : ", ").append(e.name());
    return sb.toString();
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
