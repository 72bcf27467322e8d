package org.causalem.io;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;

/**
 * Reads a numeric table: comma-separated with a header row (fields may be double-quoted, {@code ""} is
 * an escaped quote), or whitespace-separated text. A first line whose every field is a number is taken
 * as data, and the columns are then called {@code X1..Xn}. A CSV header whose first name is empty (the
 * row index pandas' {@code DataFrame.to_csv()} writes) marks that column as an index: it is ignored.
 * Every field is read by the grammar of {@link Numbers}; rows with a missing value are dropped and
 * counted. A column holding text (a value that is not a number) is refused, unless the caller names the columns it
 * uses and that column is not one of them: it is then left out of the table (CausalEM's own {@code atoms.csv} has
 * the text columns {@code sublattice} and {@code fit_status}) and listed in {@link Result#textColumns()}, its cells
 * not counting as missing values. A column whose largest magnitude is above 1e150, or non-zero below 1e-150, is refused (its
 * squares would overflow or underflow). A column whose every value is an integer is flagged discrete. The file must be UTF-8 text
 * (with or without a byte-order mark, LF or CRLF line ends): see {@link TextFiles}.
 * <p>The file is streamed in 64 KiB chunks (its text is never held whole); rows of plain decimals are parsed in place as
 * bytes, every other line by the general path.
 */
public final class TableReader {
  private TableReader() {}

  /** Largest magnitude a column may reach: its squares and cross-products must not overflow. */
  public static final double MAX_MAGNITUDE = 1e150;
  /** A column whose largest magnitude is below this (and not zero) would underflow when squared. */
  public static final double MIN_MAGNITUDE = 1e-150;

  /**
   * The table read from a file.
   *
   * @param table the complete rows
   * @param discrete {@code discrete[j]} is true when column j holds only integers
   * @param droppedRows rows left out because they had a missing value
   */
  public record Result(DescriptorTable table, boolean[] discrete, int droppedRows, List<String> textColumns) {
    public Result {
      textColumns = List.copyOf(textColumns);
    }

    public Result(DescriptorTable table, boolean[] discrete, int droppedRows) { this(table, discrete, droppedRows, List.of()); }

    /** The discrete flag of the column called {@code name}. */
    public boolean isDiscrete(String name) {
      int j = table.indexOf(name);
      if (j < 0) throw new IllegalArgumentException("no column '" + name + "'; columns are " + table.names());
      return discrete[j];
    }
  }

