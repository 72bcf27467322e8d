package org.causalem.io;

import java.util.Locale;

/**
 * Converts a unit as files write it ({@code n_m}, {@code [A]}, {@code 1/Å}, {@code keV}) to the project's
 * units: lengths in nm, reciprocal lengths in 1/nm, energies in eV.
 *
 * @param unit the project's unit ({@code px} when the file gives none)
 * @param factor multiply the file's values by this
 */
record EmdUnits(String unit, double factor) {
  static EmdUnits of(String raw) {
    if (raw == null) return new EmdUnits("px", 1);
    String u = raw.replace("_", "").replace("[", "").replace("]", "").replace(" ", "").trim();
    String l = u.toLowerCase(Locale.ROOT);
    switch (l) {
      case "": case "px": case "pixel": case "pixels": case "<undefined>": return new EmdUnits("px", 1);
      case "nm": return new EmdUnits("nm", 1);
      case "a": case "å": case "ang": case "angstrom": case "angstroms": return new EmdUnits("nm", 0.1);
      case "m": return new EmdUnits("nm", 1e9);
      case "um": case "µm": case "μm": case "micron": return new EmdUnits("nm", 1e3);
      case "pm": return new EmdUnits("nm", 1e-3);
      case "nm^-1": case "1/nm": case "nm-1": return new EmdUnits("1/nm", 1);
      case "a^-1": case "1/a": case "å^-1": case "1/å": case "a-1": return new EmdUnits("1/nm", 10);
      case "m^-1": case "1/m": case "m-1": return new EmdUnits("1/nm", 1e-9);
      case "ev": return new EmdUnits("eV", 1);
      case "kev": return new EmdUnits("eV", 1e3);
      case "mev": return u.equals("meV") ? new EmdUnits("eV", 1e-3) : new EmdUnits("eV", 1e6);
      case "s": return new EmdUnits("s", 1);
      case "ms": return new EmdUnits("s", 1e-3);
      default: return new EmdUnits(u, 1);
    }
  }

  boolean isEnergy() { return unit.equals("eV"); }
}
