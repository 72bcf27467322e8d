package org.causalem.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.causalem.data.Axis;
import org.causalem.io.PngEncoder;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The SVG figures against what they must show: data at the coordinates the axes claim, ticks on round numbers,
 * gaps where values are missing, the map's embedded pixels equal to the colour map of its values (decoded by
 * ImageIO), a scale bar as long as its label says, and AWT's HSB conversion reproduced without AWT.
 */
class SvgFigureTest {
  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  private static double attr(Element e, String name) { return Double.parseDouble(e.getAttribute(name)); }

  @Test
  void linearAxesTakeRound1_2_5StepsAndCoverTheData() {
    ChartAxis a = ChartAxis.of(new double[] {240.3, 444.9}, false, Double.NaN, Double.NaN, 10);
    assertThat(a.step()).isEqualTo(20);
    assertThat(a.min()).isEqualTo(240);
    assertThat(a.max()).isEqualTo(460);
    assertThat(a.ticks()).hasSize(12).first().isEqualTo(240.0);
    assertThat(a.labels().text().get(1)).isEqualTo("260");
    ChartAxis small = ChartAxis.of(new double[] {-0.93, 0.99}, false, Double.NaN, Double.NaN, 5);
    assertThat(small.step()).isEqualTo(0.5);
    assertThat(small.ticks()).containsExactly(-1.0, -0.5, 0.0, 0.5, 1.0);
    assertThat(small.labels().text()).containsExactly("-1.0", "-0.5", "0.0", "0.5", "1.0");
    ChartAxis flat = ChartAxis.of(new double[] {3, 3, Double.NaN}, false, Double.NaN, Double.NaN, 5);
    assertThat(flat.max()).isGreaterThan(flat.min());
  }

  @Test
  void logAxesRunOverWholeDecades() {
    ChartAxis a = ChartAxis.of(new double[] {0, -4, 12, 35_000}, true, Double.NaN, Double.NaN, 6);
    assertThat(a.min()).isEqualTo(1);
    assertThat(a.max()).isEqualTo(5);
    assertThat(a.ticks()).containsExactly(10.0, 100.0, 1000.0, 1e4, 1e5);
    assertThat(a.labels().text()).containsExactly("1e1", "1e2", "1e3", "1e4", "1e5");
    assertThat(a.fraction(1000)).isCloseTo(0.5, within(1e-12));
    assertThat(a.shows(0)).isFalse();
    ChartAxis narrow = ChartAxis.of(new double[] {150, 900}, true, Double.NaN, Double.NaN, 6);
    assertThat(narrow.ticks()).containsExactly(100.0, 200.0, 500.0, 1000.0);
    assertThat(narrow.labels().text()).containsExactly("100", "200", "500", "1000");
  }

  @Test
  void everyTickOfAnAxisHasOneFormat() {
    // counts up to 240 000: grouped digits for all, not "80000" beside "2.4e+05"
    TickLabels big = TickLabels.linear(List.of(0.0, 80_000.0, 160_000.0, 240_000.0), 80_000);
    assertThat(big.text()).containsExactly("0", "80\u2009000", "160\u2009000", "240\u2009000");
    assertThat(big.factor()).isEmpty();
    // tiny steps: mantissas with one power of ten for the axis
    TickLabels tiny = TickLabels.linear(List.of(0.0, 2e-4, 4e-4, 6e-4), 2e-4);
    assertThat(tiny.text()).containsExactly("0", "2", "4", "6");
    assertThat(tiny.factor()).isEqualTo("×10⁻⁴");
    TickLabels huge = TickLabels.linear(List.of(4.55e10, 4.6e10, 4.65e10), 5e8);
    assertThat(huge.text()).containsExactly("4.55", "4.60", "4.65");
    assertThat(huge.factor()).isEqualTo("×10¹⁰");
    assertThat(TickLabels.linear(List.of(-0.2, 0.0, 0.2), 0.2).text()).containsExactly("-0.2", "0.0", "0.2");
    assertThat(TickLabels.log(List.of(1e-4, 1e-3, 1e-2)).text()).containsExactly("1e-4", "1e-3", "1e-2");
    assertThat(SvgChart.withFactor("counts", "×10⁵")).isEqualTo("counts, ×10⁵");
  }

