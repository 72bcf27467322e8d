package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
  @TempDir Path dir;

  @Test
  void readsQuotedCsvDropsMissingRowsAndFlagsIntegerColumns() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "\"a,1\",b,\"c \"\"q\"\"\"\n1,2.5,3\n2,NA,4\n3,,5\n4,1e1,NaN\n5,-0.5,6\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("a,1", "b", "c \"q\"");
    assertThat(r.droppedRows()).isEqualTo(3);
    assertThat(r.table().rows()).isEqualTo(2);
    assertThat(r.table().column("a,1")).containsExactly(1, 5);
    assertThat(r.table().column("b")).containsExactly(2.5, -0.5);
    assertThat(r.discrete()).containsExactly(true, false, true);
  }

  @Test
  void keepingMissingLeavesEveryRowWithNaNWhereAValueIsMissing() throws Exception {
    Path f = dir.resolve("k.csv");
    Files.writeString(f, "a,b,c\n1,2.5,3\n2,NA,4\n3,,5\n4,1e1,NaN\n5,-0.5,?\n");
    TableReader.Result r = TableReader.readKeepingMissing(f);
    assertThat(r.droppedRows()).isZero();
    assertThat(r.table().rows()).isEqualTo(5);
    assertThat(r.table().column("a")).containsExactly(1, 2, 3, 4, 5);
    assertThat(r.table().column("b")).containsExactly(2.5, Double.NaN, Double.NaN, 10, -0.5);
    assertThat(r.table().column("c")).containsExactly(3, 4, 5, Double.NaN, Double.NaN);
    assertThat(r.table().completeRows()).containsExactly(0);
    assertThat(r.discrete()).containsExactly(true, false, true);
  }

  @Test
  void readsWhitespaceTextWithHeader() throws Exception {
    Path f = dir.resolve("w.txt");
    Files.writeString(f, "X1 X2\n1   2\n\t3 4\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("X1", "X2");
    assertThat(r.table().column("X2")).containsExactly(2, 4);
  }

  @Test
  void headerlessNumericFileGetsGeneratedNames() throws Exception {
    TableReader.Result r = TableReader.read(SharedData.causal("tuebingen_pair0001.txt"));
    assertThat(r.table().names()).containsExactly("X1", "X2");
    assertThat(r.table().column("X1")[0]).isEqualTo(205);
    assertThat(r.table().column("X2")[0]).isEqualTo(9.7);
    assertThat(r.discrete()).containsExactly(false, false); // altitudes include 443.6
  }

  @Test
  void sharedBnlearnFileIsDiscrete() throws Exception {
    TableReader.Result r = TableReader.read(SharedData.causal("bnlearn10000/asia.data.txt"));
    assertThat(r.table().rows()).isEqualTo(10000);
    assertThat(r.table().width()).isEqualTo(8);
    assertThat(r.discrete()).containsOnly(true);
    assertThat(r.droppedRows()).isZero();
  }

  @Test
  void nonNumericTextNamesFileLineColumnAndValue() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "a,b\n1,2\n3,oops\n");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3").hasMessageContaining("'b'").hasMessageContaining("oops");
  }

  @Test
  void raggedRowIsRejected() throws Exception {
    Path f = dir.resolve("rag.csv");
    Files.writeString(f, "a,b\n1,2,3\n");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class).hasMessageContaining("line 2");
  }

  @Test
  void csvWriterRoundTrips() throws Exception {
    DescriptorTable t = DescriptorTable.of(List.of("x", "y,z"), new double[][] {{1, 2.25}, {Double.NaN, -3}});
    Path f = dir.resolve("out.csv");
    CsvWriter.write(f, t);
    assertThat(Files.readString(f)).isEqualTo("x,\"y,z\"\n1,\n2.25,-3\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.droppedRows()).isEqualTo(1);
    assertThat(r.table().column("y,z")).containsExactly(-3);
  }

  @Test
  void textColumnsNotUsedAreLeftOutWithoutCountingAsMissing() throws Exception {
    // pandas index, a text column with an empty cell, a numeric column with a missing value
    Path f = Files.write(dir.resolve("t.csv"), List.of(",a,label,b", "0,1.5,A,2", "1,2.5,,3", "2,3.5,B,", "3,4.5,\"x, y\",5"));
    TableReader.Result r = TableReader.read(f, List.of("a", "b"), false);
    assertThat(r.table().names()).containsExactly("a", "b");
    assertThat(r.textColumns()).containsExactly("label");
    assertThat(r.droppedRows()).isEqualTo(1); // only the row missing b
    assertThat(r.table().column("a")).containsExactly(1.5, 2.5, 4.5);
    TableReader.Result kept = TableReader.read(f, List.of("a"), true);
    assertThat(kept.table().rows()).isEqualTo(4);
    assertThat(kept.table().column("b")[2]).isNaN();
    // used, or every column: refused naming line, column and value
    assertThatThrownBy(() -> TableReader.read(f, List.of("a", "label"), false)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("t.csv").hasMessageContaining("line 2").hasMessageContaining("'label'").hasMessageContaining("'A'");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class).hasMessageContaining("'label'");
    assertThatThrownBy(() -> TableReader.read(f, null, true)).isInstanceOf(BadInputException.class).hasMessageContaining("'label'");
  }

  /** The in-place decimal parser of the fast path gives Numbers.parse's value bit for bit, and NaN (general path) otherwise. */
  @Test
  void fastDecimalsAgreeWithNumbersParseBitForBit() throws Exception {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    String[] fixed = {"0", "-0", "+0", "00.50", ".5", "2.", "-.25e-3", "1e22", "1e23", "9007199254740993", "123456789012345678901234",
        "0.000000000000000000000001234", "1.7976931348623157e308", "4.9e-324", "1e-400", "0e999", "-0e999", "+6E23", "3.14159265358979323846"};
    for (String f : fixed) {
      assertThat(Double.doubleToRawLongBits(TableReader.decimal(f, 0, f.length()))).as(f).isEqualTo(Double.doubleToRawLongBits(Numbers.parse(f)));
    }
    String mismatch = null;   // one assertion for the loop: AssertJ per value cost most of the test's time
    for (int k = 0; k < 10_000; k++) {
      double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-30, 30));
      String f = switch (k % 5) {
        case 0 -> Double.toString(v);
        case 1 -> String.format(java.util.Locale.ROOT, "%." + rng.nextInt(0, 18) + "f", v);
        case 2 -> String.format(java.util.Locale.ROOT, "%." + rng.nextInt(0, 18) + "e", v);
        case 3 -> Long.toString(rng.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
        default -> String.format(java.util.Locale.ROOT, "%.17g", v);
      };
      if (Double.doubleToRawLongBits(TableReader.decimal(f, 0, f.length())) != Double.doubleToRawLongBits(Numbers.parse(f)) && mismatch == null) mismatch = f;
    }
    assertThat(mismatch).as("first text whose fast value differs from Numbers.parse").isNull();
    for (String bad : new String[] {"", "+", ".", "e5", "1e", "1e+", "1.2.3", "NaN", "inf", "1,5", "0x10", "3f", "1_000", "1e400", "1 2", "1;2"}) {
      assertThat(TableReader.decimal(bad, 0, bad.length())).as(bad).isNaN();
    }
  }

  @Test
  void fastAndGeneralRowsMixInOneTable() throws Exception {
    Path f = dir.resolve("mixed.csv");
    Files.writeString(f, ",a,b\n0,1.5, 2 \n1,\"3\",4\n2,NA,5\n3,1e-3,-7\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("a", "b");
    assertThat(r.droppedRows()).isEqualTo(1);
    assertThat(r.table().column("a")).containsExactly(1.5, 3, 1e-3);
    assertThat(r.table().column("b")).containsExactly(2, 4, -7);
    Path w = dir.resolve("ws.txt");
    Files.writeString(w, "  1 2\t3\n4   5 6  \n");
    assertThat(TableReader.read(w).table().column("X2")).containsExactly(2, 5);
  }

  /** 16–19 significant digits with exponents (the exact 128-bit path) and exact ties agree with Numbers.parse bit for bit. */
  @Test
  void longDecimalsAndTiesAgreeWithNumbersParseBitForBit() throws Exception {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(17);
    String mismatch = null;
    for (int k = 0; k < 10_000; k++) {
      String f;
      if (k % 3 == 0) {
        int d = rng.nextInt(16, 20);
        StringBuilder sb = new StringBuilder().append((char) ('1' + rng.nextInt(9)));
        for (int i = 1; i < d; i++) sb.append((char) ('0' + rng.nextInt(10)));
        sb.insert(rng.nextInt(0, d + 1), '.');
        if (rng.nextBoolean()) sb.append(rng.nextBoolean() ? 'e' : 'E').append(rng.nextInt(-25, 25));
        f = (rng.nextBoolean() ? "-" : "") + sb;
      } else if (k % 3 == 1) {
        // midway between two neighbouring doubles, exactly (ties to even) or rounded to 16-19 digits (near ties)
        double v = (rng.nextDouble() + 0.5) * Math.pow(10, rng.nextInt(-20, 22));
        java.math.BigDecimal mid = new java.math.BigDecimal(v).add(new java.math.BigDecimal(Math.nextUp(v))).divide(java.math.BigDecimal.valueOf(2));
        f = rng.nextInt(3) == 0 ? mid.toPlainString() : mid.round(new java.math.MathContext(rng.nextInt(16, 20))).toString();
      } else {
        // integers between 2^53 and 2^64: odd ones above 2^53 are ties
        f = Long.toUnsignedString((1L << 53) + (rng.nextBoolean() ? rng.nextLong(1L << 20) : rng.nextLong() >>> 1)) + (rng.nextBoolean() ? "" : "e" + rng.nextInt(-22, 4));
      }
      double want = Numbers.parse(f);
      if (Double.doubleToRawLongBits(TableReader.decimal(f, 0, f.length())) != Double.doubleToRawLongBits(want) && mismatch == null) mismatch = f;
    }
    assertThat(mismatch).as("first text whose fast value differs from Numbers.parse").isNull();
  }

  /**
   * The fused multiply-add shortcut for w / 10^k is Double.parseDouble's value whenever it decides (random significands up
   * to 2^62, 17-digit ones as tables hold, and exact ties (2M + 1) · 2^-j and their neighbours), and leaves exact ties undecided.
   */
  @Test
  void quotientShortcutIsCorrectlyRoundedOrUndecided() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(23);
    String mismatch = null;
    int decided = 0;
    int tiesDecided = 0;
    for (int t = 0; t < 60_000; t++) {
      int k = rng.nextInt(1, 23);
      long w;
      boolean tie = false;
      if (t % 3 == 0) {
        w = rng.nextLong(1, 1L << 62) >>> rng.nextInt(0, 40);
      } else if (t % 3 == 1) {
        w = rng.nextLong(1_000_000_000_000_000L, 100_000_000_000_000_000L) / 10;   // 17 digits
      } else {
        // (2M + 1) · 2^-j is midway between two doubles; times 10^k (j ≤ k) it is the integer w
        k = rng.nextInt(1, 4);
        int j = rng.nextInt(0, k + 1);
        long odd = 2 * ((1L << 52) + rng.nextLong(1L << 52)) + 1;
        java.math.BigInteger x = java.math.BigInteger.valueOf(odd).multiply(java.math.BigInteger.TEN.pow(k)).shiftRight(j);
        if (x.bitLength() > 61) continue;
        w = x.longValueExact();
        int nudge = rng.nextInt(-1, 2);
        tie = nudge == 0;
        w += nudge;
      }
      double q = TableReader.quotient(w, k);
      if (q != q) continue;
      decided++;
      if (tie) tiesDecided++;
      if (Double.doubleToRawLongBits(q) != Double.doubleToRawLongBits(Double.parseDouble(w + "e-" + k)) && mismatch == null) mismatch = w + "e-" + k;
    }
    assertThat(mismatch).as("first w / 10^k the shortcut rounds differently from Double.parseDouble").isNull();
    assertThat(tiesDecided).as("exact ties decided by the shortcut").isZero();
    assertThat(decided).isGreaterThan(45_000);
  }

  /** Rows across the read buffer's boundaries, CR and CR LF line ends, a line longer than the buffer. */
  @Test
  void rowsAcrossBufferBoundariesAndLineEndsReadAsTheirText() throws Exception {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    StringBuilder sb = new StringBuilder("a,b,c\r\n");
    int rows = 4_000;
    String[][] text = new String[rows][3];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 3; j++) text[i][j] = Double.toString((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-5, 6)));
      sb.append(String.join(",", text[i])).append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
    }
    Path f = Files.writeString(dir.resolve("big.csv"), sb.toString());
    DescriptorTable t = TableReader.read(f).table();
    assertThat(t.rows()).isEqualTo(rows);
    int differ = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 3; j++) if (t.columns()[j][i] != Numbers.parse(text[i][j])) differ++;
    }
    assertThat(differ).as("values that differ from their text").isZero();
    StringBuilder wide = new StringBuilder();
    StringBuilder row = new StringBuilder();
    for (int j = 0; j < 12_000; j++) {
      wide.append(j == 0 ? "" : ",").append("column_").append(j);
      row.append(j == 0 ? "" : ",").append(j).append(".25");
    }
    Path w = Files.writeString(dir.resolve("wide.csv"), wide + "\n" + row + "\n" + row);
    DescriptorTable tw = TableReader.read(w).table();
    assertThat(tw.rows()).isEqualTo(2);
    assertThat(tw.column("column_11999")).containsExactly(11999.25, 11999.25);
  }

  /**
   * The first read buffer (64 KiB) ends at every byte of a row in turn: inside a sign, the digits before and after the
   * '.', an exponent, a 20-digit significand, blanks, a comma, between the CR and LF of a line end; the last row has no line
   * end. Every value is its text's.
   */
  @Test
  void numbersCutByTheReadBufferAtEveryByteReadAsTheirText() throws Exception {
    String[] row = {"-1.2345678901234567e-05", " +0.00012345678901234567891", "98765432109876543210\t", "7."};
    String line = String.join(",", row) + "\r\n";
    for (int offset = 1; offset <= line.length() + 1; offset++) {
      StringBuilder sb = new StringBuilder("a,b,c,d\n");
      int needed = (1 << 16) - offset - sb.length();   // the row under test starts `offset` bytes before the buffer's end
      sb.append("1,2,3,4").append("5".repeat(needed % 8)).append('\n');
      for (int k = 1; k < needed / 8; k++) sb.append("1,2,3,4\n");
      sb.append(line).append(line).append(String.join(",", row));
      assertThat(sb.indexOf(line)).isEqualTo((1 << 16) - offset);
      DescriptorTable t = TableReader.read(Files.writeString(dir.resolve("cut" + offset + ".csv"), sb.toString())).table();
      int n = t.rows();
      assertThat(n).isEqualTo(needed / 8 + 3);
      for (int r = n - 3; r < n; r++) {
        for (int j = 0; j < 4; j++) {
          assertThat(Double.doubleToRawLongBits(t.columns()[j][r])).as("offset %d row %d column %d", offset, r, j)
              .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(row[j].trim())));
        }
      }
    }
  }

  /** One random text of a number as tables spell them: 17-digit plain decimals, exponents, subnormals, signed zeros, long significands. */
  private static String numberText(java.util.SplittableRandom rng, int kind) {
    double v = (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-30, 31));
    return switch (kind) {
      case 0 -> Double.toString((rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-2, 7)));   // as pandas writes: up to 17 digits, plain
      case 1 -> Double.toString(v);
      case 2 -> String.format(java.util.Locale.ROOT, "%." + rng.nextInt(0, 20) + "e", v).replace("e+", rng.nextBoolean() ? "E+" : "e");
      case 3 -> Double.toString(Double.longBitsToDouble(rng.nextLong(1, 1L << 52)) * (rng.nextBoolean() ? 1 : -1));   // subnormal
      case 4 -> String.format(java.util.Locale.ROOT, "%.25e", Double.longBitsToDouble(rng.nextLong(1, 1L << 53)));    // subnormal, tiny normal
      case 5 -> new String[] {"-0", "-0.0", "+0", "0.000", "-0e5", ".0", "0.", "-.0e-3"}[rng.nextInt(8)];
      case 6 -> new java.math.BigDecimal(v).round(new java.math.MathContext(rng.nextInt(18, 26))).toPlainString();   // 18–25 digits
      case 7 -> Long.toString(rng.nextLong()) + (rng.nextBoolean() ? "" : "e" + rng.nextInt(-40, 40));
      default -> String.format(java.util.Locale.ROOT, "%." + rng.nextInt(0, 18) + "f", v);
    };
  }

  /**
   * Every value of a table read through the fast path (1.4 MB: many read buffers), and every one parsed on its own, is
   * Double.parseDouble's value of its text bit for bit; the missing spellings read NaN,
   * the infinite ones are refused naming line and column.
   */
  @Test
  void valuesAreDoubleParseDoubleBitForBit() throws Exception {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
    String[] missing = {"", "NA", "NaN", "nan", "-NaN", "+nan", "N/A", "#N/A", "null", "None", "?"};
    int rows = 24_000;
    String[][] text = new String[rows][3];
    StringBuilder sb = new StringBuilder("a,b,c\r\n");
    for (int i = 0; i < rows; i++) {
      text[i][0] = numberText(rng, rng.nextInt(3) == 0 ? rng.nextInt(9) : 0);
      text[i][1] = i == 7 ? "1" : numberText(rng, 3 + rng.nextInt(3));   // column maximum 1: subnormals are allowed
      text[i][2] = rng.nextInt(50) == 0 ? missing[rng.nextInt(missing.length)] : numberText(rng, 5 + rng.nextInt(4));
      if (numberTextTooLarge(text[i][0])) text[i][0] = "1";
      if (numberTextTooLarge(text[i][2])) text[i][2] = "2";
      sb.append(text[i][0]).append(',').append(rng.nextInt(20) == 0 ? " " + text[i][1] + "\t" : text[i][1]).append(',').append(text[i][2])
          .append(i % 2 == 0 ? "\r\n" : "\n");
    }
    Path f = Files.writeString(dir.resolve("bits.csv"), sb.toString());
    DescriptorTable t = TableReader.readKeepingMissing(f).table();
    assertThat(t.rows()).isEqualTo(rows);
    String mismatch = null;
    int missingSeen = 0;
    for (int i = 0; i < rows && mismatch == null; i++) {
      for (int j = 0; j < 3; j++) {
        String s = text[i][j].trim();
        boolean isMissing = Numbers.isMissing(s);
        if (isMissing) missingSeen++;
        double want = isMissing ? Double.NaN : Double.parseDouble(s);
        if (Double.doubleToRawLongBits(t.columns()[j][i]) != Double.doubleToRawLongBits(want)) mismatch = "line " + (i + 2) + " '" + s + "'";
        if (!isMissing && Double.doubleToRawLongBits(TableReader.decimal(s, 0, s.length())) != Double.doubleToRawLongBits(want)) {
          mismatch = "alone '" + s + "'";
        }
      }
    }
    assertThat(mismatch).as("first value that differs from Double.parseDouble").isNull();
    assertThat(missingSeen).isGreaterThan(300);
    for (String s : new String[] {"2.2250738585072011e-308", "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623158e308", "9007199254740993", "9007199254740992.5", "18446744073709551615", "18446744073709551616",
        "0.000123456789012345678", "123456789012345678.9e-30", "1e-22", "1e22", "1e23", "-1e-23", "0.1", "-0.0"}) {
      assertThat(Double.doubleToRawLongBits(TableReader.decimal(s, 0, s.length()))).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
    for (String s : new String[] {"1.7976931348623159e308", "1e309", "inf", "-Infinity", "NaN"}) assertThat(TableReader.decimal(s, 0, s.length())).as(s).isNaN();
    // an infinity, a text cell and a short row far into the file: refused naming their line
    String[] lines = sb.toString().split("\n", -1);
    for (String bad : new String[] {"-Infinity", "x1"}) {
      lines[20_000] = "1,2," + bad + "\r";
      Path g = Files.writeString(dir.resolve("bad.csv"), String.join("\n", lines));
      assertThatThrownBy(() -> TableReader.read(g)).isInstanceOf(BadInputException.class).hasMessageContaining("line 20001, column 3 ('c'): '" + bad + "'");
    }
    lines[20_000] = "1,2\r";
    Path h = Files.writeString(dir.resolve("short.csv"), String.join("\n", lines));
    assertThatThrownBy(() -> TableReader.read(h)).isInstanceOf(BadInputException.class).hasMessageContaining("line 20001 has 2 fields");
  }

  /**
   * The magnitude check and the discrete flags see only the values of whole rows: not a number cut by a read buffer's end
   * ("12.5" of "12.5e1") nor one a quote continues ("1.5" of {@code 1.5"e3"}).
   */
  @Test
  void statisticsSeeOnlyWholeRows() throws Exception {
    StringBuilder sb = new StringBuilder("b,c\n");
    StringBuilder tiny = new StringBuilder("a,b,c\n");
    for (int i = 0; i < 100_000; i++) {
      String row = (i * 7919 % 100_003) + "," + (i % 977) + ".5e1\n";   // integers, written with a fraction and an exponent
      sb.append(row);
      tiny.append(1 + i % 9).append(".2345678901234567e-300,").append(row);
    }
    Path f = Files.writeString(dir.resolve("ints.csv"), sb.toString());
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().rows()).isEqualTo(100_000);
    assertThat(r.discrete()).containsExactly(true, true);
    Path g = Files.writeString(dir.resolve("tiny.csv"), tiny.toString());
    assertThatThrownBy(() -> TableReader.read(g)).isInstanceOf(BadInputException.class).hasMessageContaining("column 1 ('a')")
        .hasMessageContaining("9.234567890123457E-300");
    Path q = Files.writeString(dir.resolve("quote.csv"), "a,b\n1.5\"e3\",2\n3,4\n");
    assertThat(TableReader.read(q).discrete()).containsExactly(true, true);
    assertThat(TableReader.read(q).table().column("a")).containsExactly(1500, 3);
  }

  private static boolean numberTextTooLarge(String s) {
    return !Numbers.isMissing(s.trim()) && Math.abs(Double.parseDouble(s)) > 1e150;
  }
}
