package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;

/**
 * A FEI/Thermo TIA {@code .emi} file: the acquisition's metadata, whose data are in the {@code .ser} files beside it,
 * {@code NAME_1.ser}, {@code NAME_2.ser} … (one per detector or signal). Opening the {@code .emi} — what TIA users and
 * HyperSpy do — reads every one of them, each a dataset with the {@code .emi}'s metadata ({@link SerReader}). A series
 * file the {@code .emi} records, or one numbered below another present, that is not beside it is named in a note on
 * every dataset.
 */
final class EmiReader implements FormatReader {
  /** The {@code .emi} files' first bytes ("JK", version 2). */
  private static final int MAGIC = 0x4a4b0002;
  /** Series files looked for at most. */
  private static final int MAX_SERIES = 64;
  /** A series path recorded in the .emi ({@code D:\data\NAME_2.ser}, followed by the next field's binary tag). */
  private static final Pattern RECORDED = Pattern.compile("_(\\d{1,2})\\.ser", Pattern.CASE_INSENSITIVE);
  /** .emi files are kilobytes to megabytes; a larger one is not searched for series paths. */
  private static final long MAX_EMI_BYTES = 64L << 20;

  @Override public String format() { return "emi"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    return head.limit() >= 8 && head.getInt(0) == MAGIC && head.getInt(4) == 0;
  }

  @Override public DataFile read(Path file) throws IOException {
    List<Path> series = series(file);
    String fn = file.getFileName().toString();
    List<String> missing = missing(file, series);
    if (series.isEmpty()) {
      throw new BadInputException(fn + ": a TIA .emi metadata file; its data are in " + (missing.isEmpty() ? stem(file) + "_1.ser"
          : String.join(", ", missing)) + " beside it, and none is there: copy the .ser files along with the .emi");
    }
    String note = missing.isEmpty() ? null : String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
        + " missing beside " + fn + ": only " + names(series) + " read";
    SerReader ser = new SerReader();
    List<Dataset> datasets = new ArrayList<>();
    DataFile first = null;
    for (Path s : series) {
      DataFile d = ser.read(s);
      if (first == null) first = d;
      for (Dataset x : d.datasets()) datasets.add(note == null ? x : Plausibility.rebuild(x, x.axes(), x.metadata().withNote(note)));
    }
    return new DataFile(file, format(), datasets, first.metadata());
  }

  /** Every {@code NAME_N.ser} beside {@code emi}, N from 1 up to {@value #MAX_SERIES}, in order. */
  static List<Path> series(Path emi) {
    Path dir = emi.toAbsolutePath().getParent();
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= MAX_SERIES; i++) {
      Path p = dir.resolve(stem(emi) + "_" + i + ".ser");
      if (Files.isRegularFile(p)) out.add(p);
    }
    return out;
  }

  /**
   * The series files the .emi expects that are not beside it: {@code NAME_N.ser} for each N in a series path the .emi
   * records ({@code ..._2.ser}; TIA stores the full path of every series it wrote) and each N below the highest present.
   */
  static List<String> missing(Path emi, List<Path> present) throws IOException {
    TreeSet<Integer> expected = new TreeSet<>();
    if (Files.size(emi) <= MAX_EMI_BYTES) {
      Matcher m = RECORDED.matcher(new String(Files.readAllBytes(emi), StandardCharsets.ISO_8859_1));
      while (m.find()) {
        int n = Integer.parseInt(m.group(1));
        if (n >= 1 && n <= MAX_SERIES) expected.add(n);
      }
    }
    for (Path p : present) {
      for (int i = 1; i < number(p); i++) expected.add(i);
    }
    List<String> out = new ArrayList<>();
    for (int n : expected) {
      String name = stem(emi) + "_" + n + ".ser";
      if (present.stream().noneMatch(p -> p.getFileName().toString().equals(name))) out.add(name);
    }
    return out;
  }

  private static int number(Path ser) {
    String n = ser.getFileName().toString();
    return Integer.parseInt(n.substring(n.lastIndexOf('_') + 1, n.length() - 4));
  }

  private static String names(List<Path> files) {
    List<String> n = new ArrayList<>();
    for (Path p : files) n.add(p.getFileName().toString());
    return String.join(", ", n);
  }

  private static String stem(Path emi) {
    return emi.getFileName().toString().replaceFirst("(?i)\\.emi$", "");
  }
}