  /** Reads {@code file}. @throws BadInputException on ragged rows, non-numeric text or an empty table */
  public static Result read(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads {@code file} keeping every row: missing values stay in the table as {@code NaN} (for callers
   * that drop only the rows missing a column they use). {@code droppedRows} is then 0, and a column's
   * discrete flag looks at its present values only.
   *
   * @throws BadInputException on ragged rows, non-numeric text or an empty file
   */
  public static Result readKeepingMissing(Path file) throws IOException {
    return read(file, false, null);
  }

  /**
   * Reads {@code file} as {@link #read(Path)} (or, with {@code keepMissing}, as {@link #readKeepingMissing}), leaving
   * out the columns holding text that are not in {@code used}.
   *
   * @param used the columns the caller uses; null: every column (any text refused)
   */
  public static Result read(Path file, java.util.Collection<String> used, boolean keepMissing) throws IOException {
    return read(file, !keepMissing, used);
  }

  private static Result read(Path file, boolean dropIncomplete) throws IOException {
    return read(file, dropIncomplete, null);
  }

  private static Result read(Path file, boolean dropIncomplete, java.util.Collection<String> used) throws IOException {
    String name = file.getFileName().toString();
    java.io.File source = file.toFile();
    if (source.length() > 1 << 16) Columns.warmUp();
    if (!Files.isRegularFile(file)) TextFiles.checkEncoding(file, "table");   // refuses it: no such file
    // java.io's stream, not Files.newInputStream: the channel classes behind the latter (about 30, outside the JDK's
    // class-data archive) cost a fresh JVM a few milliseconds of loading
    Lines lines = new Lines(new FileInputStream(source));
    try {
      lines.checkHead(file);
      String line;
      int lineNo = 0;
      List<String> header = null;
      boolean csv = false;
      boolean skipIndex = false;
      Columns rows = null;
      boolean[] text = null;
      boolean anyText = false;
      while (true) {
        // fast path: the rows of plain decimals ahead in the buffer are parsed in place, as bytes, in one loop; it stops
        // before any other line (blank, quoted, missing value, text, not ASCII), which is then decoded (strict UTF-8) and
        // takes the general path below
        if (rows != null && !anyText) {
          lines.pos = rows.block(lines.buf, lines.pos, lines.limit, lines.eof);
          lineNo += rows.parsed;
        }
        if (!lines.next()) break;
        lineNo++;
        if (rows != null && !anyText && lines.plain) {
          if (lines.blank()) continue;
          // a row cut by the buffer's end, now whole
          if (rows.block(lines.buf, lines.start, lines.end, true) == lines.end && rows.parsed == 1) continue;
        }
        line = lines.string(file, lineNo);
        if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        if (header == null) {
          csv = line.indexOf(',') >= 0;
          List<String> first = split(line, csv, name, lineNo);
          if (allNumeric(first)) {
            header = new ArrayList<>();
            for (int j = 0; j < first.size(); j++) header.add("X" + (j + 1));
          } else {
            header = first;
            // pandas' DataFrame.to_csv() writes its row index as a first column with an empty name
            skipIndex = csv && header.size() > 1 && header.get(0).isBlank();
            for (int j = 1; j < header.size(); j++) if (header.get(j).isBlank()) skipIndex = false;
            if (skipIndex) header.remove(0);
            checkHeader(header, name);
            text = new boolean[header.size()];
            rows = new Columns(header.size(), csv, skipIndex);
            continue;
          }
          text = new boolean[header.size()];
          rows = new Columns(header.size(), csv, skipIndex);
        }
        List<String> fields = split(line, csv, name, lineNo);
        if (skipIndex && !fields.isEmpty()) fields.remove(0);
        if (fields.size() != header.size()) {
          int shown = fields.size() + (skipIndex ? 1 : 0);
          throw new BadInputException(name + ": line " + lineNo + " has " + shown + " fields, the header has " + (header.size() + (skipIndex ? 1 : 0)));
        }
        double[] row = new double[fields.size()];
        for (int j = 0; j < row.length; j++) {
          String f = fields.get(j).trim();
          if (text[j]) {
            row[j] = Double.NaN;
            continue;
          }
          try {
            row[j] = Numbers.parse(f);
          } catch (Numbers.NotANumber e) {
            if (used != null && !used.contains(header.get(j))) {
              text[j] = true; // a text column the caller does not use: left out
              anyText = true;
              row[j] = Double.NaN;
              continue;
            }
            throw new BadInputException(name + ": line " + lineNo + ", column " + (j + 1 + (skipIndex ? 1 : 0)) + " ('" + header.get(j) + "'): '"
                + shorten(f) + "' " + e.getMessage());
          }
        }
        rows.add(row);
      }
      if (header == null) throw new BadInputException(name + ": the file is empty");
      return table(name, header, rows, text == null ? new boolean[header.size()] : text, dropIncomplete);
    } finally {
      lines.in.close();
    }
  }

  /** The table of the parsed rows: text columns left out, incomplete rows dropped when asked, columns checked. */
  private static Result table(String name, List<String> header, Columns rows, boolean[] text, boolean dropIncomplete) {
    List<String> textColumns = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    int[] keep = new int[header.size()];
    int p = 0;
    for (int j = 0; j < header.size(); j++) {
      if (text[j]) {
        textColumns.add(header.get(j));
      } else {
        keep[p++] = j;
        kept.add(header.get(j));
      }
    }
    int total = rows.rows();
    boolean anyMissing = false;
    for (int k = 0; k < p; k++) anyMissing |= rows.anyNaN[keep[k]];
    if (!anyMissing) return complete(rows, keep, p, textColumns, kept, name);
    double[][] all = new double[p][];
    for (int k = 0; k < p; k++) all[k] = rows.column(keep[k]);
    boolean[] complete = new boolean[total];
    int n = 0;
    for (int i = 0; i < total; i++) {
      boolean missing = false;
      if (dropIncomplete) for (int k = 0; k < p; k++) if (Double.isNaN(all[k][i])) missing = true;
      complete[i] = !missing;
      if (!missing) n++;
    }
    int dropped = total - n;
    header = kept;
    double[][] cols = new double[p][];
    for (int k = 0; k < p; k++) {
      double[] src = all[k];
      all[k] = null;
      if (n == total) {
        cols[k] = src;
      } else {
        double[] dst = new double[n];
        for (int i = 0, o = 0; i < total; i++) if (complete[i]) dst[o++] = src[i];
        cols[k] = dst;
      }
    }
    for (int j = 0; j < p; j++) {
      double max = 0;
      for (double v : cols[j]) if (Math.abs(v) > max) max = Math.abs(v);
      if (max > MAX_MAGNITUDE || (max > 0 && max < MIN_MAGNITUDE)) throw magnitude(name, j, header.get(j), max);
    }
    boolean[] discrete = new boolean[p];
    for (int j = 0; j < p; j++) {
      boolean integral = false;
      for (double v : cols[j]) {
        if (Double.isNaN(v)) continue;
        integral = true;
        if (v != Math.rint(v) || Math.abs(v) > 1e9) {
          integral = false;
          break;
        }
      }
      discrete[j] = integral;
    }
    return new Result(DescriptorTable.of(header, cols), discrete, dropped, textColumns);
  }

  /**
   * The lines of a stream as byte ranges of one buffer, read in chunks (the text is never held whole). Line ends are
   * those of {@link java.io.BufferedReader#readLine}: LF, CR or CR LF.
   */
  private static final class Lines {
    final InputStream in;
    /**
     * {@link #PAD} bytes more than it holds: {@code buf[limit]} is always 0, which ends any number, and three more bytes
     * follow it ({@link Columns#block} relies on both).
     */
    byte[] buf = new byte[(1 << 16) + PAD];
    int limit;
    /** Where the next line starts. */
    int pos;
    /** True when {@code buf[.., limit)} reaches the stream's end. */
    boolean eof;
    /** The current line: {@code buf[start, end)}. */
    int start;
    int end;
    /** True when the current line holds only printable ASCII and tabs. */
    boolean plain;

    Lines(InputStream in) { this.in = in; }

    /**
     * Reads the stream's first 4 KiB (or all of a shorter one) and refuses them as {@link TextFiles#checkEncoding} does
     * (UTF-16, UTF-32, a NUL byte), with its messages; TextFiles is only loaded when the bytes show one of these (each
     * class a fresh JVM loads from the application's jar costs it about half a millisecond). Call first.
     */
    void checkHead(Path file) throws IOException {
      while (limit < HEAD && !eof) {
        int got = in.read(buf, limit, buf.length - PAD - limit);
        if (got < 0) eof = true;
        else limit += got;
      }
      buf[limit] = 0;
      int n = Math.min(limit, HEAD);
      byte[] b = buf;
      int i = 0;
      while (i < n && b[i] != 0) i++;
      // every byte-order mark of UTF-16 and UTF-32 starts with 0xFF, 0xFE or 0
      if (i < n || n > 0 && (b[0] == (byte) 0xFF || b[0] == (byte) 0xFE)) TextFiles.checkHead(file, "table", b, n);
    }

    boolean next() throws IOException {
      int i = pos;
      boolean ascii = true;
      while (true) {
        byte[] b = buf;
        int lim = limit;
        while (i < lim) {
          byte c = b[i];
          if (c < 0x20 || c == 0x7f) {   // bytes >= 0x80 are negative
            if (c == '\n' || c == '\r') break;
            if (c != '\t') ascii = false;
          }
          i++;
        }
        if (i < lim && !(b[i] == '\r' && i + 1 == lim && !eof)) {
          start = pos;
          end = i;
          plain = ascii;
          pos = b[i] == '\r' && i + 1 < lim && b[i + 1] == '\n' ? i + 2 : i + 1;
          return true;
        }
        if (eof) {
          if (pos == lim) return false;
          start = pos;
          end = lim;
          plain = ascii;
          pos = lim;
          return true;
        }
        // refill: keep the partial line at the buffer's start (grow the buffer for a long line)
        int keep = lim - pos;
        if (keep == buf.length - PAD) buf = Arrays.copyOf(buf, (buf.length - PAD) * 2 + PAD);
        else if (pos > 0) System.arraycopy(buf, pos, buf, 0, keep);
        i -= pos;
        pos = 0;
        limit = keep;
        int got = in.read(buf, limit, buf.length - PAD - limit);
        if (got < 0) eof = true;
        else limit += got;
        buf[limit] = 0;
      }
    }

    /** True when the current (plain) line holds only spaces and tabs. */
    boolean blank() {
      for (int i = start; i < end; i++) if (buf[i] != ' ' && buf[i] != '\t') return false;
      return true;
    }

    /** The current line decoded as strict UTF-8. */
    String string(Path file, int lineNo) {
      if (plain) return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(buf, start, end - start)).toString();
      } catch (CharacterCodingException e) {
        throw new BadInputException(file + ": near line " + lineNo + ", the table is not UTF-8 text; CausalEM reads UTF-8, with or without a byte-order mark (re-save it as UTF-8)");
      }
    }
  }

  /**
   * {@link #table} when no kept column holds a missing value: every row is kept, and the magnitude check and the
   * discrete flags come from the statistics gathered while the rows were added (the same comparisons, in the same order).
   */
  private static Result complete(Columns rows, int[] keep, int p, List<String> textColumns, List<String> kept, String name) {
    double[][] cols = new double[p][];
    boolean[] discrete = new boolean[p];
    for (int k = 0; k < p; k++) {
      int j = keep[k];
      cols[k] = rows.column(j);
      double max = rows.maxAbs[j];
      if (max > MAX_MAGNITUDE || (max > 0 && max < MIN_MAGNITUDE)) throw magnitude(name, k, kept.get(k), max);
      discrete[k] = rows.anyPresent[j] && !rows.nonIntegral[j];
    }
    return new Result(DescriptorTable.of(kept, cols), discrete, 0, textColumns);
  }

  private static BadInputException magnitude(String name, int j, String column, double max) {
    return new BadInputException(name + ": column " + (j + 1) + " ('" + column + "') has values of magnitude up to " + max
        + "; columns must lie within 1e-150..1e150 in magnitude (their squares and products must stay finite and non-zero in double"
        + " precision): rescale it (change its unit)");
  }

  private static String shorten(String f) {
    return f.length() <= 40 ? f : f.substring(0, 37) + "...";
  }

  /** True when every field is a number of the {@link Numbers} grammar (read as the fast path reads it: same grammar, same values). */
  private static boolean allNumeric(List<String> fields) {
    for (String f : fields) {
      String t = f.trim();
      if (Double.isNaN(decimal(t, 0, t.length()))) return false;
    }
    return true;
  }

  private static void checkHeader(List<String> header, String name) {
    for (int j = 0; j < header.size(); j++) {
      String h = header.get(j).trim();
      if (h.isEmpty()) throw new BadInputException(name + ": header column " + (j + 1) + " has no name");
      header.set(j, h);
    }
    if (new java.util.HashSet<>(header).size() != header.size()) throw new BadInputException(name + ": duplicate column names in header " + header);
  }

  /**
   * The parsed values, per column in chunks of {@link #CHUNK} rows (no boxed rows, no text per value). Chunks, not one
   * growing array per column: a fresh JVM's heap pages cost a fault each when first written (about 1 ms per MB here),
   * and growing by doubling writes twice a table's size before the exact copy; chunks write the table once before it.
   */
  private static final class Columns {
    /** Most rows in a chunk (256 KiB per column: below the size G1 allocates as humongous, even in its smallest regions). */
    static final int CHUNK = 1 << 15;
    /** The chunk being filled: {@code cols[j][0, size)}. */
    double[][] cols;
    int size;
    /** The full chunks before it, in order, and their rows. */
    private final List<double[][]> full = new ArrayList<>();
    private int before;
    /** Rows parsed by the last {@link #block} call. */
    int parsed;
    private final boolean csv;
    private final boolean skipIndex;

    /**
     * Per column, over every row added (updated as each value is stored: no pass over the table afterwards): the largest
     * magnitude, whether a value was NaN, a value was present, a present value was not an integer of magnitude ≤ 1e9.
     */
    final double[] maxAbs;
    final boolean[] anyNaN;
    final boolean[] anyPresent;
    final boolean[] nonIntegral;

    Columns(int p, boolean csv, boolean skipIndex) { this(p, csv, skipIndex, 256); }

    Columns(int p, boolean csv, boolean skipIndex, int capacity) {
      cols = new double[p][capacity];
      this.csv = csv;
      this.skipIndex = skipIndex;
      maxAbs = new double[p];
      anyNaN = new boolean[p];
      anyPresent = new boolean[p];
      nonIntegral = new boolean[p];
    }

    void add(double[] r) {
      if (size == cols[0].length) grow();
      for (int j = 0; j < cols.length; j++) {
        double v = r[j];
        cols[j][size] = v;
        double a = Math.abs(v);
        if (a > maxAbs[j]) maxAbs[j] = a;
        if (v != v) {
          anyNaN[j] = true;
        } else {
          anyPresent[j] = true;
          if (a > 1e9 || (double) (long) v != v) nonIntegral[j] = true;
        }
      }
      size++;
    }

    /** Files the full chunk and starts the next. */
    private void grow() {
      full.add(cols);
      before += size;
      cols = new double[cols.length][Math.min(Math.max(before, 1024), CHUNK)];
      size = 0;
    }

    /** The number of rows added. */
    int rows() { return before + size; }

    /** Column {@code j}'s values, in one array of {@link #rows()}; its chunks are released (call once per column). */
    double[] column(int j) {
      double[] out = new double[rows()];
      int o = 0;
      for (double[][] c : full) {
        System.arraycopy(c[j], 0, out, o, c[j].length);   // full: every row of the chunk
        o += c[j].length;
        c[j] = null;
      }
      System.arraycopy(cols[j], 0, out, o, size);
      cols[j] = null;
      return out;
    }

    /**
     * Parses the rows of plain decimals at the start of {@code b[pos, lim)} and adds them; returns where the first line
     * not parsed starts, and sets {@link #parsed} to the number of rows added. A row is a line (ended by LF, CR or CR LF;
     * by {@code lim} only when {@code last}) of as many fields as the header (after the index field, when there is one),
     * each a number of the {@link Numbers} grammar between optional spaces and tabs, separated by commas (CSV) or by
     * runs of spaces and tabs. Any other line (blank, quoted, a missing value, text, a byte that is not printable ASCII, a
     * line cut by {@code lim}) stops the loop before it, leaving the table as it was. The values are those of
     * {@link Numbers#parse} on each trimmed field, bit for bit: a significand of at most 19 digits below 2^53, with a
     * decimal exponent within ±22, by one correctly rounded product or quotient of exact doubles (Clinger's fast path);
     * other significands of at most 19 digits by {@link #quotient} when it decides, else by {@link #nearest}; the rest by
     * {@link Double#parseDouble}. Plain decimals of at most 19 digits (leading zeros included) take the first two steps
     * in this loop; every other shape goes through {@link #value}.
     * <p>{@code b[lim]} must exist and be a byte that no number or blank continues with (a line end, or the 0 that
     * {@link Lines} keeps after its bytes): the loops over digits and blanks stop on it without testing {@code lim}; and
     * {@code b[lim + 3]} must exist (digits are tested four at a time).
     * <p>Three small methods, each compiled on its own as soon as it is hot: {@link #row} per row, {@link #number} per
     * value (the bytes' work: as few tests per byte as possible), and this loop over the rows. A fresh JVM reads most of
     * a large table in compiled code only if the methods are compiled early: see {@link #warmUp()}.
     */
    int block(byte[] b, int pos, int lim, boolean last) {
      double[][] cs = cols;
      int n = size;
      int count = 0;
      while (pos < lim) {
        if (n == cs[0].length) {
          size = n;
          grow();
          cs = cols;
          n = 0;
        }
        int end = row(b, pos, lim, cs, n);
        if (end < 0) break;
        int next = nextLine(b, end, lim, last);
        if (next < 0) break;
        pos = next;
        // the row is whole: its values count in the statistics (a line left to the general path may hold a number cut
        // by the buffer's end, or one that its quotes continue)
        count(cs, n);
        n++;
        count++;
      }
      size = n;
      parsed = count;
      if (count > 0) Arrays.fill(anyPresent, true);   // a row has every field, none missing
      return pos;
    }

    /**
     * Parses the row starting at {@code b[i]} into {@code cs[j][n]}; returns where it ends (its line end, or {@code lim}),
     * or -1 when it is not a row of plain numbers (see {@link #block}).
     */
    private int row(byte[] b, int i, int lim, double[][] cs, int n) {
      final int p = cs.length;
      final int sep = csv ? ',' : 256;   // 256: no byte separates fields here
      if (skipIndex && (i = skipIndexField(b, i, lim)) < 0) return -1;   // pandas' row label
      int field = 0;
      while (true) {
        int c;
        while ((c = b[i]) <= ' ' && (c == ' ' || c == '\t')) i++;
        if (field == p) return -1;
        int end = number(b, i, cs[field], n);
        if (end < 0 && (end = general(b, i, lim, cs[field], n)) < 0) return -1;
        i = end;
        field++;
        if (b[i] == sep) {
          i++;
          continue;
        }
        int to = i;
        while ((c = b[i]) <= ' ' && (c == ' ' || c == '\t')) i++;
        if (i == lim || (c = b[i]) == '\n' || c == '\r') break;
        if (c == sep) i++;
        else if (sep != 256 || i == to) return -1;   // whitespace-separated: a run of blanks between two fields
      }
      return field == p ? i : -1;
    }

    /**
     * Reads the number starting at {@code b[i]} (an optional sign, digits with at most one '.') into {@code col[n]} and
     * returns the index after it, when it has 1 to 19 digits (leading zeros included), no exponent, and its value is
     * Clinger's fast path's or {@link #quotient}'s; else returns -1 ({@link #general} then reads it).
     */
    private static int number(byte[] b, int i, double[] col, int n) {
      int c = b[i] & 0xff;
      int minus = (c ^ '-') - 1 >>> 31;   // 1 for '-', else 0: no test (C1's profiled code counts each)
      i += minus | (c ^ '+') - 1 >>> 31;
      int from = i;
      // every digit goes into m: before the point one by one (d is the byte's digit value, above 9 for any other byte),
      // after it four at a time while four follow (d + 6 < 16 exactly when d ≤ 9; b[lim + 1, lim + 3] exist), the last
      // from the bytes loaded
      long m = 0;
      int d0;
      for (; (d0 = (b[i] - '0') & 0xff) <= 9; i++) m = m * 10 + d0;
      int exp10 = 0;
      int seen = i - from;
      if (b[i] == '.') {
        int f = ++i;
        int d1;
        int d2;
        int d3;
        while (((d0 = (b[i] - '0') & 0xff) + 6 | (d1 = (b[i + 1] - '0') & 0xff) + 6 | (d2 = (b[i + 2] - '0') & 0xff) + 6
            | (d3 = (b[i + 3] - '0') & 0xff) + 6) < 16) {
          m = m * 10_000 + (d0 * 1000 + d1 * 100 + d2 * 10 + d3);
          i += 4;
        }
        if (d0 <= 9) {
          m = m * 10 + d0;
          if (d1 > 9) i++;
          else if (d2 > 9) {
            m = m * 10 + d1;
            i += 2;
          } else {
            m = m * 100 + d1 * 10 + d2;
            i += 3;
          }
        }
        exp10 = f - i;
        seen += i - f;
      }
      double v;
      // one test for every rare shape: no digit, more than 19 digits, an exponent; else exp10 is within [-19, 0]
      if ((seen - 1 | 19 - seen | ((b[i] | 0x20) ^ 'e') - 1) < 0) return -1;
      if ((m >>> 53) == 0) v = m / POW10[-exp10];   // Clinger's fast path: both exact, one rounding
      else if ((m >>> 62) != 0 || exp10 == 0 || (v = quotient(m, -exp10)) != v) return -1;
      col[n] = (1 - 2 * minus) * v;   // exact
      return i;
    }

    /**
     * Reads the number starting at {@code b[i]} into {@code col[n]} as {@link #number} does, in any shape of the
     * {@link Numbers} grammar (an exponent, any number of digits) by {@link #value}; returns the index after it, or -1
     * when there is no number there or its value is not finite.
     */
    private int general(byte[] b, int i, int lim, double[] col, int n) {
      int c = b[i];
      boolean minus = c == '-';
      if (c == '-' || c == '+') i++;
      int from = i;
      long m = 0;   // the digits as one integer, modulo 2^64 (as number() reads them)
      int seen = 0;
      int exp10 = 0;
      int d;
      for (; (d = (b[i] - '0') & 0xff) <= 9; i++, seen++) m = m * 10 + d;
      if (b[i] == '.') {
        for (i++; (d = (b[i] - '0') & 0xff) <= 9; i++, seen++, exp10--) m = m * 10 + d;
      }
      if (seen == 0) return -1;
      if ((b[i] | 0x20) == 'e') {
        if ((i = exponent(b, i + 1, lim)) < 0) return -1;
        exp10 += exponent;
      }
      double v = value(m, exp10, b, from, i);
      if (v != v) return -1;
      col[n] = minus ? -v : v;
      return i;
    }

    /** True until {@link #warmUp()} has run in this JVM. */
    private static boolean cold = true;

    /**
     * Compiles the parsing methods early in a fresh JVM: HotSpot compiles a method (C1, with profiling) once it has been
     * called about 200 times, or a loop (on-stack replacement) after about 60 000 iterations; the first rows of a table
     * would otherwise be read by the interpreter, about ten times slower (about 25 µs per row of 20 values), while the
     * compiler waited for the counts. Called before the file is opened: its 256 calls on a one-value row (about 0.3 ms,
     * interpreted) get the compiles queued, and the compiler thread compiles them while this one checks the file, reads
     * its header and loads the classes it needs. Once per JVM, and only for a table of more than 64 KiB.
     */
    static void warmUp() {
      if (!cold) return;
      cold = false;
      byte[] b = {'0', '\n', 0, 0, 0, 0};
      Columns one = new Columns(1, true, false, 1);
      for (int k = 0; k < 256; k++) {
        one.size = 0;   // the row stored at index 0 every time
        one.block(b, 0, 2, true);
      }
    }

    /** The decimal exponent last read by {@link #exponent(byte[], int, int)}. */
    private int exponent;

    /**
     * Reads an exponent's optional sign and digits from {@code i} (just after the 'e') into {@link #exponent} (its
     * magnitude capped near 10^6: beyond, every value is 0 or out of range anyway); returns the index after it, -1 when
     * there is no digit.
     */
    private int exponent(byte[] b, int i, int lim) {
      int c;
      int d;
      boolean negative = false;
      if ((c = b[i]) == '+' || c == '-') {
        negative = c == '-';
        i++;
      }
      int e = 0;
      int from = i;
      while ((d = (b[i] - '0') & 0xff) <= 9) {
        if (e < 100_000) e = e * 10 + d;
        i++;
      }
      if (i == from) return -1;
      exponent = negative ? -e : e;
      return i;
    }

    /** Past the index field (pandas' row label, whatever its plain text) and its comma; -1 when the line is not plain. */
    private static int skipIndexField(byte[] b, int i, int lim) {
      int c;
      while (i < lim && (c = b[i]) != ',') {
        if (c < ' ' && c != '\t' || c == '"' || c == 0x7f) return -1;   // bytes >= 0x80 are negative
        i++;
      }
      return i == lim ? -1 : i + 1;
    }

    /**
     * Where the line ending at {@code i} (LF, CR, CR LF, or {@code lim} when {@code last}) is followed by the next;
     * -1 when the end is not yet known (the buffer ends before the line's end, or with a CR whose LF may follow).
     */
    private static int nextLine(byte[] b, int i, int lim, boolean last) {
      if (i == lim) return last ? lim : -1;
      if (b[i] == '\n') return i + 1;
      if (i + 1 < lim) return b[i + 1] == '\n' ? i + 2 : i + 1;
      return last ? i + 1 : -1;
    }

    /** Adds row {@code n} of {@code cs} to the columns' largest magnitude and integral flag. */
    private void count(double[][] cs, int n) {
      double[] mx = maxAbs;
      boolean[] non = nonIntegral;
      for (int j = 0; j < cs.length; j++) {
        double v = cs[j][n];
        double a = Math.abs(v);
        if (a > mx[j]) mx[j] = a;
        if (!non[j] && (a > 1e9 || (double) (long) v != v)) non[j] = true;
      }
    }
  }

  /** The bytes {@link TextFiles#checkEncoding} looks at. */
  private static final int HEAD = TextFiles.HEAD;

  /** Bytes after the last of a buffer handed to {@link Columns#block}: the 0 that ends any number, and three more. */
  private static final int PAD = 4;

  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
  }

  /**
   * The value of the unsigned decimal {@code s[from, to)} (digits with at most one '.', then an optional exponent) when
   * it is finite, else NaN: {@code m} is its digits read as one integer (modulo 2^64), {@code exp10} its decimal exponent
   * (of the last digit). The shapes {@link Columns#block} leaves aside: more than 19 digits, an exponent, an integer
   * from 2^53, a quotient {@link #quotient} does not decide.
   */
  private static double value(long m, int exp10, byte[] s, int from, int to) {
    int significant = 0;   // digits from the first non-zero one: m is exact when at most 19
    for (int k = from; k < to && (s[k] == '.' || (s[k] - '0' & 0xff) <= 9); k++) if (s[k] != '.' && (significant > 0 || s[k] != '0')) significant++;
    boolean exact = significant <= 19;
    if (exact && (m >>> 53) == 0 && exp10 >= -22 && exp10 <= 22) return exp10 < 0 ? m / POW10[-exp10] : m * POW10[exp10];
    if (exact && exp10 < 0 && exp10 >= -22 && (m >>> 62) == 0) {
      double v = quotient(m, -exp10);
      if (v == v) return v;
    }
    return convert(m, exp10, exact, s, from, to);
  }

  /**
   * The value of the unsigned decimal {@code s[from, to)} when it is finite, else NaN. When {@code exact} (at most 19
   * digits) it is the unsigned significand {@code m} times 10^{@code exp10}: zero, or by {@link #nearest} when |exp10| ≤ 22;
   * anything else by {@link Double#parseDouble}.
   */
  private static double convert(long m, int exp10, boolean exact, byte[] s, int from, int to) {
    if (exact && m == 0) return 0.0;
    if (exact && exp10 >= -22 && exp10 <= 22) {
      double v = nearest(m, exp10);
      if (v == v) return v;
    }
    double v = Double.parseDouble(new String(s, from, to - from, StandardCharsets.ISO_8859_1));
    return Double.isFinite(v) ? v : Double.NaN;
  }

  /**
   * The value the fast path gives the ASCII text {@code s[from, to)} as the single field of a CSV row, or NaN when the
   * fast path leaves it to the general one (for tests: the same code as every row's).
   */
  static double decimal(String s, int from, int to) {
    byte[] b = new byte[to - from + PAD];   // b[to - from] = 0 and three more bytes: the end mark and the room block needs
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) return Double.NaN;
      b[i - from] = (byte) c;
    }
    Columns one = new Columns(1, true, false, 1);
    if (one.block(b, 0, to - from, true) != to - from || one.parsed != 1) return Double.NaN;
    return one.cols[0][0];
  }

  /**
   * The double nearest to {@code w / 10^k} for 0 < w < 2^62 and 1 ≤ k ≤ 22 when one fused multiply-add shows it, else NaN
   * (then {@link #nearest} decides, exactly). A double c is the nearest when R = c · 10^k − w lies strictly within ±
   * half of c's ulp times 10^k (H), and c is not a power of two (below which the ulp halves). The candidate is the
   * quotient of the rounded w and the exact 10^k; its R is obtained with two roundings: {@code fma(c, 10^k, -(double) w)}
   * rounds c · 10^k − (double) w once, and subtracting the integer {@code w - (long) (double) w} (|.| ≤ 256) rounds once
   * more. When R is beyond ±H the candidate's neighbour is taken (its R is R ∓ 2H, one more rounding). Every error is
   * below 2^-48 H, so a margin of 10^-6 H leaves no doubt; ties and near ties (R within that margin of ±H, about one
   * value in a million) are left to {@link #nearest}. ({@link Math#fma} is one instruction on x86-64 with FMA3 and on
   * ARMv8; elsewhere the JDK computes it exactly in software: the same values, slower.)
   */
  static double quotient(long w, int k) {
    double p = POW10[k];
    double wd = w;
    long bits = Double.doubleToRawLongBits(wd / p);
    double half = Double.longBitsToDouble(((bits >>> 52) - 53) << 52) * p;   // ulp / 2 · 10^k, exact
    double r = Math.fma(Double.longBitsToDouble(bits), p, -wd) - (w - (long) wd);
    double bound = half * 0.999999;
    if (r > bound && (bits & 0xFFFFFFFFFFFFFL) != 0) {   // the neighbour below (same ulp)
      bits--;
      r -= 2 * half;
    } else if (r < -bound) {                                 // the neighbour above (a power of two is refused below)
      bits++;
      r += 2 * half;
    }
    return Math.abs(r) < bound && (bits & 0xFFFFFFFFFFFFFL) != 0 ? Double.longBitsToDouble(bits) : Double.NaN;
  }

  private static final long[] POW5 = new long[23];

  static {
    POW5[0] = 1;
    for (int i = 1; i < POW5.length; i++) POW5[i] = POW5[i - 1] * 5;
  }

  /**
   * The double nearest to {@code w · 10^q} (ties to even) for an unsigned non-zero {@code w} and |q| ≤ 22, or NaN when
   * the candidate did not settle (never seen; the caller then parses the text).
   */
  static double nearest(long w, int q) {
    double c = w >= 0 ? (double) w : 2.0 * (double) ((w >>> 1) | (w & 1));
    c = q < 0 ? c / POW10[-q] : c * POW10[q];
    for (int step = 0; step < 4; step++) {
      long bits = Double.doubleToRawLongBits(c);
      long mant = (bits & 0xFFFFFFFFFFFFFL) | 0x10000000000000L;   // c = mant · 2^e (normal, positive here)
      int e = (int) (bits >>> 52) - 1075;
      int up = compare(w, q, 2 * mant + 1, e - 1);
      if (up > 0) {
        c = Math.nextUp(c);
        continue;
      }
      // below c the spacing halves when mant is the smallest of its binade
      int down = mant == 0x10000000000000L ? compare(w, q, 4 * mant - 1, e - 2) : compare(w, q, 2 * mant - 1, e - 1);
      if (down < 0) {
        c = Math.nextDown(c);
        continue;
      }
      if (up == 0 && (mant & 1) != 0) return Math.nextUp(c);
      if (down == 0 && (mant & 1) != 0) return Math.nextDown(c);
      return c;
    }
    return Double.NaN;
  }

  /** The sign of {@code w · 10^q − k · 2^f} (w unsigned, |q| ≤ 22, 0 < k < 2^55), in exact 128-bit integers. */
  private static int compare(long w, int q, long k, int f) {
    long ah;
    long al;
    long bh;
    long bl;
    int t;
    if (q >= 0) {   // w·5^q·2^q vs k·2^f  <=>  w·5^q vs k·2^(f−q)
      long p = POW5[q];
      al = w * p;
      ah = Math.multiplyHigh(w, p) + ((w >> 63) & p);
      bh = 0;
      bl = k;
      t = f - q;
    } else {        // w·5^−p·2^−p vs k·2^f  <=>  w vs k·5^p·2^(f+p)
      long p = POW5[-q];
      ah = 0;
      al = w;
      bl = k * p;
      bh = Math.multiplyHigh(k, p);
      t = f - q;
    }
    // compare a with b·2^t: by bit length first, then shift the shorter-exponent side (the result fits in 128 bits)
    int la = ah != 0 ? 128 - Long.numberOfLeadingZeros(ah) : 64 - Long.numberOfLeadingZeros(al);
    int lb = (bh != 0 ? 128 - Long.numberOfLeadingZeros(bh) : 64 - Long.numberOfLeadingZeros(bl)) + t;
    if (la != lb) return la > lb ? 1 : -1;
    if (t > 0) {
      bh = shiftHigh(bh, bl, t);
      bl = t >= 64 ? 0 : bl << t;
    } else if (t < 0) {
      ah = shiftHigh(ah, al, -t);
      al = -t >= 64 ? 0 : al << -t;
    }
    int hi = Long.compareUnsigned(ah, bh);
    if (hi != 0) return hi;
    return Long.compareUnsigned(al, bl);
  }

  /** The high word of the 128-bit {@code (h, l) << s}, 0 < s < 128. */
  private static long shiftHigh(long h, long l, int s) {
    if (s >= 64) return l << (s - 64);
    return (h << s) | (l >>> (64 - s));
  }

  /** Splits one line: CSV with quotes, or runs of whitespace; {@code name} and {@code lineNo} name it in errors. */
  public static List<String> split(String line, boolean csv, String name, int lineNo) {
    List<String> out = new ArrayList<>();
    if (!csv) {
      out.addAll(Arrays.asList(line.trim().split("\\s+")));
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) throw new BadInputException(name + ": line " + lineNo + " has an unterminated quoted field");
    out.add(cur.toString());
    return out;
  }
}
