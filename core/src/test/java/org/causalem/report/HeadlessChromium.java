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
