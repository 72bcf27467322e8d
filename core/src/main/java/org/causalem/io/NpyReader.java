package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/** Placeholder until the npy reader lands: recognises nothing. */
final class NpyReader implements FormatReader {
  @Override public String format() { return "npy"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return false; }

  @Override public DataFile read(Path file) throws IOException {
    throw new UnsupportedOperationException("npy reader not yet implemented");
  }
}
