package org.causalem.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code DIR/report.html} of a batch: one self-contained page listing the files, their status, timings and outputs. */
final class BatchReport {
  private BatchReport() {}

  static String html(Map<String, Object> summary) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CausalEM batch: ")
        .append(esc(String.valueOf(summary.get("workflow")))).append("</title>\n<style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}th{background:#eee}")
        .append(".failed{color:#b00020}.ok{color:#1b5e20}td.n{text-align:right}pre{white-space:pre-wrap;margin:0;max-width:60em}")
        .append("</style></head><body>\n");
    h.append("<h1>Batch: ").append(esc(String.valueOf(summary.get("workflow")))).append("</h1>\n<p>");
    h.append("Options: <code>").append(esc(String.join(" ", strings(summary.get("options"))))).append("</code>. ");
    h.append("Started ").append(esc(String.valueOf(summary.get("started")))).append(", wall time ")
        .append(String.format(Locale.ROOT, "%.1f s", ((Number) summary.get("wall_s")).doubleValue())).append(". ");
    if (summary.get("counts") instanceof Map<?, ?> counts) {
      StringBuilder c = new StringBuilder();
      for (Map.Entry<?, ?> e : counts.entrySet()) c.append(c.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
      h.append("Files: ").append(esc(c.toString())).append(".");
    }
    h.append("</p>\n");
    List<String> tables = strings(summary.get("tables"));
    if (!tables.isEmpty()) {
      h.append("<p>Combined tables (the input file as the first column): ");
      for (int i = 0; i < tables.size(); i++) {
        h.append(i == 0 ? "" : ", ").append("<a href=\"").append(escAttr(tables.get(i))).append("\">").append(esc(tables.get(i))).append("</a>");
      }
      h.append(".</p>\n");
    }
    h.append("<table><tr><th>#</th><th>file</th><th>status</th><th>exit</th><th>seconds</th><th>outputs / message</th></tr>\n");
    int i = 0;
    if (summary.get("files") instanceof List<?> files) {
      for (Object o : files) {
        Map<?, ?> f = (Map<?, ?>) o;
        String status = String.valueOf(f.get("status"));
        boolean failed = status.startsWith(Batch.FAILED);
        Object secs = f.get("seconds");
        h.append("<tr><td class=\"n\">").append(++i).append("</td><td>").append(esc(String.valueOf(f.get("file"))))
            .append("</td><td class=\"").append(failed ? "failed" : "ok").append("\">").append(esc(status))
            .append("</td><td class=\"n\">").append(f.get("exit_code")).append("</td><td class=\"n\">")
            .append(secs instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "")
            .append("</td><td>");
        if (failed) {
          h.append("<pre>").append(esc(String.valueOf(f.get("message")))).append("</pre>");
        } else {
          String sub = String.valueOf(f.get("subdir"));
          h.append("<a href=\"").append(escAttr(sub)).append("/\">").append(esc(sub)).append("/</a>:");
          for (String out : strings(f.get("outputs"))) {
            h.append(' ').append("<a href=\"").append(escAttr(sub + "/" + out)).append("\">").append(esc(out)).append("</a>");
          }
        }
        h.append("</td></tr>\n");
      }
    }
    h.append("</table>\n<p>Exit status of the batch: ").append(summary.get("exit_code"))
        .append(" (0: every file has its results; 4: some files failed, listed above).</p>\n</body></html>\n");
    return h.toString();
  }

  private static List<String> strings(Object o) {
    if (!(o instanceof List<?> l)) return List.of();
    return l.stream().map(String::valueOf).toList();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String escAttr(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (Character.isLetterOrDigit(c) && c < 128 || "-_./".indexOf(c) >= 0) b.append((char) c);
      else b.append('%').append(String.format(Locale.ROOT, "%02X", c));
    }
    return b.toString();
  }
}
