package org.causalem.spectra;

/** The shape of the pre-edge background extrapolated under an edge. */
public enum BackgroundModel {
  /** {@code A·E^(−r)}: Egerton's standard model for core-loss backgrounds. */
  POWER_LAW,
  /** {@code A·exp(−b·E)}: sometimes better over short windows or at low energy loss. */
  EXPONENTIAL;

  /** The abscissa the model is linear in after taking the logarithm of the counts. */
  public double abscissa(double energyEv) {
    return this == POWER_LAW ? Math.log(energyEv) : energyEv;
  }
}
