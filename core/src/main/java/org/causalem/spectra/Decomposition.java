package org.causalem.spectra;

/**
 * A spectrum image written as {@code X ≈ mean + Σ_k loadings[k] ⊗ factors[k]} (PCA) or
 * {@code X ≈ Σ_k loadings[k] ⊗ factors[k]} (NMF).
 *
 * @param factors {@code [component][channel]}: PCA unit vectors; NMF non-negative spectra with unit maximum
 * @param loadings {@code [component][pixel]} (row-major pixels): PCA scores; NMF non-negative abundances
 * @param mean the mean spectrum removed before PCA (zeros for NMF)
 * @param weights PCA: variance explained by each component; NMF: the squared norm of each rank-one term
 * @param iterations iterations run (0 for an exact SVD)
 * @param converged false if an iterative method stopped at its iteration limit
 * @param relativeError {@code ‖X − model‖_F / ‖X‖_F} (NaN if not computed)
 */
public record Decomposition(String method, float[][] factors, float[][] loadings, float[] mean, double[] weights,
                            int iterations, boolean converged, double relativeError) {
  public int components() { return factors.length; }

  public int channels() { return factors.length == 0 ? mean.length : factors[0].length; }

  public int pixels() { return loadings.length == 0 ? 0 : loadings[0].length; }
}
