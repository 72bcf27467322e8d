package org.causalem.bayes;

/**
 * Stationary covariance functions of a Gaussian process with automatic relevance determination:
 * {@code r = ‖(a − b)/ℓ‖}; squared exponential {@code σ² exp(−r²/2)}, Matérn 3/2
 * {@code σ²(1 + √3 r) exp(−√3 r)}, Matérn 5/2 {@code σ²(1 + √5 r + 5r²/3) exp(−√5 r)}
 * (Rasmussen &amp; Williams 2006, §4.2).
 */
public enum Kernel {
  RBF("rbf"), MATERN32("matern32"), MATERN52("matern52");

  private final String label;

  Kernel(String label) { this.label = label; }

  public String label() { return label; }

  /** The kernel called {@code name} ({@code rbf}, {@code matern32}, {@code matern52}). */
  public static Kernel of(String name) {
    for (Kernel k : values()) if (k.label.equalsIgnoreCase(name)) return k;
    throw new IllegalArgumentException("unknown kernel '" + name + "'; expected rbf, matern32 or matern52");
  }

  /** {@code k(r²)/σ²} as a function of the scaled squared distance. */
  double correlation(double r2) {
    switch (this) {
      case RBF:
        return Math.exp(-0.5 * r2);
      case MATERN32: {
        double s = Math.sqrt(3 * r2);
        return (1 + s) * Math.exp(-s);
      }
      default: {
        double s = Math.sqrt(5 * r2);
        return (1 + s + 5 * r2 / 3) * Math.exp(-s);
      }
    }
  }

  /**
   * {@code g(r²)} such that {@code ∂k/∂ log ℓ_i = σ² g(r²) (d_i/ℓ_i)²}.
   */
  double lengthDerivativeFactor(double r2) {
    switch (this) {
      case RBF:
        return Math.exp(-0.5 * r2);
      case MATERN32:
        return 3 * Math.exp(-Math.sqrt(3 * r2));
      default: {
        double s = Math.sqrt(5 * r2);
        return 5.0 / 3 * (1 + s) * Math.exp(-s);
      }
    }
  }
}
