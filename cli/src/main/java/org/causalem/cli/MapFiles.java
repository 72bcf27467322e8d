package org.causalem.cli;

/** Forwards to {@link org.causalem.output.MapFiles} (moved to the output layer). */
final class MapFiles {
  private MapFiles() {}

  static float[] stack(float[][] rows) { return org.causalem.output.MapFiles.stack(rows); }

  static String safe(String name) { return org.causalem.output.MapFiles.safe(name); }
}
