package org.causalem.bayes;

/** Something that predicts with uncertainty at new inputs: a fitted GP or an ensemble of them. */
public interface GpPredictor {
  /** Predictions at {@code x[m][D]} (original units; not modified). */
  GpPrediction predict(double[][] x);
}
