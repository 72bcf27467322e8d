package org.causalem.lattice;

/**
 * Correction of a linear scan distortion (drift, unequal scan axes) from the two measured lattice
 * vectors: the linear map D that takes the measured reference lattice (a, b) to the ideal one of
 * the same kind (square for a perovskite, 60°/120° equilateral for a honeycomb), keeping a (the
 * fast-scan direction) unchanged. Positions are corrected as {@code D·p}.
 */
public record ScanCorrection(double m00, double m01, double m10, double m11) {
  public static final ScanCorrection NONE = new ScanCorrection(1, 0, 0, 1);

  /** The map taking {@code ref}'s (a, b) to the ideal cell of {@code kind}. */
  public static ScanCorrection fromLattice(ReferenceLattice ref, LatticeKind kind) {
    double angle;
    if (kind == LatticeKind.PEROVSKITE) angle = 90;
    else if (kind == LatticeKind.HEXAGONAL) angle = ref.gammaDeg() > 90 ? 120 : 60;
    else throw new IllegalArgumentException("scan correction needs a known ideal cell (perovskite or hexagonal), not " + kind.label());
    double la = ref.aPx();
    double sign = Math.signum(ref.ax() * ref.by() - ref.ay() * ref.bx());
    double th = Math.atan2(ref.ay(), ref.ax()) + sign * Math.toRadians(angle);
    double ibx = la * Math.cos(th);
    double iby = la * Math.sin(th);
    // D = [a ideal_b] · [a b]^-1
    double det = ref.ax() * ref.by() - ref.ay() * ref.bx();
    double i00 = ref.by() / det;
    double i01 = -ref.bx() / det;
    double i10 = -ref.ay() / det;
    double i11 = ref.ax() / det;
    return new ScanCorrection(
        ref.ax() * i00 + ibx * i10, ref.ax() * i01 + ibx * i11,
        ref.ay() * i00 + iby * i10, ref.ay() * i01 + iby * i11);
  }

  public double x(double px, double py) { return m00 * px + m01 * py; }

  public double y(double px, double py) { return m10 * px + m11 * py; }

  public boolean identity() { return m00 == 1 && m01 == 0 && m10 == 0 && m11 == 1; }
}
