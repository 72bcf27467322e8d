package org.causalem.data;

import java.util.Objects;

/**
 * A calibrated axis: value of index i is {@code offset + i * scale} in {@code unit}.
 *
 * @param name one of {@code y, x, energy, frame, ry, rx, qy, qx} (or a file's own name for other axes)
 * @param unit lengths in nm, reciprocal lengths in 1/nm, energies in eV; {@code px} when uncalibrated
 */
public record Axis(String name, int size, double offset, double scale, String unit) {
  public Axis {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    if (size < 0) throw new IllegalArgumentException("axis " + name + ": size must be >= 0, got " + size);
    if (!Double.isFinite(offset)) throw new IllegalArgumentException("axis " + name + ": offset must be finite, got " + offset);
    if (!Double.isFinite(scale) || scale == 0) throw new IllegalArgumentException("axis " + name + ": scale must be finite and non-zero, got " + scale);
  }

  /** An uncalibrated axis: offset 0, scale 1, unit {@code px}. */
  public static Axis pixels(String name, int size) { return new Axis(name, size, 0, 1, "px"); }

  /** The calibrated value at index {@code i}. */
  public double value(double i) { return offset + i * scale; }

  /** The (fractional) index of calibrated value {@code v}. */
  public double index(double v) { return (v - offset) / scale; }

  public boolean calibrated() { return !"px".equals(unit) && !unit.isEmpty(); }

  public Axis withSize(int newSize) { return new Axis(name, newSize, offset, scale, unit); }

  public Axis withName(String newName) { return new Axis(newName, size, offset, scale, unit); }
}
