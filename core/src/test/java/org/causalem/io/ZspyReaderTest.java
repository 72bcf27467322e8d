package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HyperSpy .zspy (zarr v2) stores the test writes itself: JSON metadata and chunks (compressed here with
 * java.util.zip, aircompressor, or Blosc frames built byte by byte), read back to known values.
 */
class ZspyReaderTest {
  @TempDir Path dir;

  /** A store under construction: keys and bytes, written as a directory or a zip file. */
  private static final class Store {
    final Map<String, byte[]> keys = new LinkedHashMap<>();

    Store put(String key, String json) { keys.put(key, json.getBytes(StandardCharsets.UTF_8)); return this; }

    Store put(String key, byte[] b) { keys.put(key, b); return this; }

    Path directory(Path root) throws IOException {
      for (Map.Entry<String, byte[]> e : keys.entrySet()) {
        Path p = root.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
      return root;
    }

    Path zip(Path file) throws IOException {
      try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
          z.putNextEntry(new ZipEntry(e.getKey()));
          z.write(e.getValue());
          z.closeEntry();
        }
      }
      return file;
    }
  }

  private static final String GROUP = "{\"zarr_format\": 2}";
  private static final String SIG = "Experiments/cells/";

  /** A HyperSpy signal layout around one array: axes, title, signal type. */
  private static Store hyperSpy(String zarray, String axis0, String axis1) {
    Store s = new Store().put(".zgroup", GROUP).put(".zattrs", "{\"file_format\": \"ZSpy\", \"file_format_version\": \"3.3\"}")
        .put("Experiments/.zgroup", GROUP).put(SIG + ".zgroup", GROUP)
        .put(SIG + "data/.zarray", zarray)
        .put(SIG + "metadata/.zgroup", GROUP).put(SIG + "metadata/General/.zgroup", GROUP)
        .put(SIG + "metadata/General/.zattrs", "{\"title\": \"Grain map\"}")
        .put(SIG + "metadata/Signal/.zgroup", GROUP).put(SIG + "metadata/Signal/.zattrs", "{\"signal_type\": \"EELS\"}")
        .put(SIG + "original_metadata/.zgroup", GROUP).put(SIG + "original_metadata/.zattrs", "{\"Microscope\": \"Demo 300\"}");
    if (axis0 != null) s.put(SIG + "axis-0/.zgroup", GROUP).put(SIG + "axis-0/.zattrs", axis0);
    if (axis1 != null) s.put(SIG + "axis-1/.zgroup", GROUP).put(SIG + "axis-1/.zattrs", axis1);
    return s;
  }

  private static String zarray(String shape, String chunks, String dtype, String order, String fill, String compressor, String extra) {
    return "{\"zarr_format\": 2, \"shape\": " + shape + ", \"chunks\": " + chunks + ", \"dtype\": \"" + dtype + "\", \"order\": \""
        + order + "\", \"fill_value\": " + fill + ", \"compressor\": " + compressor + ", \"filters\": null" + extra + "}";
  }

  // 7 × 5 int32, value 100 i + j, chunks of 3 × 2: a 3 × 3 grid whose last row and column are cut by the array's edge

  private static final int ROWS = 7;
  private static final int COLS = 5;

  private static int value(int i, int j) { return 100 * i + j; }

  /** Chunk (ci, cj) of 3 × 2 values, whole (cells outside the array hold -7, as zarr leaves them unspecified), C or F order. */
  private static byte[] chunk(int ci, int cj, boolean fortran) {
    ByteBuffer b = ByteBuffer.allocate(3 * 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int a = 0; a < 3; a++) {
      for (int c = 0; c < 2; c++) {
        int i = 3 * ci + a;
        int j = 2 * cj + c;
        int at = fortran ? a + 3 * c : a * 2 + c;
        b.putInt(4 * at, i < ROWS && j < COLS ? value(i, j) : -7);
      }
    }
    return b.array();
  }

  private interface Codec { byte[] encode(byte[] raw) throws IOException; }

  private static Store grid(String compressor, Codec codec, String separator, boolean fortran, String fill, int[] missing) throws IOException {
    String extra = separator.equals("/") ? ", \"dimension_separator\": \"/\"" : "";
    Store s = hyperSpy(zarray("[7, 5]", "[3, 2]", "<i4", fortran ? "F" : "C", fill, compressor, extra),
        "{\"name\": \"y\", \"scale\": 0.5, \"offset\": 1.0, \"units\": \"nm\", \"navigate\": true, \"size\": 7}",
        "{\"name\": \"Energy loss\", \"scale\": 2.0, \"offset\": 280.0, \"units\": \"eV\", \"navigate\": false, \"size\": 5}");
    for (int ci = 0; ci < 3; ci++) {
      for (int cj = 0; cj < 3; cj++) {
        if (missing != null && missing[0] == ci && missing[1] == cj) continue;
        s.put(SIG + "data/" + ci + separator + cj, codec.encode(chunk(ci, cj, fortran)));
      }
    }
    return s;
  }

  private static SpectrumImage only(DataFile df) {
    assertThat(df.format()).isEqualTo("zspy");
    assertThat(df.datasets()).hasSize(1);
    return (SpectrumImage) df.datasets().get(0);
  }

  private static void assertGridValues(Pixels p, int missingRow, int missingCol, int fill) {
    assertThat(p.count()).isEqualTo(ROWS * COLS);
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLS; j++) {
        boolean gone = i / 3 == missingRow && j / 2 == missingCol;
        assertThat(p.getDouble((long) i * COLS + j)).as("value at %d, %d", i, j).isEqualTo(gone ? fill : value(i, j));
      }
    }
  }

  @Test
  void directoryStoreWithHyperSpyAxesTitleAndSignalType() throws IOException {
    Path store = grid("null", raw -> raw, ".", false, "0", null).directory(dir.resolve("map.zspy"));
    try (DataFile df = Readers.open(store)) {
      SpectrumImage si = only(df);
      assertGridValues(si.pixels(), -1, -1, 0);
      assertThat(si.name()).isEqualTo("Grain map");
      assertThat(si.metadata().summary()).containsEntry(Metadata.SIGNAL, Metadata.SIGNAL_EELS).containsEntry(Metadata.TITLE, "Grain map");
      assertThat(si.x()).isEqualTo(new Axis("x", 7, 1.0, 0.5, "nm"));
      assertThat(si.energy().name()).isEqualTo("energy");
      assertThat(si.energy().size()).isEqualTo(5);
      assertThat(si.energy().offset()).isEqualTo(280.0);
      assertThat(si.energy().scale()).isEqualTo(2.0);
      assertThat(si.energy().unit()).isEqualTo("eV");
      assertThat(si.pixels().type().numpyName()).isEqualTo("int32");
      @SuppressWarnings("unchecked")
      Map<String, Object> om = (Map<String, Object>) si.metadata().tree().get("original_metadata");
      assertThat(om).containsEntry("Microscope", "Demo 300");
    }
  }

  @Test
  void nestedDirectoryStoreWithZlibChunksAndAMissingChunkOfFillValue() throws IOException {
    Path store = grid("{\"id\": \"zlib\", \"level\": 1}", ZspyReaderTest::zlib, "/", false, "-1", new int[] {1, 2})
        .directory(dir.resolve("nested.zspy"));
    try (DataFile df = Readers.open(store)) {
      assertGridValues(only(df).pixels(), 1, 2, -1);
    }
  }

  @Test
  void zipStoreWithGzipZstdAndLz4Chunks() throws IOException {
    Codec[] codecs = {ZspyReaderTest::gzip, ZspyReaderTest::zstd, ZspyReaderTest::lz4};
    String[] ids = {"gzip", "zstd", "lz4"};
    for (int k = 0; k < codecs.length; k++) {
      Path store = grid("{\"id\": \"" + ids[k] + "\"}", codecs[k], ".", false, "0", new int[] {2, 0}).zip(dir.resolve(ids[k] + ".zspy"));
      try (DataFile df = Readers.open(store)) {
        assertGridValues(only(df).pixels(), 2, 0, 0);
      }
    }
  }

  @Test
  void fortranOrderChunks() throws IOException {
    Path store = grid("null", raw -> raw, ".", true, "0", null).directory(dir.resolve("f.zspy"));
    try (DataFile df = Readers.open(store)) {
      assertGridValues(only(df).pixels(), -1, -1, 0);
    }
  }

  // Blosc frames built byte by byte: the 16-byte header, block starts, streams

  private static byte[] bloscHeader(int flags, int typesize, int nbytes, int blocksize, int cbytes) {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 2).put((byte) 1).put((byte) flags).put((byte) typesize).putInt(nbytes).putInt(blocksize).putInt(cbytes);
    return b.array();
  }

  /** Byte shuffle done by hand: byte k of every element, for k = 0 .. typesize-1. */
  private static byte[] shuffle(byte[] raw, int typesize) {
    int n = raw.length / typesize;
    byte[] out = new byte[raw.length];
    for (int i = 0; i < n; i++) for (int k = 0; k < typesize; k++) out[k * n + i] = raw[i * typesize + k];
    return out;
  }

  /** One block, not split (flag 0x10), byte-shuffled (0x01), its one stream zlib-compressed (codec 3 in bits 5-7). */
  private static byte[] bloscZlibShuffled(byte[] raw) throws IOException {
    byte[] stream = zlib(shuffle(raw, 4));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int total = 16 + 4 + 4 + stream.length;
    out.write(bloscHeader(0x01 | 0x10 | 3 << 5, 4, raw.length, raw.length, total));
    out.write(le(20));
    out.write(le(stream.length));
    out.write(stream);
    return out.toByteArray();
  }

  private static byte[] le(int v) { return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array(); }

  @Test
  void bloscByteShuffledZlibBlocks() throws IOException {
    Path store = grid("{\"id\": \"blosc\", \"cname\": \"zlib\", \"clevel\": 1, \"shuffle\": 1, \"blocksize\": 0}",
        ZspyReaderTest::bloscZlibShuffled, ".", false, "0", null).zip(dir.resolve("blosc.zspy"));
    try (DataFile df = Readers.open(store)) {
      assertGridValues(only(df).pixels(), -1, -1, 0);
    }
  }

  @Test
  void bloscMemcpyedFrame() throws IOException {
    Codec memcpy = raw -> {
      byte[] out = Arrays.copyOf(bloscHeader(0x02 | 0x01, 4, raw.length, raw.length, 16 + raw.length), 16 + raw.length);
      System.arraycopy(raw, 0, out, 16, raw.length);
      return out;
    };
    Path store = grid("{\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 1, \"shuffle\": 1, \"blocksize\": 0}", memcpy, ".", false, "0", null)
        .directory(dir.resolve("memcpy.zspy"));
    try (DataFile df = Readers.open(store)) {
      assertGridValues(only(df).pixels(), -1, -1, 0);
    }
  }

  /**
   * 2 blocks of 512 float32 each (the second a leftover of 256 values, never split): the first split into 4 shuffled
   * streams, each stored raw (length equal to its plain size), as c-blosc leaves a stream it cannot compress.
   */
  @Test
  void bloscSplitRawStreamsAndALeftoverBlock() throws IOException {
    int n = 768;
    float[] values = new float[n];
    ByteBuffer raw = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) { values[i] = (float) Math.sin(i * 0.37) * 1000; raw.putFloat(4 * i, values[i]); }
    byte[] block0 = shuffle(Arrays.copyOfRange(raw.array(), 0, 2048), 4);
    byte[] block1 = shuffle(Arrays.copyOfRange(raw.array(), 2048, 3072), 4);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int s = 0; s < 4; s++) { body.write(le(512)); body.write(block0, 512 * s, 512); }
    int start1 = 16 + 8 + body.size();
    body.write(le(1024));
    body.write(block1);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(bloscHeader(0x01 | 1 << 5, 4, 4 * n, 2048, 16 + 8 + body.size()));
    frame.write(le(24));
    frame.write(le(start1));
    frame.write(body.toByteArray());
    Path store = hyperSpy(zarray("[768]", "[768]", "<f4", "C", "0.0", "{\"id\": \"blosc\", \"cname\": \"lz4\", \"clevel\": 5, \"shuffle\": 1}", ""), null, null)
        .put(SIG + "data/0", frame.toByteArray()).directory(dir.resolve("split.zspy"));
    try (DataFile df = Readers.open(store)) {
      Pixels p = pixels(df.datasets().get(0));
      assertThat(p.toFloatArray()).containsExactly(values);
    }
  }

  /** Bit shuffle of 8 bytes [255, 0, ...]: every one of the 8 bit planes holds element 0 only, so each plane byte is 1. */
  @Test
  void bloscBitShuffle() throws IOException {
    byte[] planes = {1, 1, 1, 1, 1, 1, 1, 1};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(bloscHeader(0x04 | 0x10 | 1 << 5, 1, 8, 8, 16 + 4 + 4 + 8));
    frame.write(le(20));
    frame.write(le(8));
    frame.write(planes);
    Path store = hyperSpy(zarray("[8]", "[8]", "|u1", "C", "0", "{\"id\": \"blosc\", \"cname\": \"lz4\", \"shuffle\": 2}", ""), null, null)
        .put(SIG + "data/0", frame.toByteArray()).directory(dir.resolve("bits.zspy"));
    try (DataFile df = Readers.open(store)) {
      assertThat(pixels(df.datasets().get(0)).toFloatArray()).containsExactly(255, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  @Test
  void fourDimensionalSignalIsACubeAndNaNFillsMissingChunks() throws IOException {
    Store s = hyperSpy(zarray("[2, 3, 4, 4]", "[1, 3, 4, 4]", "<f8", "C", "\"NaN\"", "null", ""), null, null);
    ByteBuffer c = ByteBuffer.allocate(3 * 16 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 48; i++) c.putDouble(8 * i, i * 0.25);
    s.put(SIG + "data/0.0.0.0", c.array());
    try (DataFile df = Readers.open(s.directory(dir.resolve("cube.zspy")))) {
      DataCube4D cube = (DataCube4D) df.datasets().get(0);
      assertThat(new int[] {cube.scanY(), cube.scanX(), cube.detY(), cube.detX()}).containsExactly(2, 3, 4, 4);
      float[] frame = new float[16];
      cube.readFrame(2, 0, frame);
      assertThat(frame[5]).isEqualTo((32 + 5) * 0.25f);
      cube.readFrame(1, 1, frame);
      assertThat(frame[0]).isNaN();
    }
  }

  @Test
  void plainZarrGroupWithoutExperimentsGivesEveryArray() throws IOException {
    Store s = new Store().put(".zgroup", GROUP).put("img/.zgroup", GROUP)
        .put("img/frame/.zarray", zarray("[2, 3]", "[2, 3]", ">u2", "C", "0", "null", ""))
        .put("img/frame/0.0", new byte[] {0, 1, 0, 2, 0, 3, 1, 0, 1, 1, (byte) 0xFF, (byte) 0xFF});
    try (DataFile df = Readers.open(s.directory(dir.resolve("plain.zarr")))) {
      Image im = (Image) df.datasets().get(0);
      assertThat(im.toFloat()).containsExactly(1, 2, 3, 256, 257, 65535);
    }
  }

  @Test
  void modelsAndRaggedArraysAreListedAsNotRead() throws IOException {
    Store s = grid("null", raw -> raw, ".", false, "0", null)
        .put("Analysis/.zgroup", GROUP).put("Analysis/models/.zgroup", GROUP)
        .put("Analysis/models/chisq/.zarray", zarray("[4]", "[4]", "<f8", "C", "0", "null", ""))
        .put(SIG + "metadata/Markers/.zgroup", GROUP)
        .put(SIG + "metadata/Markers/offsets/.zarray", zarray("[3]", "[3]", "|O", "C", "0", "null", ""));
    try (DataFile df = Readers.open(s.zip(dir.resolve("model.zspy")))) {
      assertThat(df.datasets()).hasSize(1);
      assertThat(df.metadata().summary().get("not_read").toString())
          .contains("Analysis/models/chisq").contains(SIG + "metadata/Markers/offsets");
    }
  }

  // bad input: the message names the file and chunk and says what was expected

  @Test
  void aChunkShorterThanItsShapeIsRefusedNamingIt() throws IOException {
    Store s = grid("null", raw -> raw, ".", false, "0", null);
    s.put(SIG + "data/1.1", Arrays.copyOf(chunk(1, 1, false), 20));
    Path store = s.directory(dir.resolve("short.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("short.zspy/" + SIG + "data/1.1").hasMessageContaining("20 bytes").hasMessageContaining("expected 24");
  }

  @Test
  void aTruncatedZlibChunkIsRefusedNamingIt() throws IOException {
    Store s = grid("{\"id\": \"zlib\"}", ZspyReaderTest::zlib, ".", false, "0", null);
    byte[] good = zlib(chunk(0, 1, false));
    s.put(SIG + "data/0.1", Arrays.copyOf(good, good.length - 6));
    Path store = s.zip(dir.resolve("cut.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut.zspy!" + SIG + "data/0.1").hasMessageContaining("expected 24");
  }

  @Test
  void aFillValueThatIsNotANumberIsRefusedNamingTheFileAndTheValue() throws IOException {
    Path store = grid("null", raw -> raw, ".", false, "\"seven\"", null).zip(dir.resolve("fill.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("fill.zspy!" + SIG + "data/.zarray: fill_value 'seven' is not a number; expected a number, null");
  }

  @Test
  void anUnknownCompressorIsRefusedNamingIt() throws IOException {
    Path store = grid("{\"id\": \"bz2\", \"level\": 9}", raw -> raw, ".", false, "0", null).directory(dir.resolve("bz.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("data/0.0").hasMessageContaining("compressor 'bz2' is not supported");
  }

  @Test
  void bloscSnappyIsRefusedNamingTheCodec() throws IOException {
    Codec snappy = raw -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(bloscHeader(0x10 | 2 << 5, 4, raw.length, raw.length, 16 + 4 + 4 + 3));
      out.write(le(20));
      out.write(le(3));
      out.write(new byte[] {1, 2, 3});
      return out.toByteArray();
    };
    Path store = grid("{\"id\": \"blosc\", \"cname\": \"snappy\"}", snappy, ".", false, "0", null).directory(dir.resolve("sn.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("data/0.0").hasMessageContaining("Blosc codec snappy");
  }

  /** A BloscLZ stream (literal run of 24 bytes) in a byte-shuffled, unsplit block; a corrupt one names its chunk. */
  @Test
  void bloscLzBlocksAndACorruptOne() throws IOException {
    Codec blosclz = raw -> {
      byte[] shuffled = shuffle(raw, 4);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(bloscHeader(0x01 | 0x10, 4, raw.length, raw.length, 16 + 4 + 4 + 1 + raw.length));
      out.write(le(20));
      out.write(le(1 + raw.length));
      out.write(raw.length - 1);
      out.write(shuffled);
      return out.toByteArray();
    };
    Store s = grid("{\"id\": \"blosc\", \"cname\": \"blosclz\", \"shuffle\": 1}", blosclz, ".", false, "0", null);
    try (DataFile df = Readers.open(s.zip(dir.resolve("lz.zspy")))) {
      assertGridValues(only(df).pixels(), -1, -1, 0);
    }
    byte[] bad = blosclz.encode(chunk(2, 2, false));
    bad[24] = 31;  // the first literal run now claims 32 bytes: past the block's 24
    s.put(SIG + "data/2.2", bad);
    Path store = s.zip(dir.resolve("lzbad.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("lzbad.zspy!" + SIG + "data/2.2 block 0").hasMessageContaining("corrupt blosclz data");
  }

  @ParameterizedTest
  @ValueSource(strings = {"<U8", "|S4", "<M8[ns]", "<f3"})
  void anUnsupportedDtypeIsRefusedNamingIt(String dtype) throws IOException {
    Path store = hyperSpy(zarray("[4]", "[4]", dtype, "C", "0", "null", ""), null, null).directory(dir.resolve("t.zspy"));
    assertThatThrownBy(() -> Readers.open(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("data/.zarray").hasMessageContaining("dtype " + dtype + " is not supported");
  }

  @Test
  void anArrayAboveTheLimitIsRefused() throws IOException {
    Path store = grid("null", raw -> raw, ".", false, "0", null).directory(dir.resolve("big.zspy"));
    assertThatThrownBy(() -> new ZspyReader(100).read(store)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("140 bytes (7×5 int32)").hasMessageContaining("above 100 bytes are not loaded");
  }

  @Test
  void aTruncatedZipIsRefusedNamingIt() throws IOException {
    Path zip = grid("null", raw -> raw, ".", false, "0", null).zip(dir.resolve("cut-zip.zspy"));
    byte[] all = Files.readAllBytes(zip);
    Files.write(zip, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> Readers.open(zip)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("cut-zip.zspy: not a readable zip file");
  }

  /** Corrupted Blosc frames (random bytes changed, seed fixed) decode or are refused as bad input; nothing else escapes. */
  @Test
  void corruptBloscFramesAreBadInputNeverACrash() throws IOException {
    java.util.Random rnd = new java.util.Random(11);
    Codec[] frames = {ZspyReaderTest::bloscZlibShuffled, raw -> blosc(raw, 0x01 | 0x10 | 1 << 5, ZspyReaderTest::lz4Block),
        raw -> blosc(raw, 0x04 | 0x10, raw2 -> { byte[] b = new byte[raw2.length + 1]; b[0] = (byte) (raw2.length - 1);
          System.arraycopy(raw2, 0, b, 1, raw2.length); return b; })};
    int refused = 0;
    Path[] stores = new Path[frames.length];
    for (int f = 0; f < frames.length; f++) {
      stores[f] = grid("{\"id\": \"blosc\"}", frames[f], ".", false, "0", null).directory(dir.resolve("fuzz" + f + ".zspy"));
    }
    for (int trial = 0; trial < 600; trial++) {
      Codec base = frames[trial % frames.length];
      byte[] frame = base.encode(chunk(0, 0, false));
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) frame[rnd.nextInt(frame.length)] = (byte) rnd.nextInt(256);
      Path store = stores[trial % frames.length];
      Files.write(store.resolve(SIG + "data/0.0"), frame);
      try (DataFile df = Readers.open(store)) {
        assertThat(df.datasets()).hasSize(1);
      } catch (BadInputException e) {
        assertThat(e.getMessage()).contains("data/0.0");
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(300);
  }

  /** One unsplit block with {@code flags}, its stream made by {@code stream} from the (shuffled) bytes. */
  private static byte[] blosc(byte[] raw, int flags, Codec stream) throws IOException {
    byte[] filtered = (flags & 0x01) != 0 ? shuffle(raw, 4) : raw;
    byte[] body = stream.encode(filtered);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bloscHeader(flags, (flags & 0x04) != 0 ? 1 : 4, raw.length, raw.length, 16 + 4 + 4 + body.length));
    out.write(le(20));
    out.write(le(body.length));
    out.write(body);
    return out.toByteArray();
  }

  private static byte[] lz4Block(byte[] raw) {
    byte[] withSize = lz4(raw);
    return Arrays.copyOfRange(withSize, 4, withSize.length);
  }

  @Test
  void aDirectoryThatIsNotAStoreIsRefusedClearly() throws IOException {
    Files.createDirectories(dir.resolve("scans"));
    assertThatThrownBy(() -> Readers.open(dir.resolve("scans"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("is a directory without a zarr .zgroup or .zarray");
  }

  private static Pixels pixels(Dataset d) {
    if (d instanceof org.causalem.data.Spectrum s) return s.pixels();
    if (d instanceof org.causalem.data.NdArray a) return a.pixels();
    if (d instanceof Image i) return i.pixels();
    if (d instanceof SpectrumImage si) return si.pixels();
    throw new AssertionError(d.getClass().getSimpleName());
  }

  private static byte[] zlib(byte[] raw) {
    Deflater d = new Deflater(6);
    d.setInput(raw);
    d.finish();
    byte[] buf = new byte[raw.length * 2 + 64];
    int n = d.deflate(buf);
    d.end();
    return Arrays.copyOf(buf, n);
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) { out.write(raw); }
    return bytes.toByteArray();
  }

  private static byte[] zstd(byte[] raw) {
    ZstdCompressor c = new ZstdCompressor();
    byte[] buf = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, buf, 0, buf.length);
    return Arrays.copyOf(buf, n);
  }

  /** numcodecs' LZ4: the plain size (little-endian int32), then one LZ4 block. */
  private static byte[] lz4(byte[] raw) {
    Lz4Compressor c = new Lz4Compressor();
    byte[] buf = new byte[4 + c.maxCompressedLength(raw.length)];
    System.arraycopy(le(raw.length), 0, buf, 0, 4);
    int n = c.compress(raw, 0, raw.length, buf, 4, buf.length - 4);
    return Arrays.copyOf(buf, 4 + n);
  }
}
