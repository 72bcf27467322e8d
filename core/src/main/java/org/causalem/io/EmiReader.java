package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;

/**
 * A FEI/Thermo TIA {@code .emi} file: the acquisition's metadata, whose data are in the {@code .ser} files beside it,
 * {@code NAME_1.ser}, {@code NAME_2.ser} … (one per detector or signal). Opening the {@code .emi} — what TIA users and
 * HyperSpy do — reads every one of them, each a dataset with the {@code .emi}'s metadata ({@link SerReader}).
 */
final class EmiReader implements FormatReader {
  /** The {@code .emi} files' first bytes ("JK", version 2). */
  private static final int MAGIC = 0x4a4b0002;
  /** Series files looked for at most. */
  private static final int MAX_SERIES = 64;

  @Override public String format() { return "emi"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    return head.limit() >= 8 && head.getInt(0) == MAGIC && head.getInt(4) == 0;
  }

  @Override public DataFile read(Path file) throws IOException {
    List<Path> series = series(file);
    String fn = file.getFileName().toString();
    if (series.isEmpty()) {
      throw new BadInputException(fn + ": a TIA .emi metadata file; its data are in " + stem(file)
          + "_1.ser (and _2.ser …) beside it, and none is there: copy the .ser files along with the .emi");
    }
    SerReader ser = new SerReader();
    List<Dataset> datasets = new ArrayList<>();
    DataFile first = null;
    for (Path s : series) {
      DataFile d = ser.read(s);
      if (first == null) first = d;
      datasets.addAll(d.datasets());
    }
    return new DataFile(file, format(), datasets, first.metadata());
  }

  /** {@code NAME_1.ser}, {@code NAME_2.ser} … beside {@code emi}, up to the first number missing. */
  static List<Path> series(Path emi) {
    Path dir = emi.toAbsolutePath().getParent();
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= MAX_SERIES; i++) {
      Path p = dir.resolve(stem(emi) + "_" + i + ".ser");
      if (!Files.isRegularFile(p)) break;
      out.add(p);
    }
    return out;
  }

  private static String stem(Path emi) {
    return emi.getFileName().toString().replaceFirst("(?i)\\.emi$", "");
  }
}
