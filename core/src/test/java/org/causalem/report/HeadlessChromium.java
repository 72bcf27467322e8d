package org.causalem.report;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an HTML file in headless Chromium (Debian's {@code chromium}; .ci/run installs it) and returns
 * the DOM after scripts ran. Tests using it skip with a notice when Chromium is not installed.
 */
public final class HeadlessChromium {
  private HeadlessChromium() {}

  /** The body attributes the report's script sets: figures, figures-ok, errors. */
  public record PageCheck(int figures, int figuresOk, String errors, String dom) {}

  public static PageCheck load(Path html, Path scratch) throws IOException, InterruptedException {
    String exe = find();
    assumeTrue(exe != null, "skipped: chromium not installed (apt-get install chromium)");
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + scratch.resolve("chromium-profile"), "--virtual-time-budget=10000", "--dump-dom",
        html.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s");
    }
    String dom = new String(out, StandardCharsets.UTF_8);
    return new PageCheck(intAttr(dom, "data-figures"), intAttr(dom, "data-figures-ok"), strAttr(dom, "data-errors"), dom);
  }

  /**
   * A screenshot of the page's first {@code width × height} CSS pixels in headless Chromium (skips the
   * test when Chromium is not installed).
   */
  public static java.awt.image.BufferedImage screenshot(Path html, Path scratch, int width, int height) throws IOException, InterruptedException {
    String exe = find();
    assumeTrue(exe != null, "skipped: chromium not installed (apt-get install chromium)");
    Path png = scratch.resolve("screenshot-" + System.nanoTime() + ".png");
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + scratch.resolve("chromium-profile"), "--virtual-time-budget=10000", "--window-size=" + width + "," + height,
        "--screenshot=" + png, html.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s");
    }
    if (!Files.isRegularFile(png)) throw new IllegalStateException("chromium wrote no screenshot of " + html + " (exit " + p.exitValue() + ")");
    return javax.imageio.ImageIO.read(png.toFile());
  }

  /**
   * Pixel statistics of a screenshot: the fraction of pixels that are neither white nor near-white, and the
   * number of distinct chromatic colours (max − min channel &gt; 40): a page of text, tables and coloured
   * borders has a handful; colour maps and charts bring hundreds.
   */
  public record Pixels(double inkFraction, int chromaticColours) {}

  public static Pixels pixels(java.awt.image.BufferedImage img) {
    long ink = 0;
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        int r = (rgb >> 16) & 0xFF;
        int g = (rgb >> 8) & 0xFF;
        int b = rgb & 0xFF;
        if (r < 235 || g < 235 || b < 235) ink++;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40 && colours.size() < 100_000) colours.add(rgb);
      }
    }
    return new Pixels((double) ink / ((long) img.getWidth() * img.getHeight()), colours.size());
  }

  private static String find() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(c))) return c;
    }
    return null;
  }

  private static int intAttr(String dom, String name) {
    String s = strAttr(dom, name);
    return s == null ? -1 : Integer.parseInt(s);
  }

  private static String strAttr(String dom, String name) {
    Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }
}
