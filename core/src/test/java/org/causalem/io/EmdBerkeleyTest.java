package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Berkeley EMD: the real 4D-STEM simulation and synthetic files covering each rank and unit. */
class EmdBerkeleyTest {
  @TempDir Path tmp;

  @Test
  void si100SimulationHoldsTwo11By11By8By8CubesOneperDepth() throws Exception {
    Path p = SharedData.real("emd_Si100_4D.emd");
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-berkeley");
      assertThat(df.datasets()).hasSize(2);
      for (int depth = 0; depth < 2; depth++) {
        DataCube4D c = (DataCube4D) df.dataset("CBED_array_depth000" + depth);
        assertThat(c.shape()).containsExactly(11, 11, 8, 8);
        assertThat(c.pixelType()).isEqualTo(PixelType.FLOAT32);
        // dim vectors: R 0, 0.5, ... 5 "n_m"; Q -0.7366..0.5525 step 0.18416 "n_m^-1".
        assertThat(c.ry().scale()).isCloseTo(0.5, within(1e-7));
        assertThat(c.rx().unit()).isEqualTo("nm");
        assertThat(c.qx().offset()).isCloseTo(-0.73664826, within(1e-6));
        assertThat(c.qx().scale()).isCloseTo(0.18416207, within(1e-6));
        assertThat(c.qy().unit()).isEqualTo("1/nm");
        float[][][][] raw;
        try (HdfFile f = new HdfFile(p)) {
          raw = (float[][][][]) f.getDatasetByPath("/4DSTEM_simulation/data/datacubes/CBED_array_depth000" + depth + "/datacube").getData();
        }
        Hdf5ReaderTest.assertEqual(c, raw);
      }
    }
  }

  @Test
  void ranksUnitsAndAxisNamesFollowTheDimVectors() throws Exception {
    Path p = tmp.resolve("synthetic.emd");
    float[][][] si = new float[2][3][4];
    si[1][2][3] = 7;
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putAttribute("version_major", 0);
      w.putAttribute("version_minor", 2);
      WritableGroup data = w.putGroup("data");
      WritableGroup g = data.putGroup("eels_si");
      g.putAttribute("emd_group_type", 1);
      g.putDataset("data", si);
      dim(g, 1, new double[] {10, 12}, "y", "[A]");
      dim(g, 2, new double[] {0, 1, 2}, "x", "m");
      dim(g, 3, new double[] {0.3, 0.301, 0.302, 0.303}, "E", "keV");
      WritableGroup im = data.putGroup("image");
      im.putAttribute("emd_group_type", 1);
      im.putDataset("data", new short[3][2]);
      dim(im, 1, new double[] {0, 2, 4}, "k_y", "1/A");
      dim(im, 2, new double[] {0, 2}, "k_x", "1/A");
      WritableGroup movie = data.putGroup("movie");
      movie.putAttribute("emd_group_type", 1);
      movie.putDataset("data", new float[4][2][2]);
      dim(movie, 1, new double[] {0, 0.5, 1, 1.5}, "t", "s");
      dim(movie, 2, new double[] {0, 1}, "y", "n_m");
      dim(movie, 3, new double[] {0, 1}, "x", "n_m");
      WritableGroup sp = data.putGroup("spectrum");
      sp.putAttribute("emd_group_type", 1);
      sp.putDataset("data", new double[] {1, 2, 3});
      dim(sp, 1, new double[] {100, 100.5, 101}, "E", "eV");
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-berkeley");
      SpectrumImage s = (SpectrumImage) df.dataset("eels_si");
      assertThat(s.y().offset()).isCloseTo(1.0, within(1e-12));
      assertThat(s.y().scale()).isCloseTo(0.2, within(1e-12));
      assertThat(s.x().scale()).isCloseTo(1e9, within(1e-3));
      assertThat(s.energy().offset()).isCloseTo(300, within(1e-9));
      assertThat(s.energy().scale()).isCloseTo(1.0, within(1e-9));
      float[] spec = new float[4];
      s.spectrum(1, 2, spec);
      assertThat(spec).containsExactly(0, 0, 0, 7);
      Image img = (Image) df.dataset("image");
      assertThat(img.shape()).containsExactly(3, 2);
      assertThat(img.y().unit()).isEqualTo("1/nm");
      assertThat(img.y().scale()).isCloseTo(20, within(1e-9));
      ImageStack st = (ImageStack) df.dataset("movie");
      assertThat(st.frame().unit()).isEqualTo("s");
      assertThat(st.frame().scale()).isEqualTo(0.5);
      Spectrum sp1 = (Spectrum) df.dataset("spectrum");
      assertThat(sp1.energy().offset()).isEqualTo(100);
      assertThat(sp1.pixelType()).isEqualTo(PixelType.FLOAT64);
    }
  }

  @Test
  void emd1ArrayGroupsWithZeroBasedDimsAreRead() throws Exception {
    Path p = tmp.resolve("emd1.emd");
    try (WritableHdfFile w = HdfFile.write(p)) {
      w.putAttribute("emd_group_type", "file");
      WritableGroup g = w.putGroup("root").putGroup("image");
      g.putAttribute("emd_group_type", "array");
      g.putDataset("data", new int[][] {{1, 2, 3}, {4, 5, 6}});
      dim(g, 0, new double[] {0, 0.1}, "y", "nm");
      dim(g, 1, new double[] {5, 5.2, 5.4}, "x", "nm");
    }
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-berkeley");
      Image img = (Image) df.dataset("image");
      assertThat(img.toFloat()).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(img.x().offset()).isEqualTo(5.0);
      assertThat(img.x().scale()).isCloseTo(0.2, within(1e-9));
      assertThat(img.y().scale()).isCloseTo(0.1, within(1e-12));
      assertThat(img.pixelType()).isEqualTo(PixelType.INT32);
    }
  }

  private static void dim(WritableGroup g, int i, double[] v, String name, String units) {
    WritableDataset d = g.putDataset("dim" + i, v);
    d.putAttribute("name", name);
    d.putAttribute("units", units);
  }
}
