package org.causalem.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;

/** Opens any supported file, choosing the reader by magic bytes and structure. */
public final class Readers {
  private static final int HEAD_BYTES = 4096;

  private static final List<FormatReader> READERS = List.of(
      new DmReader(),
      new Hdf5Reader(),
      new ZspyReader(),
      new SerReader(),
      new EmiReader(),
      new MibReader(),
      new BlockfileReader(),
      new EmpadReader(),
      new TvipsReader(),
      new NpyReader(),
      new MsaReader(),
      new RippleReader(),
      new TiffReader(),
      new PrzReader(),
      new NpzReader(),
      new RasterReader(RasterReader.Type.PNG),
      new RasterReader(RasterReader.Type.JPEG),
      new RasterReader(RasterReader.Type.BMP),
      new RasterReader(RasterReader.Type.GIF),
      new MrcReader());

  private Readers() {}

  /** Every registered reader. */
  public static List<FormatReader> all() { return READERS; }

  /**
   * Reads every dataset in {@code file}.
   *
   * <p>A reader reports what it finds wrong with a file as a {@link BadInputException}. Besides those, only
   * genuine format errors become one here: reading past the end of the data ({@link BufferUnderflowException},
   * {@link java.io.EOFException}), an array size from the file that is negative, and an offset, size or count from
   * the file that the JDK's buffers, channels or exact arithmetic refuse (thrown inside {@code java.*}). Any other
   * exception, one thrown by our own code above all, is a reader bug and passes through unchanged (exit 1, not
   * "corrupt file").
   *
   * @throws BadInputException for a missing, empty, unrecognised, corrupt or truncated file
   */
  public static DataFile open(Path file) throws IOException {
    return open(file, sniff(file));
  }

  /**
   * Reads a TVIPS recording ({@code NAME_000.tvips} and its parts) as a 4-D cube of {@code ry × rx} frames from frame
   * {@code first} (0-based) in recorded order, x fastest: TVIPS files do not record their scan shape, so {@link #open}
   * gives a stack.
   *
   * @throws BadInputException for a file that is not a TVIPS recording, or a scan needing more frames than it has
   */
  public static DataFile openTvipsScan(Path file, int ry, int rx, long first) throws IOException {
    FormatReader found = sniff(file);
    if (!(found instanceof TvipsReader)) {
      throw new BadInputException(file.getFileName() + ": a " + found.format() + " file; a scan shape is given only for TVIPS recordings");
    }
    return open(file, new TvipsReader(new TvipsReader.Scan(ry, rx, first)));
  }

  private static DataFile open(Path file, FormatReader reader) throws IOException {
    try {
      return Plausibility.check(reader.read(file));
    } catch (BadInputException e) {
      throw e;
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw corrupt(file, reader, e);
    } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
      if (thrownByJdk(e)) throw corrupt(file, reader, e);
      throw e;
    } catch (java.io.EOFException e) {
      throw new BadInputException(file.getFileName() + ": truncated " + reader.format() + " file (" + describe(e) + ")", e);
    }
  }

  private static FormatReader zspy() {
    for (FormatReader r : READERS) if (r instanceof ZspyReader) return r;
    throw new IllegalStateException("no zspy reader registered");
  }

  /** Whether {@code path} is a directory that is one input: a zarr (HyperSpy .zspy) store, holding a .zgroup or .zarray. */
  public static boolean isStoreDirectory(Path path) { return ZspyReader.isStore(path); }

  /** The reader that recognises {@code file}: by its first bytes, or a zarr store directory as zspy. */
  public static FormatReader sniff(Path file) throws IOException {
    if (!Files.exists(file)) throw new BadInputException(file + ": no such file");
    if (Files.isDirectory(file)) {
      if (ZspyReader.isStore(file)) return zspy();
      throw new BadInputException(file + ": is a directory without a zarr .zgroup or .zarray; expected a data file or a .zspy (zarr) store directory");
    }
    if (!Files.isReadable(file)) throw new BadInputException(file + ": cannot be read (permission denied)");
    long size = Files.size(file);
    if (size == 0) throw new BadInputException(file.getFileName() + ": empty file (0 bytes)");
    ByteBuffer head;
    try (InputStream in = Files.newInputStream(file)) {
      head = ByteBuffer.wrap(in.readNBytes(HEAD_BYTES)).order(ByteOrder.BIG_ENDIAN);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + ": no such file");
    }
    for (FormatReader r : READERS) {
      if (r.accepts(file, head.duplicate().order(ByteOrder.BIG_ENDIAN), size)) return r;
    }
    Path describedBy = describingXml(file);
    if (describedBy != null) {
      throw new BadInputException(file.getFileName() + ": raw EMPAD frames without their layout; open " + describedBy.getFileName()
          + ", which names this file and gives the scan and detector sizes");
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(8, head.limit()); i++) hex.append(String.format("%02x ", head.get(i) & 0xFF));
    throw new BadInputException(file.getFileName() + ": unknown format (first bytes " + hex.toString().trim()
        + "); expected DM3/DM4, EMD/HDF5, SER (or its .emi), MIB, blockfile (.blo), EMPAD (.xml), TVIPS (.tvips), NPY, NPZ, Panta Rhei (.prz), EMSA/MSA, ripple (.rpl/.raw), HyperSpy .zspy (zip or zarr directory), TIFF, MRC, PNG, JPEG, BMP or GIF");
  }

  /** For a {@code .raw} file: an EMPAD {@code .xml} beside it (of at most 64 looked at) whose first 4 KB name it; else null. */
  private static Path describingXml(Path file) {
    String name = file.getFileName().toString();
    Path dir = file.toAbsolutePath().getParent();
    if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".raw") || dir == null) return null;
    try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{xml,XML}")) {
      int seen = 0;
      for (Path x : s) {
        if (++seen > 64) break;
        try (InputStream in = Files.newInputStream(x)) {
          String text = new String(in.readNBytes(HEAD_BYTES), java.nio.charset.StandardCharsets.ISO_8859_1);
          if (text.contains(name) && text.contains("<root")) return x;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null; // only a hint: the unknown-format message stands
    }
    return null;
  }

  private static BadInputException corrupt(Path file, FormatReader reader, RuntimeException e) {
    return new BadInputException(file.getFileName() + ": corrupt or truncated " + reader.format() + " file ("
        + describe(e) + ")", e);
  }

  /** Whether {@code e} was raised inside the JDK (a buffer, channel or exact-arithmetic check), not by our code. */
  static boolean thrownByJdk(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length == 0) return false;
    String top = trace[0].getClassName();
    return top.startsWith("java.") || top.startsWith("jdk.") || top.startsWith("sun.");
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
