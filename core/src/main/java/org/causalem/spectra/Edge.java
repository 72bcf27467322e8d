package org.causalem.spectra;

import java.util.Objects;

/**
 * An ionisation edge: the element, the shell and its tabulated onset.
 *
 * @param name canonical name, element and shell joined by a dash ({@code Ti-L23}, {@code O-K})
 * @param element chemical symbol
 * @param shell shell label ({@code K}, {@code L23}, {@code M45})
 * @param onsetEv tabulated onset energy in eV
 */
public record Edge(String name, String element, String shell, double onsetEv) {
  public Edge {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(element, "element");
    Objects.requireNonNull(shell, "shell");
    if (!(onsetEv > 0) || !Double.isFinite(onsetEv)) {
      throw new IllegalArgumentException("edge " + name + ": onsetEv must be finite and > 0, got " + onsetEv);
    }
  }

  /** An edge called {@code element-shell}. */
  public static Edge of(String element, String shell, double onsetEv) {
    return new Edge(element + "-" + shell, element, shell, onsetEv);
  }
}