  @Test
  void pointsSitWhereTheAxesSayAndMissingValuesBreakLines() throws Exception {
    SvgChart c = new SvgChart("t <1>", "x (nm)", "y", 400, 300).legend(SvgChart.Legend.INSIDE_NE);
    c.points("data", new double[] {0, 5, 10}, new double[] {0, 5, 10}, "#ff0000");
    c.line("fit", new double[] {0, 2, 4, 6, 8}, new double[] {1, 2, Double.NaN, 4, 5});
    c.vline(5, "#888888");
    Document d = parse(c.svg());
    NodeList circles = d.getElementsByTagName("circle");
    List<double[]> dots = new ArrayList<>();
    for (int i = 0; i < circles.getLength(); i++) {
      Element e = (Element) circles.item(i);
      if ("#ff0000".equals(((Element) e.getParentNode()).getAttribute("fill"))) dots.add(new double[] {attr(e, "cx"), attr(e, "cy")});
    }
    assertThat(dots).hasSize(3);
    // equal data steps are equal screen steps, y pointing down
    assertThat(dots.get(1)[0] - dots.get(0)[0]).isCloseTo(dots.get(2)[0] - dots.get(1)[0], within(0.11));
    assertThat(dots.get(1)[1] - dots.get(0)[1]).isCloseTo(dots.get(2)[1] - dots.get(1)[1], within(0.11)).isNegative();
    String path = null;
    NodeList paths = d.getElementsByTagName("path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element e = (Element) paths.item(i);
      if (e.getAttribute("d").chars().filter(ch -> ch == 'L').count() >= 2) path = e.getAttribute("d");
    }
    assertThat(path).as("the line").isNotNull();
    assertThat(path.chars().filter(ch -> ch == 'M').count()).as("two runs around the NaN").isEqualTo(2);
    assertThat(c.svg()).contains("t &lt;1&gt;", ">data<", ">fit<", "x (nm)");
  }

