package org.causalem.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.causalem.data.Axis;
import org.junit.jupiter.api.Test;

/** Geometry of the map figures: readable size, a monotonic colour bar, a scale bar as long as it says. */
class MapFigureTest {
  private static float[] ramp(int w, int h) {
    float[] v = new float[w * h];
    for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(0.37 * i) + 0.01f * i;
    return v;
  }

  @Test
  void smallMapsAreUpscaledToAReadableSizeByAnIntegerFactor() {
    for (int[] wh : new int[][] {{6, 49}, {24, 24}, {3, 2}, {600, 40}}) {
      MapFigure.Rendered r = MapFigure.renderWithGeometry(ramp(wh[0], wh[1]), wh[0], wh[1], MapFigure.Options.of("m", false));
      Rectangle m = r.map();
      assertThat(Math.max(m.width, m.height)).as("long side of %dx%d", wh[0], wh[1]).isGreaterThanOrEqualTo(400);
      assertThat(r.displayScale()).isEqualTo(Math.rint(r.displayScale()));
      assertThat(m.width).isEqualTo((int) (wh[0] * r.displayScale()));
      assertThat(m.height).isEqualTo((int) (wh[1] * r.displayScale()));
      assertThat(r.image().getWidth()).isGreaterThan(m.x + m.width);
      // nearest neighbour: every pixel of a block has one colour
      int s = (int) r.displayScale();
      BufferedImage img = r.image();
      assertThat(img.getRGB(m.x, m.y)).isEqualTo(img.getRGB(m.x + s - 1, m.y + s - 1));
    }
  }

  @Test
  void largeImagesAreBlockAveragedToAtMost1024Pixels() {
    MapFigure.Rendered r = MapFigure.renderWithGeometry(ramp(2100, 300), 2100, 300, MapFigure.Options.of("big", false));
    assertThat(r.map().width).isLessThanOrEqualTo(MapFigure.MAX_DISPLAY_PX).isEqualTo(700);
    assertThat(r.displayScale()).isEqualTo(1.0 / 3);
  }

  @Test
  void colourBarIsPresentAndMonotonicFromLowAtTheBottomToHighAtTheTop() {
    for (Colormap cm : new Colormap[] {Colormap.SEQUENTIAL, Colormap.DIVERGING}) {
      MapFigure.Options o = MapFigure.Options.of("m", cm == Colormap.DIVERGING).withUnit("counts");
      MapFigure.Rendered r = MapFigure.renderWithGeometry(ramp(30, 20), 30, 20, o);
      Rectangle cb = r.colourBar();
      assertThat(cb).isNotNull();
      assertThat(cb.height).isEqualTo(r.map().height);
      int[] lut = new int[1001];
      for (int i = 0; i <= 1000; i++) lut[i] = cm.rgb(i / 1000.0);
      int previous = -1;
      int first = -1;
      for (int y = cb.y + cb.height - 1; y >= cb.y; y--) {
        int t = nearest(lut, r.image().getRGB(cb.x + cb.width / 2, y) & 0xFFFFFF);
        assertThat(t).as("colour-bar row %d", y).isGreaterThanOrEqualTo(previous);
        if (first < 0) first = t;
        previous = t;
      }
      assertThat(first).isLessThan(10);
      assertThat(previous).isGreaterThan(990);
    }
  }

