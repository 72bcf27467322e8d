package org.causalem.io;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;

/**
 * HDF5 files through jhdf: Berkeley EMD ({@code emd-berkeley}), Thermo Fisher Velox EMD
 * ({@code emd-velox}), and any other HDF5 file ({@code hdf5}: every numeric dataset).
 */
final class Hdf5Reader implements FormatReader {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final long maxInMemoryBytes;
  private final long mapAboveBytes;

  Hdf5Reader() { this(256L << 20, Hdf5Arrays.MAP_ABOVE_BYTES); }

  /**
   * @param maxInMemoryBytes 4-D datasets that cannot be memory-mapped are loaded only up to this size
   * @param mapAboveBytes contiguous unfiltered arrays larger than this are memory-mapped, not copied
   */
  Hdf5Reader(long maxInMemoryBytes, long mapAboveBytes) {
    this.maxInMemoryBytes = maxInMemoryBytes;
    this.mapAboveBytes = mapAboveBytes;
  }

  @Override public String format() { return "hdf5"; }

  /** The HDF5 signature at offset 0, 512, 1024 or 2048 (a user block before the superblock). */
  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    for (int at = 0; at + SIGNATURE.length <= head.limit(); at = at == 0 ? 512 : at * 2) {
      boolean match = true;
      for (int i = 0; i < SIGNATURE.length && match; i++) match = head.get(at + i) == SIGNATURE[i];
      if (match) return true;
    }
    return false;
  }

  @Override public DataFile read(Path file) throws IOException {
    String fn = file.getFileName().toString();
    long size = Files.size(file);
    HdfFile f;
    try {
      f = new HdfFile(file);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      // a corrupt size field can make jhdf attempt one impossible allocation; the heap is intact after it
      throw corrupt(fn, size, e);
    }
    List<Dataset> sets = null;
    try {
      Map<String, Object> notRead = new LinkedHashMap<>();
      String format;
      if (VeloxEmd.looksLike(f)) {
        format = "emd-velox";
        sets = VeloxEmd.read(file, size, f, notRead);
      } else if (EmdBerkeley.looksLike(f)) {
        format = "emd-berkeley";
        sets = EmdBerkeley.read(file, size, f, maxInMemoryBytes, mapAboveBytes, notRead);
      } else {
        format = "hdf5";
        sets = Hdf5Generic.read(file, size, f, maxInMemoryBytes, mapAboveBytes, notRead);
      }
      Hdf5Tree.undecodable(f).forEach(notRead::putIfAbsent);
      Map<String, Object> tree = new LinkedHashMap<>(Hdf5Arrays.attributes(f));
      Map<String, Object> summary = new LinkedHashMap<>();
      if (!notRead.isEmpty()) {
        summary.put("not_read", notRead);
        tree.put("not_read", notRead);
      }
      return new DataFile(file, format, sets, new Metadata(summary, tree));
    } catch (BadInputException e) {
      closeAll(sets);
      throw e;
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      closeAll(sets);
      throw corrupt(fn, size, e);
    } finally {
      f.close();
    }
  }

  private static void closeAll(List<Dataset> sets) {
    if (sets == null) return;
    for (Dataset d : sets) if (d instanceof org.causalem.data.DataCube4D c) c.close();
  }

  private static BadInputException corrupt(String fn, long size, Throwable e) {
    String m = e.getMessage();
    return new BadInputException(fn + ": corrupt or truncated HDF5 file of " + size + " bytes (" + e.getClass().getSimpleName()
        + (m == null ? "" : ": " + m) + ")", e);
  }
}