  @Test
  void aCategoricalAxisLabelsEachCategoryUnderItsPoint() throws Exception {
    SvgChart c = new SvgChart("p", "model", "probability", 400, 300).xCategories(List.of("m0", "m1", "m2")).legend(SvgChart.Legend.NONE);
    c.points("p", new double[] {0, 1, 2}, new double[] {0.9, 0.08, 0.02}, "#ff0000");
    Document d = parse(c.svg());
    NodeList circles = d.getElementsByTagName("circle");
    List<Double> cx = new ArrayList<>();
    for (int i = 0; i < circles.getLength(); i++) {
      Element e = (Element) circles.item(i);
      Element g = (Element) e.getParentNode();
      // the data sit in the plot's own (clipping) svg element, offset by its x
      if ("#ff0000".equals(g.getAttribute("fill"))) cx.add(attr(e, "cx") + attr((Element) g.getParentNode(), "x"));
    }
    NodeList texts = d.getElementsByTagName("text");
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < texts.getLength(); i++) {
      Element e = (Element) texts.item(i);
      String t = e.getTextContent();
      if (t.matches("m[0-2]")) {
        labels.add(t);
        assertThat(attr(e, "x")).as("label %s under its point", t).isCloseTo(cx.get(t.charAt(1) - '0'), within(0.11));
      }
    }
    assertThat(labels).containsExactly("m0", "m1", "m2");
    assertThat(c.svg()).doesNotContain(">0.5<", ">1.5<");
  }

  @Test
  void aGridPlacesEveryChartInItsCell() throws Exception {
    List<SvgChart> charts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SvgChart c = new SvgChart("c" + i, "x", "y", 300, 200);
      c.line("l", new double[] {0, 1}, new double[] {0, i});
      charts.add(c);
    }
    Element root = parse(SvgChart.grid(charts, 2, 3)).getDocumentElement();
    assertThat(attr(root, "width")).isEqualTo(900);
    assertThat(attr(root, "height")).isEqualTo(400);
    assertThat(SvgChart.grid(charts, 2, 3)).contains("translate(600 0)", "translate(0 200)");
  }

  @Test
  void mapPixelsAreTheColourMapOfTheValuesEmbeddedAtTheirOwnResolution() throws Exception {
    float[] v = {0, 1, 2, 3, 4, Float.NaN};
    MapFigure.Options o = MapFigure.Options.of("m", false).withUnit("counts");
    String svg = SvgMap.render(v, 3, 2, o);
    Element root = parse(svg).getDocumentElement();
    Element image = (Element) root.getElementsByTagName("image").item(0);
    assertThat(attr(image, "width")).isGreaterThanOrEqualTo(400).isEqualTo(3 * attr(image, "height") / 2);
    String href = image.getAttribute("xlink:href");
    BufferedImage px = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(href.substring(href.indexOf(',') + 1))));
    assertThat(px.getWidth()).isEqualTo(3);
    assertThat(px.getHeight()).isEqualTo(2);
    assertThat(px.getRGB(0, 0) & 0xFFFFFF).isEqualTo(Colormap.SEQUENTIAL.rgb(0));
    assertThat(px.getRGB(1, 1) & 0xFFFFFF).isEqualTo(Colormap.SEQUENTIAL.rgb(1));
    assertThat(px.getRGB(2, 0) & 0xFFFFFF).isEqualTo(Colormap.SEQUENTIAL.rgb(128 / 255.0)); // 2 of 0..4 on the 256-step table
    assertThat(px.getRGB(2, 1) & 0xFFFFFF).as("NaN").isEqualTo(0xC0C0C0);
    assertThat(svg).contains(">counts<", "image-rendering:pixelated");
  }

  @Test
  void theScaleBarIsAsLongAsItsLabelSays() throws Exception {
    // 200 px of 0.05 nm: 10 nm wide, shown 2x; the bar: a fifth rounded down to 1-2-5 = 2 nm = 40 px = 80 display px
    float[] v = new float[200 * 100];
    for (int i = 0; i < v.length; i++) v[i] = i % 200;
    PixelScale s = PixelScale.of(new Axis("x", 200, 0, 0.05, "nm"));
    String svg = SvgMap.render(v, 200, 100, MapFigure.Options.of("calibrated", false).withScale(s));
    Matcher bar = Pattern.compile("<rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\" height=\"5\" fill=\"#ffffff\"/>").matcher(svg);
    assertThat(bar.find()).isTrue();
    assertThat(Double.parseDouble(bar.group(1))).isEqualTo(80);
    assertThat(svg).contains(">2 nm<", "x (nm)");
  }

  @Test
  void pngEncoderRoundTripsThroughImageIo() throws Exception {
    int w = 7;
    int h = 3;
    int stride = 9;
    int[] rgb = new int[2 + stride * h];
    for (int i = 0; i < rgb.length; i++) rgb[i] = (i * 2654435761L) > 0 ? (int) (i * 2654435761L) & 0xFFFFFF : i;
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(PngEncoder.rgb(rgb, 2, stride, w, h)));
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) assertThat(img.getRGB(x, y) & 0xFFFFFF).isEqualTo(rgb[2 + y * stride + x] & 0xFFFFFF);
  }

  @Test
  void selectionFindsTheSameOrderStatisticsAsASort() {
    java.util.Random r = new java.util.Random(11);
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + r.nextInt(300);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) v[i] = trial % 2 == 0 ? r.nextInt(7) : (float) r.nextGaussian();
      float[] sorted = v.clone();
      java.util.Arrays.sort(sorted);
      int k = r.nextInt(n);
      int k2 = k + r.nextInt(n - k);
      float[] a = v.clone();
      assertThat(Scales.select(a, 0, n - 1, k)).isEqualTo(sorted[k]);
      assertThat(Scales.select(a, k, n - 1, k2)).as("the second statistic above the first").isEqualTo(sorted[k2]);
      float lo = sorted[(int) Math.floor(0.01 * (n - 1))];
      float hi = sorted[(int) Math.ceil(0.99 * (n - 1))];
      if (hi > lo) assertThat(Scales.range(v, 1, false)).containsExactly(lo, hi); // (equal ends are widened by 1 %)
    }
  }

  @Test
  void hsbConversionMatchesAwt() {
    for (float hue = -0.3f; hue < 1.3f; hue += 0.013f) {
      for (float b = 0; b <= 1; b += 0.07f) {
        for (float s : new float[] {0, 0.5f, 0.85f, 1}) {
          assertThat(FourdReport.hsbToRgb(hue, s, b)).isEqualTo(java.awt.Color.HSBtoRGB(hue, s, b) & 0xFFFFFF);
        }
      }
    }
  }
}
