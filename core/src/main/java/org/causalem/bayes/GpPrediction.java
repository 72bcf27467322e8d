package org.causalem.bayes;

/**
 * GP predictions at new inputs.
 *
 * @param mean predictive mean
 * @param latentSd sd of the latent function value
 * @param observationSd sd of a new observation (latent plus noise)
 */
public record GpPrediction(double[] mean, double[] latentSd, double[] observationSd) {}
