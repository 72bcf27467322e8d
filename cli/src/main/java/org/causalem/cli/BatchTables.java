package org.causalem.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.causalem.io.AtomicFiles;

/**
 * The combined tables of a batch: every CSV at the top of the files' output directories, concatenated over the files
 * into {@code DIR/NAME.csv} with the input file as the first column ({@code file}; {@code input_file} when the tables
 * have a {@code file} column of their own). Columns are the union of the files' headers in order of first appearance,
 * a file lacking one leaving it empty. Fields are read and written as RFC 4180 CSV (quotes kept where needed), rows
 * streamed, never held in memory.
 */
public final class BatchTables {
  private BatchTables() {}

  /**
   * Writes the combined tables of the files with results, and deletes combined tables of an earlier run ({@code
   * previous}, names DIR's summary listed) that no file has now.
   *
   * @return the tables written, sorted by name
   */
  static List<Path> combine(Path dir, List<Batch.Outcome> all, List<String> previous) throws IOException {
    Map<String, List<Batch.Outcome>> byTable = new LinkedHashMap<>();
    TreeSet<String> names = new TreeSet<>();
    for (Batch.Outcome o : all) {
      if (o.failed()) continue;
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(o.name()), "*.csv")) {
        for (Path p : s) if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) names.add(p.getFileName().toString());
      }
    }
    for (String n : names) {
      List<Batch.Outcome> with = new ArrayList<>();
      for (Batch.Outcome o : all) if (!o.failed() && Files.isRegularFile(dir.resolve(o.name()).resolve(n), LinkOption.NOFOLLOW_LINKS)) with.add(o);
      byTable.put(n, with);
    }
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<Batch.Outcome>> e : byTable.entrySet()) {
      Path target = dir.resolve(e.getKey());
      write(target, e.getKey(), dir, e.getValue());
      written.add(target);
    }
    for (String p : previous) {
      if (!names.contains(p) && p.endsWith(".csv") && !p.contains("/")) Files.deleteIfExists(dir.resolve(p));
    }
    return written;
  }

  private static void write(Path target, String table, Path dir, List<Batch.Outcome> files) throws IOException {
    LinkedHashSet<String> columns = new LinkedHashSet<>();
    for (Batch.Outcome o : files) {
      try (Reader r = Files.newBufferedReader(dir.resolve(o.name()).resolve(table), StandardCharsets.UTF_8)) {
        List<String> header = next(r);
        if (header != null) columns.addAll(header);
      }
    }
    String key = columns.contains("file") ? "input_file" : "file";
    List<String> cols = new ArrayList<>(columns);
    AtomicFiles.write(target, out -> {
      Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      List<String> head = new ArrayList<>();
      head.add(key);
      head.addAll(cols);
      line(w, head);
      for (Batch.Outcome o : files) {
        try (Reader r = new BufferedReader(Files.newBufferedReader(dir.resolve(o.name()).resolve(table), StandardCharsets.UTF_8), 1 << 16)) {
          List<String> header = next(r);
          if (header == null) continue;
          int[] at = new int[cols.size()];
          for (int c = 0; c < cols.size(); c++) at[c] = header.indexOf(cols.get(c));
          List<String> row;
          List<String> outRow = new ArrayList<>(cols.size() + 1);
          while ((row = next(r)) != null) {
            if (row.size() == 1 && row.get(0).isEmpty()) continue; // a blank line
            outRow.clear();
            outRow.add(o.file());
            for (int c = 0; c < at.length; c++) outRow.add(at[c] >= 0 && at[c] < row.size() ? row.get(at[c]) : "");
            line(w, outRow);
          }
        }
      }
      w.flush();
    });
  }

  /** The next record of RFC 4180 CSV (quoted fields may hold commas, quotes as "" and line breaks), or null at the end. */
  public static List<String> next(Reader r) throws IOException {
    int c = r.read();
    if (c < 0) return null;
    if (c == 0xFEFF) c = r.read(); // a byte-order mark
    List<String> fields = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (c < 0) {
        fields.add(f.toString());
        return fields;
      }
      if (quoted) {
        if (c == '"') {
          r.mark(1);
          int d = r.read();
          if (d == '"') {
            f.append('"');
          } else {
            quoted = false;
            c = d;
            continue;
          }
        } else {
          f.append((char) c);
        }
      } else if (c == '"' && f.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(f.toString());
        f.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          r.mark(1);
          int d = r.read();
          if (d != '\n' && d >= 0) r.reset();
        }
        fields.add(f.toString());
        return fields;
      } else {
        f.append((char) c);
      }
      c = r.read();
    }
  }

  private static void line(Writer w, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) w.write(',');
      String s = fields.get(i);
      if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
        w.write('"');
        w.write(s.replace("\"", "\"\""));
        w.write('"');
      } else {
        w.write(s);
      }
    }
    w.write('\n');
  }
}
