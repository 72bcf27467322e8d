/**
 * Prior knowledge updated by data.
 *
 * <ul>
 *   <li>{@link org.causalem.bayes.BayesianLinearRegression}: conjugate Normal–inverse-Gamma regression
 *       (posterior, predictive, log evidence, sequential {@link org.causalem.bayes.RegressionPosterior#update
 *       update}, information gain as KL(posterior ‖ prior)); {@link org.causalem.bayes.ModelComparison} for
 *       Bayes factors between {@link org.causalem.bayes.RegressionFormula model formulas}.</li>
 *   <li>{@link org.causalem.bayes.Nuts}: the No-U-Turn sampler for any {@link org.causalem.bayes.LogDensity},
 *       with gradients written by hand or by reverse-mode automatic differentiation
 *       ({@link org.causalem.bayes.AdLogDensity}, {@link org.causalem.bayes.Var}); diagnostics in
 *       {@link org.causalem.bayes.McmcResult} and {@link org.causalem.bayes.ConvergenceDiagnostics}.</li>
 *   <li>{@link org.causalem.bayes.GaussianProcess}: GP regression (RBF, Matérn), structured GPs with a
 *       physical {@link org.causalem.bayes.MeanFunction}, {@link org.causalem.bayes.HypothesisRanking}, and
 *       spatially cross-validated {@link org.causalem.bayes.PredictabilityMap predictability maps}.</li>
 * </ul>
 *
 * <p>May import: the JDK and Hipparchus only: a statistics package that knows nothing of microscopy (tables come in as
 * primitive arrays).
 */
package org.causalem.bayes;
