package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.causalem.SharedData;
import org.causalem.io.TiffWriter;
import org.causalem.report.HeadlessChromium;
import org.causalem.simulate.DomainImageSimulator;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes figures writes a self-contained report.html whose figures render in headless
 * Chromium: every image decodes (naturalWidth &gt; 0), no script error, and a screenshot of the page holds
 * the colours of rendered figures, not only text. Skips with a notice when Chromium is absent.
 */
class FigureReportsTest {
  @TempDir Path tmp;

  /**
   * A screenshot of text, tables, the page's coloured borders and broken-image icons has a few dozen
   * chromatic colours (39 on the control page below); colour maps and charts bring hundreds (measured:
   * 450 for the EELS page's top, 1900 for 4D-STEM, 35 000 for atoms).
   */
  static final int MIN_COLOURS = 100;

  private void checkReport(Path out, int minFigures) throws Exception {
    Path html = out.resolve("report.html");
    assertThat(html).isRegularFile();
    String text = Files.readString(html);
    assertThat(text).doesNotContain("src=\"http", "href=\"http", "<link", "src=\"file:");
    HeadlessChromium.PageCheck page = HeadlessChromium.load(html, tmp);
    assertThat(page.figures()).as("figures in " + html).isGreaterThanOrEqualTo(minFigures);
    assertThat(page.figuresOk()).as("figures rendered").isEqualTo(page.figures());
    assertThat(page.errors()).isNull();
    BufferedImage shot = HeadlessChromium.screenshot(html, tmp, 1200, 1400);
    HeadlessChromium.Pixels px = HeadlessChromium.pixels(shot);
    System.out.println("screenshot of " + out.getFileName() + "/report.html: " + px);
    assertThat(px.chromaticColours()).as("distinct chromatic colours in the screenshot of " + html).isGreaterThan(MIN_COLOURS);
  }

  @Test
  void theScreenshotCheckRejectsAPageOfTextAndBrokenImages() throws Exception {
    org.causalem.report.HtmlReport page = new org.causalem.report.HtmlReport("text only").paragraph("x".repeat(2000))
        .callout("a note", false).callout("a warning", true).table(List.of("a", "b"), List.of(List.of("1", "2"), List.of("3", "4")));
    for (int i = 0; i < 6; i++) page.png("broken " + i, new byte[] {1, 2, 3});
    Path html = tmp.resolve("text.html");
    Files.writeString(html, page.render());
    HeadlessChromium.PageCheck check = HeadlessChromium.load(html, tmp);
    assertThat(check.figuresOk()).isZero();
    HeadlessChromium.Pixels px = HeadlessChromium.pixels(HeadlessChromium.screenshot(html, tmp, 1200, 1400));
    assertThat(px.chromaticColours()).isLessThan(MIN_COLOURS);
  }

  private static void ok(CliRun r) {
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
  }

  @Test
  void eelsReportShowsTheSpectrumFitsAndMaps() throws Exception {
    Path file = SharedData.real("SI-EELS_Spectrum_Image.dm3");
    Path out = tmp.resolve("eels");
    ok(CliRun.of("eels", file.toString(), "--components", "2", "--quiet", "--out", out.toString()));
    for (String f : List.of("spectrum.svg", "map_Ti-L23.svg", "map_O-K.svg")) assertThat(out.resolve(f)).isNotEmptyFile();
    java.util.regex.Matcher height = java.util.regex.Pattern.compile("<svg [^>]*height=\"([0-9.]+)\"").matcher(Files.readString(out.resolve("map_Ti-L23.svg")));
    assertThat(height.find()).isTrue();
    assertThat(Double.parseDouble(height.group(1))).as("the 6 × 49 map shown at a readable size").isGreaterThan(400);
    checkReport(out, 5);
    assertThat(Files.readString(out.resolve("report.html"))).contains("Ti-L23", "O-K", "pre-edge");
  }

  @Test
  void fourdReportShowsVirtualImagesTheDpcFieldAndThePatternWithDetectors() throws Exception {
    Path npy = ComCubeNpy.write(tmp.resolve("cube.npy"), 12, 10, 32, 5, 15.4, 16.1).file();
    Path out = tmp.resolve("fourd");
    ok(CliRun.of("fourd", npy.toString(), "--com", "--virtual", "bf,adf", "--quiet", "--out", out.toString()));
    for (String f : List.of("mean_pattern.svg", "virtual_bf.svg", "dpc_field.svg", "com_x.svg")) assertThat(out.resolve(f)).isNotEmptyFile();
    checkReport(out, 6);
  }

