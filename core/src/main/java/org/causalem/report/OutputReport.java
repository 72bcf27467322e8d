package org.causalem.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report.html assembled from a command's own output files: PNG figures inlined, SVG inline, the first
 * rows of CSV tables, and JSON summaries as text. Lets a command that already writes its figures and
 * tables get a self-contained report in one line.
 */
public final class OutputReport {
  /** Rows shown per CSV table. */
  public static final int MAX_ROWS = 30;
  private static final int MAX_JSON_CHARS = 6000;

  private OutputReport() {}

  /**
   * Writes {@code dir/report.html} with the given files of {@code dir}, in order. A name may hold one
   * {@code *} (e.g. {@code posterior_*.png}); files that do not exist are left out.
   */
  public static void write(Path dir, String title, List<String> notes, String... files) throws IOException {
    HtmlReport page = new HtmlReport(title);
    page.notes(notes);
    for (String name : files) {
      for (Path f : matching(dir, name)) {
        String n = f.getFileName().toString();
        if (n.endsWith(".png")) {
          page.png(n, Files.readAllBytes(f));
        } else if (n.endsWith(".svg")) {
          String svg = Files.readString(f, StandardCharsets.UTF_8);
          int start = svg.indexOf("<svg");
          if (start >= 0) page.svg(n, svg.substring(start));
        } else if (n.endsWith(".csv")) {
          page.heading(2, n);
          page.csvTable(f, MAX_ROWS);
        } else if (n.endsWith(".json")) {
          page.heading(2, n);
          String text = Files.readString(f, StandardCharsets.UTF_8);
          page.preformatted(text.length() > MAX_JSON_CHARS ? text.substring(0, MAX_JSON_CHARS) + "\n… (" + text.length()
              + " characters; all in " + n + ")" : text);
        }
      }
    }
    page.writeTo(dir.resolve("report.html"));
  }

  private static List<Path> matching(Path dir, String name) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!name.contains("*")) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) out.add(p);
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
      for (Path p : ds) if (Files.isRegularFile(p)) out.add(p);
    }
    out.sort(null);
    return out;
  }
}
