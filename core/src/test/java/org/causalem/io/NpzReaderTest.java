package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.NdArray;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy ZIP archives built here entry by entry (npy bytes from {@link NpyReaderTest#npy}, stored or deflated by
 * {@link ZipOutputStream}), read back value for value.
 */
class NpzReaderTest {
  @TempDir Path dir;

  /** A ZIP of the entries in order; names ending in {@code @stored} are stored (the suffix dropped), others deflated. */
  static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        boolean stored = e.getKey().endsWith("@stored");
        ZipEntry ze = new ZipEntry(stored ? e.getKey().substring(0, e.getKey().length() - 7) : e.getKey());
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          ze.setMethod(ZipEntry.STORED);
          ze.setSize(e.getValue().length);
          ze.setCrc(crc.getValue());
        }
        z.putNextEntry(ze);
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /** Little-endian values of {@code size} bytes each. */
  static byte[] le(long[] values, int size) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (long v : values) b.writeBytes(NpyReaderTest.intBytes(v, size, false));
    return b.toByteArray();
  }

  /** A 0-d numpy string array {@code <U n} holding {@code text} (UTF-32LE). */
  static byte[] unicode(String text) {
    byte[] data = text.getBytes(Charset.forName("UTF-32LE"));
    return NpyReaderTest.npy(1, "{'descr': '<U" + text.codePointCount(0, text.length()) + "', 'fortran_order': False, 'shape': (), }", data);
  }

  static long[] ramp(int n, long start, long step) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) v[i] = start + i * step;
    return v;
  }

  @Test
  void everyEntryIsADatasetOfTheKindItsShapeGives() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("image.npy@stored", NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(3, 4)"), le(ramp(12, 60000, 100), 2)));
    e.put("spectrum.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("<i4", false, "(5,)"), le(ramp(5, -2, 3), 4)));
    e.put("cube.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("|u1", false, "(2, 3, 4, 5)"), le(ramp(120, 0, 2), 1)));
    e.put("unit.npy", unicode("nm"));
    e.put("obj.npy", NpyReaderTest.npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[] {(byte) 0x80, 4, 'N', '.'}));
    Path p = Files.write(dir.resolve("arrays.npz"), zip(e));
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("npz");
      assertThat(df.names()).containsExactly("image", "spectrum", "cube");
      Image img = (Image) df.dataset("image");
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(img.height()).isEqualTo(3);
      assertThat(img.width()).isEqualTo(4);
      for (int i = 0; i < 12; i++) assertThat(img.pixels().getDouble(i)).isEqualTo(60000 + 100 * i);
      Spectrum s = (Spectrum) df.dataset("spectrum");
      assertThat(s.pixels().toDoubleArray()).containsExactly(-2, 1, 4, 7, 10);
      DataCube4D c = (DataCube4D) df.dataset("cube");
      assertThat(List.of(c.scanY(), c.scanX(), c.detY(), c.detX())).containsExactly(2, 3, 4, 5);
      float[] frame = new float[20];
      c.readFrame(2, 1, frame); // rx 2, ry 1: frame 5
      assertThat(frame[0]).isEqualTo((float) (5 * 20 * 2 % 256));
      assertThat(frame[19]).isEqualTo((float) ((5 * 20 + 19) * 2 % 256));
      assertThat(df.metadata().tree()).containsEntry("unit", "nm");
      assertThat(df.metadata().summary().get("not_read").toString()).contains("obj").contains("never unpickled");
    }
  }

  @Test
  void aStructuredDtypeOfOneTypeIsAChannelAxis() throws IOException {
    String dict = "{'descr': [('R', '<u2'), ('G', '<u2'), ('B', '<u2'), ('A', '<u2')], 'fortran_order': False, 'shape': (2, 3), }";
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("rgba.npy", NpyReaderTest.npy(1, dict, le(ramp(24, 1000, 7), 2)));
    try (DataFile df = Readers.open(Files.write(dir.resolve("rgba.npz"), zip(e)))) {
      NdArray a = (NdArray) df.dataset("rgba");
      assertThat(a.axes().stream().map(x -> x.name() + x.size()).toList()).containsExactly("y2", "x3", "channel4");
      assertThat(a.pixels().getDouble(4 * 5 + 2)).isEqualTo(1000 + 7 * 22); // y 1, x 2, B
      assertThat(a.metadata().tree()).containsEntry("fields", List.of("R", "G", "B", "A")).containsEntry("shape", List.of(2L, 3L));
    }
    Map<String, byte[]> mixed = Map.of("m.npy", NpyReaderTest.npy(1, "{'descr': [('a', '<u2'), ('b', '<f4')], 'fortran_order': False, 'shape': (2,), }", new byte[12]));
    Path bad = Files.write(dir.resolve("mixed.npz"), zip(mixed));
    assertThatThrownBy(() -> Readers.open(bad)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("mixed.npz: entry 'm.npy'").hasMessageContaining("fields [a, b] of types [<u2, <f4]");
  }

  @Test
  void anEntryThatIsNotAnArrayIsRefusedNamingIt() throws IOException {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("a.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("<f4", false, "(2,)"), new byte[8]));
    e.put("notes.txt", "hello".getBytes(Charset.forName("US-ASCII")));
    Path p = Files.write(dir.resolve("mixed.npz"), zip(e));
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessage("mixed.npz: entry 'notes.txt' is not a NumPy array; an npz archive holds only .npy entries");
    Map<String, byte[]> fake = Map.of("b.npy", "not an array at all".getBytes(Charset.forName("US-ASCII")));
    Path q = Files.write(dir.resolve("fake.npz"), zip(fake));
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class)
        .hasMessage("fake.npz: entry 'b.npy': not an npy file (magic bytes differ)");
  }

  @Test
  void aCorruptOrShortEntryIsRefusedNamingIt() throws IOException {
    byte[] data = le(ramp(400, 0, 1), 2);
    Map<String, byte[]> e = Map.of("a.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("<u2", false, "(20, 20)"), data));
    byte[] z = zip(e);
    int start = 30 + "a.npy".length(); // the first entry's data follows its local header
    for (int i = start + 20; i < start + 40; i++) z[i] ^= 0x5A;
    Path p = Files.write(dir.resolve("corrupt.npz"), z);
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("corrupt.npz: entry 'a.npy' is corrupt");
    Map<String, byte[]> shortEntry = Map.of("s.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("<f8", false, "(10,)"), new byte[40]));
    Path q = Files.write(dir.resolve("short.npz"), zip(shortEntry));
    assertThatThrownBy(() -> Readers.open(q)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("short.npz: entry 's.npy': npy header says shape (10,) of <f8 = 80 bytes")
        .hasMessageContaining("the entry has only 40 bytes of data");
  }

  @Test
  void aZipIsTakenForAnNpzByItsNameOrItsFirstEntry() throws IOException {
    Map<String, byte[]> e = Map.of("x.npy", NpyReaderTest.npy(1, NpyReaderTest.dict("<f4", false, "(2,)"), new byte[8]));
    try (DataFile df = Readers.open(Files.write(dir.resolve("saved.bin"), zip(e)))) {
      assertThat(df.format()).isEqualTo("npz");
    }
    Path other = Files.write(dir.resolve("other.zip"), zip(Map.of("readme.txt", new byte[] {'h', 'i'})));
    assertThatThrownBy(() -> Readers.open(other)).isInstanceOf(BadInputException.class).hasMessageContaining("other.zip: unknown format");
  }

  @Test
  void anArchiveWithoutNumbersIsRefused() throws IOException {
    Path p = Files.write(dir.resolve("words.npz"), zip(Map.of("w.npy", unicode("text"))));
    assertThatThrownBy(() -> Readers.open(p)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("words.npz: npz archive holds no numeric array (entries [w.npy]");
  }
}
