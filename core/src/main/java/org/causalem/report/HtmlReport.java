package org.causalem.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.io.TableReader;

/**
 * Builds one self-contained HTML page: text, tables and figures inline (PNG as data URIs, SVG as
 * markup), no external resources, so it opens offline. A small script counts the figures that
 * rendered and records script errors on the {@code body} element ({@code data-figures},
 * {@code data-figures-ok}, {@code data-errors}) for automated checks.
 */
public final class HtmlReport {
  private final String title;
  /** The body so far: the finished pieces, then what is being added. */
  private final List<String> pieces = new java.util.ArrayList<>();
  private final StringBuilder body = new StringBuilder();
  private int figures;

  public HtmlReport(String title) { this.title = title; }

  public HtmlReport heading(int level, String text) {
    if (level < 1 || level > 6) throw new IllegalArgumentException("heading level must be 1..6, got " + level);
    String id = anchor(text);
    body.append("<h").append(level).append(" id=\"").append(Html.escape(id)).append("\">").append(Html.escape(text))
        .append("</h").append(level).append(">\n");
    return this;
  }

  /** The anchor of a heading: its text in lower case, every run of characters other than a-z and 0-9 one '-'. */
  static String anchor(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length());
    boolean run = false;
    for (int i = 0; i < lower.length(); ) {
      int c = lower.codePointAt(i);
      i += Character.charCount(c);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        sb.append((char) c);
        run = false;
      } else if (!run) {
        sb.append('-');
        run = true;
      }
    }
    return sb.toString();
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A highlighted paragraph (a finding or a warning). */
  public HtmlReport callout(String text, boolean warning) {
    body.append("<p class=\"").append(warning ? "warn" : "note").append("\">").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  public HtmlReport preformatted(String text) {
    body.append("<pre>").append(Html.escape(text)).append("</pre>\n");
    return this;
  }

  public HtmlReport table(List<String> header, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : header) body.append("<th>").append(Html.escape(h)).append("</th>");
    body.append("</tr>\n");
    for (List<String> r : rows) {
      body.append("<tr>");
      for (String c : r) body.append("<td>").append(Html.escape(c)).append("</td>");
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A two-column key/value table. */
  public HtmlReport keyValues(Map<String, ?> values) {
    body.append("<table class=\"kv\">\n");
    for (Map.Entry<String, ?> e : values.entrySet()) {
      body.append("<tr><th>").append(Html.escape(e.getKey())).append("</th><td>").append(Html.escape(String.valueOf(e.getValue())))
          .append("</td></tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A PNG figure, embedded as a data URI. */
  public HtmlReport png(String caption, byte[] png) {
    figures++;
    body.append("<figure><img class=\"fig\" alt=\"").append(Html.escape(caption)).append("\" src=\"data:image/png;base64,");
    piece(Base64.getEncoder().encodeToString(png));
    body.append("\"><figcaption>").append(Html.escape(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  /** An SVG figure, inline. {@code svg} must be a complete {@code <svg>} element. */
  public HtmlReport svg(String caption, String svg) {
    if (!svg.trim().startsWith("<svg")) throw new IllegalArgumentException("not an <svg> element: " + svg.substring(0, Math.min(40, svg.length())));
    figures++;
    body.append("<figure class=\"svgfig\">");
    piece(svg);
    body.append("<figcaption>").append(Html.escape(caption))
        .append("</figcaption></figure>\n");
    return this;
  }

  /**
   * Adds a figure's text as a piece of its own: a figure is most of a page and mostly ASCII, and kept apart from the
   * text around it (which may hold λ or an en dash) it is encoded to UTF-8 by the fast path for one-byte strings.
   */
  private void piece(String figure) {
    pieces.add(body.toString());
    body.setLength(0);
    pieces.add(figure);
  }

  /** Starts a row of figures side by side; close with {@link #endRow()}. */
  public HtmlReport beginRow() {
    body.append("<div class=\"row\">\n");
    return this;
  }

  public HtmlReport endRow() {
    body.append("</div>\n");
    return this;
  }

  public int figureCount() { return figures; }

  /** Notes (what the tool could not tell, what was skipped) as a list; nothing when empty. */
  public HtmlReport notes(List<String> notes) {
    if (notes == null || notes.isEmpty()) return this;
    body.append("<ul class=\"notes\">\n");
    for (String n : notes) body.append("<li>").append(Html.escape(n)).append("</li>\n");
    body.append("</ul>\n");
    return this;
  }

  /**
   * The first {@code maxRows} rows of a CSV table written by this tool (comma-separated, a header line,
   * optional quoting of text cells), with a line saying how many rows were left out.
   */
  public HtmlReport csvTable(java.nio.file.Path csv, int maxRows) throws java.io.IOException {
    List<String> header = null;
    List<List<String>> rows = new java.util.ArrayList<>();
    long total = 0;
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) continue;
        if (header == null) {
          header = splitCsv(line);
          continue;
        }
        total++;
        if (rows.size() < maxRows) rows.add(splitCsv(line));
      }
    }
    if (header == null) return paragraph(csv.getFileName() + " is empty.");
    table(header, rows);
    if (total > rows.size()) paragraph("First " + rows.size() + " of " + total + " rows; all in " + csv.getFileName() + ".");
    return this;
  }

  /** One line of a CSV this tool wrote, split as every table reader splits it ({@link TableReader#split}). */
  static List<String> splitCsv(String line) { return TableReader.split(line, true, "table", 0); }

  /** A rendered figure, embedded as PNG. */
  public HtmlReport image(String caption, java.awt.image.BufferedImage img) { return png(caption, Figures.toPng(img)); }

  /** Writes the page atomically to {@code file}, piece by piece. */
  public void writeTo(java.nio.file.Path file) throws java.io.IOException {
    byte[][] parts = new byte[pieces.size() + 3][];
    parts[0] = head().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < pieces.size(); i++) parts[i + 1] = pieces.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    parts[parts.length - 2] = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    parts[parts.length - 1] = TAIL.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    org.causalem.io.AtomicFiles.write(file, parts);
  }

  private static final String TAIL = "</body>\n</html>\n";

  /** The complete page. */
  public String render() {
    StringBuilder sb = new StringBuilder(head());
    for (String p : pieces) sb.append(p);
    return sb.append(body).append(TAIL).toString();
  }

  /** The page up to and with its title heading. */
  private String head() {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(title) + "</title>\n"
        + "<style>\n"
        + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n"
        + "h1{border-bottom:2px solid #3a5a8c}h2{margin-top:2em;border-bottom:1px solid #ccc}\n"
        + "table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}\n"
        + "th{background:#f0f3f8}figure{display:inline-block;margin:.5em;vertical-align:top}figcaption{font-size:85%;color:#555;max-width:480px}\n"
        + "img.fig{max-width:100%;border:1px solid #ddd}figure.svgfig svg{max-width:100%;height:auto}.row{display:flex;flex-wrap:wrap;gap:.5em}\n"
        + "p.warn{background:#fff3e0;border-left:4px solid #e65100;padding:.5em}p.note{background:#e8f5e9;border-left:4px solid #2e7d32;padding:.5em}\n"
        + "pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:85%}\n"
        + "</style>\n"
        + "<script>\n"
        + "window.addEventListener('error',function(e){var b=document.body;if(b){b.dataset.errors=(b.dataset.errors||'')+e.message+';';}});\n"
        + "window.addEventListener('load',function(){var ok=0,all=0;"
        + "document.querySelectorAll('img.fig').forEach(function(i){all++;if(i.complete&&i.naturalWidth>0)ok++;});"
        + "document.querySelectorAll('figure.svgfig svg').forEach(function(s){all++;var r=s.getBoundingClientRect();if(r.width>0&&r.height>0)ok++;});"
        + "document.body.dataset.figures=all;document.body.dataset.figuresOk=ok;});\n"
        + "</script>\n"
        + "</head>\n<body>\n<h1>" + Html.escape(title) + "</h1>\n";
  }
}
