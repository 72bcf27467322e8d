package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.causalem.data.DataFile;

/** Placeholder until the hdf5 reader lands: recognises nothing. */
final class Hdf5Reader implements FormatReader {
  @Override public String format() { return "hdf5"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) { return false; }

  @Override public DataFile read(Path file) throws IOException {
    throw new UnsupportedOperationException("hdf5 reader not yet implemented");
  }
}
