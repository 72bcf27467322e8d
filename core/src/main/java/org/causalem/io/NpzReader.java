package org.causalem.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;

/**
 * NumPy {@code .npz} archives ({@code np.savez}, {@code np.savez_compressed}): a ZIP of {@code .npy} entries, stored or
 * deflated. Every numeric entry is its own dataset, named by the entry without {@code .npy}, its kind from its shape
 * exactly as for an {@code .npy} file ({@link NpyReader}); entries are read into memory (at most 2 GiB each). A
 * one-string entry ({@code U}/{@code S} dtype) goes into the metadata tree; an object array (pickled) is never
 * unpickled: it is listed under {@code not_read}. Any other entry (not {@code .npy}, a structured dtype, a corrupt
 * entry) refuses the file naming the entry. A ZIP holding {@code data.npy} and {@code file_format_version.npy} is a
 * Panta Rhei file, read by {@link PrzReader} whatever its extension.
 */
final class NpzReader implements FormatReader {
  static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

  @Override public String format() { return "npz"; }

  /**
   * A ZIP named {@code .npz}, or any other ZIP (not {@code .prz}) whose first entry is an {@code .npy}, as
   * {@code np.savez} writes them; other ZIPs are left to other readers.
   */
  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (!isZip(head) || PrzReader.hasPrzExtension(file)) return false;
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz") || firstEntryIsNpy(head);
  }

  /** Whether the first local header (at 0: name length at 26, name at 30) names a {@code .npy}. */
  static boolean firstEntryIsNpy(ByteBuffer head) {
    if (head.limit() < 30 || head.get(2) != 3) return false;
    int len = (head.get(26) & 0xFF) | (head.get(27) & 0xFF) << 8;
    if (len < 4 || 30 + len > head.limit()) return false;
    StringBuilder sb = new StringBuilder();
    for (int i = 30 + len - 4; i < 30 + len; i++) sb.append((char) (head.get(i) & 0xFF));
    return sb.toString().equalsIgnoreCase(".npy");
  }

  static boolean isZip(ByteBuffer head) {
    return head.limit() >= 4 && head.get(0) == 'P' && head.get(1) == 'K'
        && ((head.get(2) == 3 && head.get(3) == 4) || (head.get(2) == 5 && head.get(3) == 6));
  }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (ZipFile zip = open(file)) {
      if (zip.getEntry("data.npy") != null && zip.getEntry("file_format_version.npy") != null) return new PrzReader().read(file);
      List<Dataset> datasets = new ArrayList<>();
      Map<String, Object> tree = new LinkedHashMap<>();
      Map<String, Object> notRead = new LinkedHashMap<>();
      List<String> entries = new ArrayList<>();
      for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
        ZipEntry e = en.nextElement();
        if (e.isDirectory()) continue;
        entries.add(e.getName());
        String label = name + ": entry '" + e.getName() + "'";
        if (!e.getName().toLowerCase(Locale.ROOT).endsWith(".npy")) {
          throw new BadInputException(label + " is not a NumPy array; an npz archive holds only .npy entries");
        }
        String stem = NpyReader.stem(e.getName());
        ByteBuffer bytes = entry(zip, e, name);
        String descr = NpyHeader.descr(label, bytes);
        String code = descr.substring("<>|=".indexOf(descr.charAt(0)) >= 0 ? 1 : 0);
        if (code.startsWith("O")) {
          notRead.put(stem, "object array (pickled Python objects): never unpickled");
        } else if (code.startsWith("U") || code.startsWith("S")) {
          tree.put(stem, NpyHeader.text(label, bytes));
        } else {
          datasets.add(NpyReader.fromMemory(label, stem, bytes));
        }
      }
      if (datasets.isEmpty()) {
        throw new BadInputException(name + ": npz archive holds no numeric array (entries " + entries + (notRead.isEmpty() ? "" : ", not read: " + notRead) + ")");
      }
      tree.put("entries", entries);
      Map<String, Object> summary = new LinkedHashMap<>();
      if (!notRead.isEmpty()) {
        summary.put("not_read", notRead);
        tree.put("not_read", notRead);
      }
      return new DataFile(file, format(), datasets, new Metadata(summary, tree));
    }
  }

  /** Opens the archive; a file that is not a readable ZIP is refused naming it. */
  static ZipFile open(Path file) throws IOException {
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new BadInputException(file.getFileName() + ": not a readable ZIP archive (" + e.getMessage() + "); expected an npz/prz archive of .npy entries", e);
    }
  }

  /** The whole (inflated) entry; a CRC error, a bad deflate stream or a short entry is refused naming the entry. */
  static ByteBuffer entry(ZipFile zip, ZipEntry e, String archive) throws IOException {
    String label = archive + ": entry '" + e.getName() + "'";
    if (e.getSize() > MAX_ENTRY_BYTES) {
      throw new BadInputException(label + " holds " + e.getSize() + " bytes; entries over 2 GiB are not supported (save the array as .npy)");
    }
    try (InputStream in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes((int) Math.min(MAX_ENTRY_BYTES, e.getSize() < 0 ? MAX_ENTRY_BYTES : e.getSize() + 1));
      if (e.getSize() >= 0 && b.length != e.getSize()) {
        throw new BadInputException(label + " is corrupt: it inflates to " + (b.length > e.getSize() ? "more than " + e.getSize() : b.length) + " bytes; its directory record says " + e.getSize());
      }
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(b);
      if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
        throw new BadInputException(label + " is corrupt: CRC-32 " + Long.toHexString(crc.getValue()) + ", its directory record says "
            + Long.toHexString(e.getCrc()));
      }
      return ByteBuffer.wrap(b);
    } catch (ZipException | java.io.EOFException ex) {
      throw new BadInputException(label + " is corrupt (" + ex.getMessage() + "); expected a " + method(e) + " .npy", ex);
    }
  }

  private static String method(ZipEntry e) {
    return e.getMethod() == ZipEntry.STORED ? "stored" : e.getMethod() == ZipEntry.DEFLATED ? "deflate-compressed" : "method-" + e.getMethod();
  }
}