  private static int nearest(int[] lut, int rgb) {
    int best = 0;
    long bestD = Long.MAX_VALUE;
    for (int i = 0; i < lut.length; i++) {
      int dr = ((lut[i] >> 16) & 0xFF) - ((rgb >> 16) & 0xFF);
      int dg = ((lut[i] >> 8) & 0xFF) - ((rgb >> 8) & 0xFF);
      int db = (lut[i] & 0xFF) - (rgb & 0xFF);
      long d = (long) dr * dr + dg * dg + db * db;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  @Test
  void scaleBarIsAsLongAsItsLabelClaimsWithinAPixel() {
    // 0.4 Å per pixel = 0.04 nm; odd sizes so the bar is not a round number of display pixels by luck
    for (int[] wh : new int[][] {{37, 29}, {300, 210}, {1500, 900}}) {
      Axis x = new Axis("x", wh[0], 0, 0.4, "Å");
      Axis y = new Axis("y", wh[1], 0, 0.4, "Å");
      PixelScale s = PixelScale.of(y, x);
      assertThat(s.unit()).isEqualTo("nm");
      assertThat(s.step()).isCloseTo(0.04, org.assertj.core.api.Assertions.within(1e-12));
      MapFigure.Rendered r = MapFigure.renderWithGeometry(ramp(wh[0], wh[1]), wh[0], wh[1], MapFigure.Options.of("cal", false).withScale(s));
      MapFigure.ScaleBar bar = r.scaleBar();
      assertThat(bar).isNotNull();
      assertThat(bar.unit()).isEqualTo("nm");
      // measure the white fill in the picture itself
      BufferedImage img = r.image();
      int row = bar.y() + 2;
      int x0 = bar.x();
      assertThat(img.getRGB(x0 - 1, row) & 0xFFFFFF).isEqualTo(0);
      int len = 0;
      while ((img.getRGB(x0 + len, row) & 0xFFFFFF) == MapFigure.SCALE_BAR_RGB) len++;
      double displayPxPerNm = (double) r.map().width / (wh[0] * 0.04);
      assertThat(Math.abs(len - bar.length() * displayPxPerNm)).as("bar of %s nm drawn %d px", bar.length(), len).isLessThanOrEqualTo(1.0);
      // a 1-2-5 length between 8 % and 20 % of the field of view
      double fov = wh[0] * 0.04;
      assertThat(bar.length()).isBetween(0.08 * fov - 1e-9, 0.2 * fov + 1e-9);
    }
  }

  @Test
  void uncalibratedMapsHaveNoScaleBarAndSayPx() {
    MapFigure.Rendered r = MapFigure.renderWithGeometry(ramp(20, 20), 20, 20, MapFigure.Options.of("px", false));
    assertThat(r.scaleBar()).isNull();
    assertThat(PixelScale.pixels().axisTitle("x")).isEqualTo("x (px, uncalibrated)");
    assertThat(PixelScale.of(new Axis("x", 5, 0, 1, "px")).calibrated()).isFalse();
    assertThat(PixelScale.of(new Axis("x", 5, 0, 2e-10, "m")).step()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(PixelScale.of(new Axis("y", 5, 0, 0.1, "nm"), new Axis("x", 5, 0, 0.2, "nm")).calibrated()).as("unequal steps").isFalse();
  }

  @Test
  void colourRangeClipsPercentilesAndCentresSignedMaps() {
    float[] v = new float[1000];
    for (int i = 0; i < v.length; i++) v[i] = i;
    v[999] = 1e6f;
    double[] clipped = MapFigure.range(v, 1, false);
    assertThat(clipped[1]).isLessThan(1000);
    double[] sym = MapFigure.range(new float[] {-1, 3}, 0, true);
    assertThat(sym).containsExactly(-3, 3);
    double[] flat = MapFigure.range(new float[] {5, 5}, 0, false);
    assertThat(flat[1]).isGreaterThan(flat[0]);
  }

  @Test
  void vectorWheelEncodesDirectionAsHueAndMagnitudeAsBrightness() {
    assertThat(FourdReport.wheel(0, 0, 1)).isEqualTo(0);
    int east = FourdReport.wheel(1, 0, 1);
    int west = FourdReport.wheel(-1, 0, 1);
    assertThat(east).isNotEqualTo(west);
    assertThat((east >> 16) & 0xFF).isGreaterThan(east & 0xFF);
    int half = FourdReport.wheel(0.5, 0, 1);
    assertThat((half >> 16) & 0xFF).isLessThan((east >> 16) & 0xFF);
  }

  @Test
  void pngEncoderRoundTripsEveryPixelThroughImageIo() throws Exception {
    BufferedImage img = MapFigure.render(ramp(50, 31), 50, 31, MapFigure.Options.of("round trip", true).withUnit("a.u."));
    byte[] png = Figures.toPng(img);
    BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(back.getWidth()).isEqualTo(img.getWidth());
    assertThat(back.getHeight()).isEqualTo(img.getHeight());
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) assertThat(back.getRGB(x, y) & 0xFFFFFF).isEqualTo(img.getRGB(x, y) & 0xFFFFFF);
    }
  }
}
