package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/** Placeholder until the dm3 reader lands: recognises nothing. */
final class DmReader implements FormatReader {
  @Override public String format() { return "dm3"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return false; }

  @Override public DataFile read(Path file) throws IOException {
    throw new UnsupportedOperationException("dm3 reader not yet implemented");
  }
}
