package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one number grammar of tables, and the UTF-8 contract of text inputs. */
class NumbersTest {
  @Test
  void decimalsWithSignFractionAndExponentAreNumbers() throws Exception {
    String[] ok = {"3", "-0.5", "+2", ".5", "2.", "1.5e-3", "-1.5E+3", "6e23", "0", "-0", "1e-400"};
    double[] want = {3, -0.5, 2, 0.5, 2, 1.5e-3, -1.5e3, 6e23, 0, -0.0, 0};
    for (int i = 0; i < ok.length; i++) assertThat(Numbers.parse(ok[i])).as(ok[i]).isEqualTo(want[i]);
  }

  @Test
  void everyMissingSpellingIncludingSignedNanIsMissing() throws Exception {
    for (String s : new String[] {"", "NA", "na", "N/A", "#N/A", "NaN", "nan", "NAN", "-NaN", "+NaN", "-nan", "null", "None", "?"}) {
      assertThat(Numbers.isMissing(s)).as(s).isTrue();
      assertThat(Numbers.parse(s)).as(s).isNaN();
    }
  }

  @Test
  void javaSyntaxInfinitiesAndOverflowAreRefused() {
    for (String s : new String[] {"3f", "2.5D", "0x1p3", "1_000", "1,5", "1 000", "e5", "1e", "--1", "Infinity", "-inf", "+Inf", "1e400", "-1e309", "٣", "1.2.3", "NaNx"}) {
      assertThatThrownBy(() -> Numbers.parse(s)).as(s).isInstanceOf(Numbers.NotANumber.class);
      assertThat(Numbers.isNumber(s)).as(s).isFalse();
    }
    assertThatThrownBy(() -> Numbers.parse("inf")).hasMessageContaining("infinite");
    assertThatThrownBy(() -> Numbers.parse("1e400")).hasMessageContaining("too large");
  }

  @Test
  void tableCellsNameFileLineColumnAndText(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("t.csv"), "a,b\n1,2\n3,2.5D\n");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("t.csv").hasMessageContaining("line 3").hasMessageContaining("column 2 ('b')").hasMessageContaining("'2.5D'");
  }

  @Test
  void signedNanIsCountedAsMissing(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("t.csv"), "a,b\n1,2\n-NaN,3\n2,+nan\n4,5\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.droppedRows()).isEqualTo(2);
    assertThat(r.table().rows()).isEqualTo(2);
  }

  @Test
  void utf8WithBomAndCrlfIsReadAndUtf16OrBinaryIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
    Path bom = tmp.resolve("bom.csv");
    Files.write(bom, ("\uFEFFa,b\r\n1,2\r\n3,4\r\n").getBytes(StandardCharsets.UTF_8));
    TableReader.Result r = TableReader.read(bom);
    assertThat(r.table().names()).containsExactly("a", "b");
    assertThat(r.table().rows()).isEqualTo(2);
    Path u16 = tmp.resolve("u16.csv");
    Files.write(u16, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16));
    assertThatThrownBy(() -> TableReader.read(u16)).isInstanceOf(BadInputException.class).hasMessageContaining("u16.csv").hasMessageContaining("UTF-16");
    Path u16le = tmp.resolve("u16le.csv");
    Files.write(u16le, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> TableReader.read(u16le)).isInstanceOf(BadInputException.class).hasMessageContaining("UTF-16");
    Path latin = tmp.resolve("latin.csv");
    Files.write(latin, "a,b\n1,2\n\"\u00e9\",3\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TableReader.read(latin)).isInstanceOf(BadInputException.class).hasMessageContaining("latin.csv").hasMessageContaining("not UTF-8");
    Path bin = tmp.resolve("bin.txt");
    Files.write(bin, new byte[] {'t', 'i', 'e', 'r', 1, 0, 2, 3, (byte) 0xff});
    assertThatThrownBy(() -> TextFiles.readUtf8(bin, "--prior file")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("bin.txt").hasMessageContaining("binary");
    Path latinPrior = tmp.resolve("p.txt");
    Files.write(latinPrior, "tier 1: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> TextFiles.readUtf8(latinPrior, "--prior file")).hasMessageContaining("byte offset 11");
  }

  @Test
  void pandasIndexColumnIsIgnored(@TempDir Path tmp) throws Exception {
    Path f = Files.writeString(tmp.resolve("pd.csv"), ",a,b\n0,1.5,2\n1,3,4\n2,,5\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("a", "b");
    assertThat(r.table().rows()).isEqualTo(2);
    assertThat(r.droppedRows()).isEqualTo(1);
    assertThat(r.table().columns()[0]).containsExactly(1.5, 3);
  }
}
