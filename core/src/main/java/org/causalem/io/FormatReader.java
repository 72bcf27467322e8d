package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/**
 * Reads one file format. Chosen by {@link Readers#open(Path)} from the file's first bytes and
 * structure; from its extension only for formats without a signature (EMPAD {@code .xml}, TVIPS {@code .tvips}), to tell
 * ZIPs apart ({@code .zspy}, {@code .prz}, {@code .npz}; or a ZIP's first entry) and for a ripple {@code .raw} (by the
 * {@code .rpl} beside it).
 */
public interface FormatReader {
  /** The format name printed by {@code causalem info}: dm3, dm4, emd-berkeley, emd-velox, hdf5, ser, emi, mrc, tiff, npy, npz, prz, mib, blockfile, empad, tvips, msa, ripple, zspy, png, jpeg, bmp, gif. */
  String format();

  /**
   * Whether this reader recognises the file.
   *
   * @param head the file's first bytes (up to 4096; fewer for a short file), position 0, big-endian
   * @param size the file's size in bytes
   */
  boolean accepts(Path file, ByteBuffer head, long size);

  /**
   * Reads every dataset in the file. Large data may be memory-mapped rather than loaded.
   *
   * @throws org.causalem.data.BadInputException when the file is corrupt, truncated or lies about its
   *     sizes; the message names the file, the offset or field, and what was expected
   */
  DataFile read(Path file) throws IOException;
}