  @Test
  void atomsAndLocalReportsShowColumnsAndMaps() throws Exception {
    HaadfRenderer.Options render = new HaadfRenderer.Options(2.5, 150, 10, 1, 0, 0, 0, true, 3);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(PerovskiteSimulator.Options.uniform(6, 7, 24, 23, render)).simulate();
    Path image = tmp.resolve("sto.tif");
    TiffWriter.write(image, sim.image());
    Path out = tmp.resolve("atoms");
    ok(CliRun.of("atoms", image.toString(), "--quiet", "--out", out.toString()));
    assertThat(out.resolve("overlay.png")).isNotEmptyFile();
    assertThat(out.resolve("cell_a_px.png")).isNotEmptyFile();
    checkReport(out, 4);

    DomainImageSimulator.Simulation dom = new DomainImageSimulator(DomainImageSimulator.Options.defaults(3)).simulate();
    Path domains = tmp.resolve("domains.tif");
    TiffWriter.write(domains, dom.image());
    Path local = tmp.resolve("local");
    ok(CliRun.of("local", domains.toString(), "--quiet", "--lattice", "perovskite", "--out", local.toString()));
    checkReport(local, 2);
  }

  @Test
  void discoverReportShowsTheGraphAndTables() throws Exception {
    Random r = new Random(4);
    StringBuilder sb = new StringBuilder("a,b,c,d\n");
    for (int i = 0; i < 400; i++) {
      double a = r.nextGaussian();
      double b = r.nextGaussian();
      double c = 0.8 * a - 0.7 * b + r.nextGaussian();
      double d = 0.9 * c + r.nextGaussian();
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", a, b, c, d));
    }
    Path table = tmp.resolve("sem.csv");
    Files.writeString(table, sb);
    Path out = tmp.resolve("discover");
    ok(CliRun.of("discover", table.toString(), "--quiet", "--out", out.toString()));
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).contains("<svg", "edges.csv");
    HeadlessChromium.PageCheck page = HeadlessChromium.load(out.resolve("report.html"), tmp);
    assertThat(page.figures()).isEqualTo(1);
    assertThat(page.figuresOk()).isEqualTo(1);
    assertThat(page.errors()).isNull();
    // the graph is drawn in greys: compare with the same page, the graph hidden (same layout)
    HeadlessChromium.Pixels px = HeadlessChromium.pixels(HeadlessChromium.screenshot(out.resolve("report.html"), tmp, 1200, 1000));
    Path bare = tmp.resolve("bare.html");
    Files.writeString(bare, html.replace("<svg", "<svg style=\"visibility:hidden\""));
    HeadlessChromium.Pixels without = HeadlessChromium.pixels(HeadlessChromium.screenshot(bare, tmp, 1200, 1000));
    assertThat(px.inkFraction() - without.inkFraction()).as("ink the graph adds").isGreaterThan(0.0005);
  }

  @Test
  void gpBayesAndLawsReportsShowTheirPlots() throws Exception {
    Random rnd = new Random(5);
    List<String> lines = new ArrayList<>(List.of("a,b,y"));
    for (int i = 0; i < 80; i++) {
      double a = 4 * rnd.nextDouble() - 2;
      double b = 4 * rnd.nextDouble() - 2;
      lines.add(a + "," + b + "," + (Math.sin(2 * a) + 0.3 * b + 0.05 * rnd.nextGaussian()));
    }
    Path table = tmp.resolve("t.csv");
    Files.write(table, lines);
    Path gp = tmp.resolve("gp");
    ok(CliRun.of("gp", table.toString(), "--target", "y", "--inputs", "a,b", "--folds", "3", "--quiet", "--out", gp.toString()));
    checkReport(gp, 1);
    Path models = tmp.resolve("models.txt");
    Files.writeString(models, "lin: y ~ a + b\nquad: y ~ a + a^2 + b\n");
    Path bayes = tmp.resolve("bayes");
    ok(CliRun.of("bayes", table.toString(), "--target", "y", "--models", models.toString(), "--quiet", "--out", bayes.toString()));
    checkReport(bayes, 2);
    List<String> series = new ArrayList<>(List.of("t,x,y"));
    double x = 1;
    double y = 0;
    double dt = 0.01;
    for (int i = 0; i < 1500; i++) {
      series.add(i * dt + "," + x + "," + y);
      for (int s = 0; s < 10; s++) {
        double h = dt / 10;
        double nx = x + h * y;
        double ny = y + h * (-x - 0.1 * y);
        x = nx;
        y = ny;
      }
    }
    Path ts = tmp.resolve("osc.csv");
    Files.write(ts, series);
    Path laws = tmp.resolve("laws");
    ok(CliRun.of("laws", ts.toString(), "--time", "t", "--state", "x,y", "--degree", "1", "--quiet", "--out", laws.toString()));
    checkReport(laws, 1);
  }
}
