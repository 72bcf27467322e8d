package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReaderTest {
  @TempDir Path dir;

  @Test
  void readsQuotedCsvDropsMissingRowsAndFlagsIntegerColumns() throws Exception {
    Path f = dir.resolve("t.csv");
    Files.writeString(f, "\"a,1\",b,\"c \"\"q\"\"\"\n1,2.5,3\n2,NA,4\n3,,5\n4,1e1,NaN\n5,-0.5,6\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("a,1", "b", "c \"q\"");
    assertThat(r.droppedRows()).isEqualTo(3);
    assertThat(r.table().rows()).isEqualTo(2);
    assertThat(r.table().column("a,1")).containsExactly(1, 5);
    assertThat(r.table().column("b")).containsExactly(2.5, -0.5);
    assertThat(r.discrete()).containsExactly(true, false, true);
  }

  @Test
  void keepingMissingLeavesEveryRowWithNaNWhereAValueIsMissing() throws Exception {
    Path f = dir.resolve("k.csv");
    Files.writeString(f, "a,b,c\n1,2.5,3\n2,NA,4\n3,,5\n4,1e1,NaN\n5,-0.5,?\n");
    TableReader.Result r = TableReader.readKeepingMissing(f);
    assertThat(r.droppedRows()).isZero();
    assertThat(r.table().rows()).isEqualTo(5);
    assertThat(r.table().column("a")).containsExactly(1, 2, 3, 4, 5);
    assertThat(r.table().column("b")).containsExactly(2.5, Double.NaN, Double.NaN, 10, -0.5);
    assertThat(r.table().column("c")).containsExactly(3, 4, 5, Double.NaN, Double.NaN);
    assertThat(r.table().completeRows()).containsExactly(0);
    assertThat(r.discrete()).containsExactly(true, false, true);
  }

  @Test
  void readsWhitespaceTextWithHeader() throws Exception {
    Path f = dir.resolve("w.txt");
    Files.writeString(f, "X1 X2\n1   2\n\t3 4\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.table().names()).containsExactly("X1", "X2");
    assertThat(r.table().column("X2")).containsExactly(2, 4);
  }

  @Test
  void headerlessNumericFileGetsGeneratedNames() throws Exception {
    TableReader.Result r = TableReader.read(SharedData.causal("tuebingen_pair0001.txt"));
    assertThat(r.table().names()).containsExactly("X1", "X2");
    assertThat(r.table().column("X1")[0]).isEqualTo(205);
    assertThat(r.table().column("X2")[0]).isEqualTo(9.7);
    assertThat(r.discrete()).containsExactly(false, false); // altitudes include 443.6
  }

  @Test
  void sharedBnlearnFileIsDiscrete() throws Exception {
    TableReader.Result r = TableReader.read(SharedData.causal("bnlearn10000/asia.data.txt"));
    assertThat(r.table().rows()).isEqualTo(10000);
    assertThat(r.table().width()).isEqualTo(8);
    assertThat(r.discrete()).containsOnly(true);
    assertThat(r.droppedRows()).isZero();
  }

  @Test
  void nonNumericTextNamesFileLineColumnAndValue() throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "a,b\n1,2\n3,oops\n");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("bad.csv").hasMessageContaining("line 3").hasMessageContaining("'b'").hasMessageContaining("oops");
  }

  @Test
  void raggedRowIsRejected() throws Exception {
    Path f = dir.resolve("rag.csv");
    Files.writeString(f, "a,b\n1,2,3\n");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class).hasMessageContaining("line 2");
  }

  @Test
  void csvWriterRoundTrips() throws Exception {
    DescriptorTable t = DescriptorTable.of(List.of("x", "y,z"), new double[][] {{1, 2.25}, {Double.NaN, -3}});
    Path f = dir.resolve("out.csv");
    CsvWriter.write(f, t);
    assertThat(Files.readString(f)).isEqualTo("x,\"y,z\"\n1,\n2.25,-3\n");
    TableReader.Result r = TableReader.read(f);
    assertThat(r.droppedRows()).isEqualTo(1);
    assertThat(r.table().column("y,z")).containsExactly(-3);
  }

  @Test
  void textColumnsNotUsedAreLeftOutWithoutCountingAsMissing() throws Exception {
    // pandas index, a text column with an empty cell, a numeric column with a missing value
    Path f = Files.write(dir.resolve("t.csv"), List.of(",a,label,b", "0,1.5,A,2", "1,2.5,,3", "2,3.5,B,", "3,4.5,\"x, y\",5"));
    TableReader.Result r = TableReader.read(f, List.of("a", "b"), false);
    assertThat(r.table().names()).containsExactly("a", "b");
    assertThat(r.textColumns()).containsExactly("label");
    assertThat(r.droppedRows()).isEqualTo(1); // only the row missing b
    assertThat(r.table().column("a")).containsExactly(1.5, 2.5, 4.5);
    TableReader.Result kept = TableReader.read(f, List.of("a"), true);
    assertThat(kept.table().rows()).isEqualTo(4);
    assertThat(kept.table().column("b")[2]).isNaN();
    // used, or every column: refused naming line, column and value
    assertThatThrownBy(() -> TableReader.read(f, List.of("a", "label"), false)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("t.csv").hasMessageContaining("line 2").hasMessageContaining("'label'").hasMessageContaining("'A'");
    assertThatThrownBy(() -> TableReader.read(f)).isInstanceOf(BadInputException.class).hasMessageContaining("'label'");
    assertThatThrownBy(() -> TableReader.read(f, null, true)).isInstanceOf(BadInputException.class).hasMessageContaining("'label'");
  }
}
