package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;

/**
 * Gatan DigitalMicrograph DM3 and DM4 files: every tag type, both byte orders, DM4's 64-bit sizes.
 * Recognised by structure: a big-endian version 3 or 4, a byte-order flag of 0 or 1 and the root
 * group's flags. {@link DataFile#format()} says {@code dm3} or {@code dm4} per file.
 *
 * <p>Each ImageList entry but the thumbnail becomes a dataset (see {@link DmDatasets} for the
 * mapping to images, spectra, spectrum images, stacks and 4-D cubes); its metadata tree is the
 * entry's tags with image data and long arrays replaced by {@code "<array N of type>"}. The file's
 * metadata tree is the whole tag tree; its summary is that of the first dataset.
 */
final class DmReader implements FormatReader {
  @Override public String format() { return "dm3"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (head.limit() < 4) return false;
    int version = head.getInt(0);
    int orderAt;
    if (version == 3) {
      orderAt = 8;
    } else if (version == 4) {
      orderAt = 12;
    } else {
      return false;
    }
    if (head.limit() < orderAt + 6) return false;
    int order = head.getInt(orderAt);
    int sorted = head.get(orderAt + 4);
    int open = head.get(orderAt + 5);
    return (order == 0 || order == 1) && (sorted == 0 || sorted == 1) && (open == 0 || open == 1);
  }

  @Override public DataFile read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      String name = file.getFileName().toString();
      DmInput in = new DmInput(ch, name, label(ch), size);
      DmTagParser.TagFile tags = DmTagParser.parse(in);
      List<Dataset> datasets = DmDatasets.read(file, in, tags);
      Map<String, Object> summary = datasets.isEmpty() ? Map.of() : datasets.get(0).metadata().summary();
      return new DataFile(file, tags.format(), datasets, new Metadata(summary, DmTree.plain(tags.root())));
    }
  }

  /** "DM4" or "DM3", for messages, from the version at offset 0. */
  private static String label(FileChannel ch) throws IOException {
    ByteBuffer version = ByteBuffer.allocate(4);
    ch.read(version, 0);
    return version.position() == 4 && version.getInt(0) == 4 ? "DM4" : "DM3";
  }
}
