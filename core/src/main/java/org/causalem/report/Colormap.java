package org.causalem.report;

/** Perceptual colour maps for figures: a sequential one (viridis-like) and a diverging one (blue–white–red). */
public enum Colormap {
  /** Dark blue → green → yellow, for magnitudes. */
  SEQUENTIAL(new int[] {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725}),
  /** Blue → white → red, for signed values centred on zero. */
  DIVERGING(new int[] {0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D, 0xB2182B}),
  /** Black → white. */
  GREY(new int[] {0x000000, 0xFFFFFF});

  private final int[] stops;

  Colormap(int[] stops) { this.stops = stops; }

  /** The RGB colour (0xRRGGBB) at {@code t} in [0, 1] (clamped). */
  public int rgb(double t) {
    if (Double.isNaN(t)) return 0x808080;
    double u = Math.max(0, Math.min(1, t)) * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) u);
    double f = u - i;
    int a = stops[i];
    int b = stops[i + 1];
    int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
    int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
    int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    return (r << 16) | (g << 8) | bl;
  }

  /** CSS hex form of {@link #rgb(double)}. */
  public String css(double t) { return String.format("#%06x", rgb(t)); }
}
