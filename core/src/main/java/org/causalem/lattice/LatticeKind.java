package org.causalem.lattice;

import java.util.Locale;

/** What arrangement of columns to expect. */
public enum LatticeKind {
  /** ABO3 along [001]: a rectangular cell with A columns on the corners and a B column near the centre. */
  PEROVSKITE("perovskite", new String[] {"A", "B"}),
  /** A 2-D honeycomb (MoS2-like): metal and chalcogen columns, 60°/120° cell. */
  HEXAGONAL("hexagonal", new String[] {"metal", "chalcogen"}),
  /** Whatever periodic arrangement the neighbour statistics show, sites named by brightness. */
  SIMPLE("simple", new String[] {"A", "B", "C", "D"}),
  /** Decide from the neighbour statistics and column intensities. */
  AUTO("auto", new String[0]);

  private final String label;
  private final String[] siteNames;

  LatticeKind(String label, String[] siteNames) {
    this.label = label;
    this.siteNames = siteNames;
  }

  public String label() { return label; }

  /** Name of the site with the given brightness rank (0 = brightest). */
  public String siteName(int rank) {
    return rank < siteNames.length ? siteNames[rank] : "S" + rank;
  }

  /** Parses {@code perovskite|hexagonal|simple|auto} (case-insensitive). */
  public static LatticeKind parse(String s) {
    for (LatticeKind k : values()) if (k.label.equals(s.toLowerCase(Locale.ROOT).trim())) return k;
    throw new IllegalArgumentException("lattice kind: unknown '" + s + "'; expected perovskite, hexagonal, simple or auto");
  }
}
