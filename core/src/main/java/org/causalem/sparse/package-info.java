/**
 * Parsimonious laws from data (SINDy): {@link org.causalem.sparse.FeatureLibrary candidate terms},
 * {@link org.causalem.sparse.SavitzkyGolay smoothed derivatives}, {@link org.causalem.sparse.Stlsq sequentially
 * thresholded least squares}, {@link org.causalem.sparse.EnsembleSindy bootstrap inclusion probabilities},
 * the {@link org.causalem.sparse.SparsityPath sparsity path} with AIC/BIC and its Pareto front, and
 * {@link org.causalem.sparse.LawDiscovery} composing them; a found {@link org.causalem.sparse.SparseLaw} can be
 * simulated with RK4. Entry point: {@link org.causalem.sparse.LawDiscovery}.
 *
 * <p>May import: the JDK only (series come in as primitive arrays).
 */
package org.causalem.sparse;
