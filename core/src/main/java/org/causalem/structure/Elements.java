package org.causalem.structure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Chemical element symbols and the {@code SUBLATTICE=Element} mapping users give for a structural model. */
public final class Elements {
  private static final Set<String> SYMBOLS = Set.of(
      "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
      "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y",
      "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce",
      "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir",
      "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm",
      "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc",
      "Lv", "Ts", "Og");

  /** The placeholder species of a sublattice without a user-given element (a dummy atom in CIF and XYZ). */
  public static final String UNKNOWN = "X";

  private Elements() {}

  /** Whether {@code s} is a chemical element symbol, case as in the periodic table ({@code Sr}, not {@code SR}). */
  public static boolean isSymbol(String s) { return SYMBOLS.contains(s); }

  /**
   * Parses {@code A=Sr,B=Ti}: sublattice name to element symbol, in the given order.
   *
   * @throws IllegalArgumentException naming the offending entry when an entry is not {@code NAME=Symbol}, a name
   *     repeats or a symbol is not an element
   */
  public static Map<String, String> parseMapping(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null || text.isBlank()) throw new IllegalArgumentException("expected SUBLATTICE=Element pairs such as A=Sr,B=Ti, got '" + text + "'");
    for (String part : text.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException("expected SUBLATTICE=Element (e.g. A=Sr), got '" + p + "'");
      }
      String name = p.substring(0, eq).trim();
      String sym = p.substring(eq + 1).trim();
      if (!isSymbol(sym)) throw new IllegalArgumentException("'" + sym + "' (for " + name + ") is not a chemical element symbol (e.g. Sr, Ti, O)");
      if (m.put(name, sym) != null) throw new IllegalArgumentException("sublattice '" + name + "' is given twice");
    }
    return m;
  }

  /** Checks that every key of {@code mapping} is one of {@code sublattices}; the message lists the valid names. */
  public static void requireKnown(Map<String, String> mapping, List<String> sublattices) {
    for (String k : mapping.keySet()) {
      if (!sublattices.contains(k)) {
        throw new IllegalArgumentException("unknown sublattice '" + k + "': this lattice has " + String.join(", ", sublattices));
      }
    }
  }
}
