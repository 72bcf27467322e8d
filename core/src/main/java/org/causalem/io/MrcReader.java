package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/** Placeholder until the mrc reader lands: recognises nothing. */
final class MrcReader implements FormatReader {
  @Override public String format() { return "mrc"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return false; }

  @Override public DataFile read(Path file) throws IOException {
    throw new UnsupportedOperationException("mrc reader not yet implemented");
  }
}
