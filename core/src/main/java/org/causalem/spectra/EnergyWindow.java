package org.causalem.spectra;

import org.causalem.data.Axis;

/**
 * The channels {@code [from, to)} of an energy axis whose energies lie in {@code [fromEv, toEv)}.
 *
 * @param fromEv requested lower bound (eV)
 * @param toEv requested upper bound (eV)
 */
public record EnergyWindow(double fromEv, double toEv, int from, int to) {
  /** The channels of {@code axis} in {@code [fromEv, toEv)}, clipped to the axis. */
  public static EnergyWindow of(Axis axis, double fromEv, double toEv) {
    requireIncreasing(axis);
    int from = (int) Math.max(0, Math.ceil(axis.index(fromEv) - 1e-9));
    int to = (int) Math.min(axis.size(), Math.ceil(axis.index(toEv) - 1e-9));
    return new EnergyWindow(fromEv, toEv, Math.min(from, axis.size()), Math.max(to, Math.min(from, axis.size())));
  }

  /** Number of channels. */
  public int channels() { return to - from; }

  /** Whether the whole requested range lies within the axis. */
  public boolean inside(Axis axis) {
    return fromEv >= axis.value(0) - 0.5 * axis.scale() && toEv <= axis.value(axis.size() - 1) + 0.5 * axis.scale();
  }

  static void requireIncreasing(Axis axis) {
    if (!(axis.scale() > 0)) {
      throw new IllegalArgumentException("energy axis " + axis.name() + " must increase (scale > 0), got scale " + axis.scale());
    }
  }
}
