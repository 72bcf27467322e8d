package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.causalem.io.DmFileWriterTest.FLOAT32;
import static org.causalem.io.DmFileWriterTest.INT32;
import static org.causalem.io.DmFileWriterTest.UINT16;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.io.DmFileWriterTest.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and lying DM files give a clear {@link BadInputException}, never an allocation. */
class DmBadInputTest {
  @TempDir Path dir;

  private Path file(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private static Group oneImage() {
    Group root = new Group();
    root.put("Label", DmFileWriterTest.text("hello"));
    root.group("ImageList").add(DmFileWriterTest.image("img", 2, new int[] {4, 2}, FLOAT32, new byte[32], null));
    return root;
  }

  /** Offset of the first occurrence of {@code needle} in {@code hay}. */
  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void rootGroupClaimingBillionsOfEntriesIsRejectedWithTheCountAndFileSize() throws IOException {
    byte[] dm3 = DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, oneImage());
    ByteBuffer.wrap(dm3).putInt(14, Integer.MAX_VALUE);
    Path f = file("lies.dm3", dm3);
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("lies.dm3")
        .hasMessageContaining("tag group root at offset 0xc claims 2147483647 entries")
        .hasMessageContaining("file has " + dm3.length + " bytes");

    byte[] dm4 = DmFileWriterTest.write(4, ByteOrder.LITTLE_ENDIAN, oneImage());
    ByteBuffer.wrap(dm4).putLong(18, 1L << 62);
    Path g = file("lies.dm4", dm4);
    assertThatThrownBy(() -> Readers.open(g)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("claims " + (1L << 62) + " entries");
  }

  @Test
  void arrayClaimingMoreElementsThanTheFileHoldsIsRejected() throws IOException {
    for (int version : new int[] {3, 4}) {
      byte[] bytes = DmFileWriterTest.write(version, ByteOrder.BIG_ENDIAN, oneImage());
      // the Data array's count follows its element type (float32 = 6) in the type description
      int data = indexOf(bytes, new byte[] {0, 4, 'D', 'a', 't', 'a'}) + 2;
      ByteBuffer b = ByteBuffer.wrap(bytes);
      int countAt = data + 4 + (version == 4 ? 8 : 0) + 4 + (version == 4 ? 8 : 4) * 3;
      if (version == 4) {
        assertThat(b.getLong(countAt)).isEqualTo(8);
        b.putLong(countAt, Long.MAX_VALUE / 2);
      } else {
        assertThat(b.getInt(countAt)).isEqualTo(8);
        b.putInt(countAt, 0x7fff_fff0);
      }
      Path f = file("array" + version, bytes);
      assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("ImageList.0.ImageData.Data")
          .hasMessageContaining("elements of float32")
          .hasMessageContaining("file has " + bytes.length + " bytes");
    }
  }

  @Test
  void dimensionsThatDisagreeWithTheDataAreRejected() throws IOException {
    Group root = new Group();
    root.group("ImageList").add(DmFileWriterTest.image("img", 2, new int[] {4, 3}, FLOAT32, new byte[32], null));
    Path f = file("dims.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, root));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("Dimensions 4×3 of float32 need 48 bytes")
        .hasMessageContaining("holds 32 bytes");

    Group zero = new Group();
    zero.group("ImageList").add(DmFileWriterTest.image("img", 2, new int[] {0, 3}, FLOAT32, new byte[0], null));
    Path g = file("zero.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, zero));
    assertThatThrownBy(() -> Readers.open(g)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("Dimensions.0 is 0; expected a positive size");
  }

  @Test
  void unknownDataTypeFallsBackOnTheDataArrayOrIsNamed() throws IOException {
    Group root = new Group();
    root.group("ImageList").add(DmFileWriterTest.image("img", 99, new int[] {2}, UINT16, new byte[4], null));
    try (var df = Readers.open(file("fallback.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, root)))) {
      assertThat(df.datasets().get(0).pixelType().numpyName()).isEqualTo("uint16");
    }
    Group structs = new Group();
    Group imageData = structs.group("ImageList").group("").group("ImageData");
    imageData.put("Data", DmFileWriterTest.structArray(new int[] {UINT16, UINT16}, new double[100][2]));
    imageData.put("DataType", DmFileWriterTest.scalar(INT32, 99));
    imageData.group("Dimensions").add(DmFileWriterTest.scalar(INT32, 100));
    Path f = file("unknown.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, structs));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("unknown.dm3: ImageList.0: unknown ImageData.DataType 99");

    Group noData = new Group();
    noData.group("ImageList").add(new Group().put("Name", DmFileWriterTest.text("x")));
    Path g = file("nodata.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, noData));
    assertThatThrownBy(() -> Readers.open(g)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("ImageList.0 has no ImageData group");
  }

  @Test
  void nestingDeeperThanTheLimitIsRejected() throws IOException {
    Group root = new Group();
    Group g = root;
    for (int i = 0; i < 100; i++) g = g.group("g");
    Path f = file("deep.dm3", DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, root));
    assertThatThrownBy(() -> Readers.open(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("nested 65 deep; at most 64");
  }

  @Test
  void brokenDelimiterUnknownKindAndUnknownTypeAreRejected() throws IOException {
    byte[] good = DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, new Group().put("v", DmFileWriterTest.scalar(INT32, 1)));
    byte[] delimiter = good.clone();
    delimiter[22] = 'X';
    assertThatThrownBy(() -> Readers.open(file("delim.dm3", delimiter))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("data tag v at offset 0x16").hasMessageContaining("expected '%%%%'");
    byte[] kind = good.clone();
    kind[18] = 7;
    assertThatThrownBy(() -> Readers.open(file("kind.dm3", kind))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("has kind 7; expected 20 (group) or 21 (data)");
    byte[] type = good.clone();
    ByteBuffer.wrap(type).putInt(30, 77);
    assertThatThrownBy(() -> Readers.open(file("type.dm3", type))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("has type code 77");
    byte[] sorted = good.clone();
    sorted[12] = 1;
    try (var df = Readers.open(file("sorted.dm3", sorted))) {
      assertThat(df.metadata().find("v")).isEqualTo(1);
    }
  }

  @Test
  void everyTruncationOfARealFileIsRejected() throws IOException {
    byte[] whole = Files.readAllBytes(SharedData.real("digitalmicrograph_2D_test_STEM_image.dm3"));
    int claimed = ByteBuffer.wrap(whole).getInt(4) + 16;
    for (int cut : new int[] {0, 3, 15, 17, 40, 200, 4000, 70718, 70718 + 100, claimed - 9, claimed - 1}) {
      Path f = file("cut" + cut, Arrays.copyOf(whole, cut));
      assertThatThrownBy(() -> Readers.open(f)).as("cut at " + cut).isInstanceOf(BadInputException.class);
    }
    Path mid = file("mid.dm3", Arrays.copyOf(whole, 70718 + 100));
    assertThatThrownBy(() -> Readers.open(mid)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("mid.dm3: truncated DM3 file: header at offset 0x4 says " + claimed
            + " bytes; file has 70818 bytes");
    // a header patched to agree with the cut: the tag parser finds where the bytes run out
    for (int cut : new int[] {40, 4000, 70718 + 100}) {
      byte[] part = Arrays.copyOf(whole, cut);
      ByteBuffer.wrap(part).putInt(4, cut - 16);
      Path f = file("patched" + cut, part);
      assertThatThrownBy(() -> Readers.open(f)).as("cut at " + cut).isInstanceOf(BadInputException.class)
          .hasMessageContaining("patched" + cut + ": ").hasMessageContaining("file has " + cut + " bytes");
    }
  }

  @Test
  void emptyFilesDirectoriesAndOtherFormatsAreNotDm() throws IOException {
    assertThatThrownBy(() -> Readers.open(file("empty.dm3", new byte[0])))
        .isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Readers.open(dir)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("directory");
    byte[] text = "this is not a DM file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(new DmReader().accepts(dir, ByteBuffer.wrap(text), text.length)).isFalse();
    byte[] version5 = DmFileWriterTest.write(3, ByteOrder.LITTLE_ENDIAN, new Group());
    ByteBuffer.wrap(version5).putInt(0, 5);
    assertThat(new DmReader().accepts(dir, ByteBuffer.wrap(version5), version5.length)).isFalse();
    byte[] badOrder = DmFileWriterTest.write(4, ByteOrder.LITTLE_ENDIAN, new Group());
    ByteBuffer.wrap(badOrder).putInt(12, 2);
    assertThat(new DmReader().accepts(dir, ByteBuffer.wrap(badOrder), badOrder.length)).isFalse();
    byte[] good = DmFileWriterTest.write(4, ByteOrder.LITTLE_ENDIAN, new Group());
    assertThat(new DmReader().accepts(dir, ByteBuffer.wrap(good), good.length)).isTrue();
  }
}
