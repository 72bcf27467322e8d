package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/** Placeholder until the mib reader lands: recognises nothing. */
final class MibReader implements FormatReader {
  @Override public String format() { return "mib"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return false; }

  @Override public DataFile read(Path file) throws IOException {
    throw new UnsupportedOperationException("mib reader not yet implemented");
  }
}
