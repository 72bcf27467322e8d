package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmdWriter}'s files (written by {@link Hdf5Builder}) read back by an independent HDF5 reader (jhdf) and by
 * the project's readers; the checksum against the published lookup3 test vectors.
 */
class EmdWriterTest {
  @TempDir Path tmp;

  @Test
  void lookup3MatchesThePublishedTestVectors() {
    assertThat(Hdf5Builder.lookup3(new byte[0], 0, 0)).isEqualTo(0xdeadbeef);
    byte[] text = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);
    assertThat(Hdf5Builder.lookup3(text, 0, text.length)).isEqualTo(0x17770551);
  }

  @Test
  void everyArrayAxisAndAttributeReadsBackWithJhdf() throws Exception {
    Path p = tmp.resolve("out.emd");
    int h = 3;
    int w = 70;   // 210 values: rows longer than one line of the hex dump, an odd byte count of float64 axes
    float[] map = new float[h * w];
    for (int i = 0; i < map.length; i++) map[i] = i * 0.5f - 7;
    map[5] = Float.NaN;
    int[] flags = new int[h * w];
    for (int i = 0; i < flags.length; i++) flags[i] = i % 4 - 1;
    float[] cube = new float[2 * h * w];
    for (int i = 0; i < cube.length; i++) cube[i] = (float) Math.sin(i);
    Axis y = new Axis("y", h, 1.5, 0.25, "nm");
    Axis x = new Axis("x", w, 0, 0.25, "nm");
    Axis k = Axis.pixels("component", 2);
    new EmdWriter().add("map", map, y, x).add("flag", flags, y, x).add("loadings", cube, k, y, x).write(p);

    try (HdfFile f = new HdfFile(p)) {
      assertThat(f.getAttribute("version_major").getData()).isEqualTo(0);
      assertThat(f.getAttribute("version_minor").getData()).isEqualTo(2);
      assertThat(f.getAttribute("creator").getData()).isEqualTo("CausalEM");
      assertThat(f.getByPath("/data/map").getAttribute("emd_group_type").getData()).isEqualTo(1);
      Dataset m = f.getDatasetByPath("/data/map/data");
      assertThat(m.getDimensions()).containsExactly(h, w);
      float[][] mv = (float[][]) m.getData();
      assertThat(mv[0][4]).isEqualTo(-5f);
      assertThat(mv[0][5]).isNaN();
      assertThat(mv[2][69]).isEqualTo(map[209]);
      int[][] fv = (int[][]) f.getDatasetByPath("/data/flag/data").getData();
      assertThat(fv[1][3]).isEqualTo(flags[73]).isEqualTo(-1 + 73 % 4);
      float[][][] cv = (float[][][]) f.getDatasetByPath("/data/loadings/data").getData();
      assertThat(cv[1][2][69]).isEqualTo(cube[cube.length - 1]);
      Dataset dim1 = f.getDatasetByPath("/data/map/dim1");
      assertThat((double[]) dim1.getData()).containsExactly(1.5, 1.75, 2.0);
      assertThat(dim1.getAttribute("name").getData()).isEqualTo("y");
      assertThat(dim1.getAttribute("units").getData()).isEqualTo("[n_m]");
      assertThat(f.getDatasetByPath("/data/loadings/dim1").getAttribute("units").getData()).isEqualTo("");
      assertThat(((double[]) f.getDatasetByPath("/data/map/dim2").getData())[69]).isCloseTo(17.25, within(1e-12));
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-berkeley");
      assertThat(df.datasets()).hasSize(3);
    }
  }

  @Test
  void aSpectrumImageKeepsItsEnergyAxis() throws Exception {
    Path p = tmp.resolve("si.emd");
    float[] values = new float[2 * 2 * 5];
    for (int i = 0; i < values.length; i++) values[i] = i;
    Axis e = new Axis("energy", 5, 280, 0.5, "eV");
    new EmdWriter().add("si", values, new Axis("y", 2, 0, 1, "nm"), new Axis("x", 2, 0, 1, "nm"), e).write(p);
    try (DataFile df = Readers.open(p)) {
      SpectrumImage si = (SpectrumImage) df.datasets().get(0);
      assertThat(si.energy().offset()).isEqualTo(280);
      assertThat(si.energy().scale()).isEqualTo(0.5);
      assertThat(si.energy().unit()).isEqualTo("eV");
    }
  }

  @Test
  void namesHyperSpyWouldMisreadAreRefused() {
    assertThatThrownBy(() -> new EmdWriter().add("a-b", new float[1], Axis.pixels("x", 1)).add("a", new float[1], Axis.pixels("x", 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("starts with");
    assertThatThrownBy(() -> new EmdWriter().add("a/b", new float[1], Axis.pixels("x", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EmdWriter().add("", new float[1], Axis.pixels("x", 1))).isInstanceOf(IllegalArgumentException.class);
  }
}
