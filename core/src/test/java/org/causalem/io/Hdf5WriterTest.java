package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5WriterTest {
  @TempDir Path tmp;

  @Test
  void mapsAndTablesRoundTripThroughJhdfAndOurReader() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    float[] a = new float[6 * 4];
    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
    Image strain = new Image("strain_xx", Pixels.ofFloats(a), new Axis("y", 6, 0.5, 0.39, "nm"), new Axis("x", 4, 0, 0.4, "nm"),
        Metadata.EMPTY);
    Image counts = Image.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    double[] px = {0.1, 0.2, Double.NaN};
    double[] pol = {3, -4, 5.5};
    Map<String, DescriptorTable> tables = new LinkedHashMap<>();
    tables.put("cells", new DescriptorTable(List.of("polarization", "x"), List.of("pm", "nm"), new double[][] {pol, px}));
    Path out = tmp.resolve("sub/results.h5");
    Hdf5Writer.write(out, List.of(strain, counts), tables);

    try (HdfFile f = new HdfFile(out)) {
      Dataset m = f.getDatasetByPath("/maps/strain_xx");
      float[][] v = (float[][]) m.getData();
      for (int row = 0; row < 6; row++) for (int c = 0; c < 4; c++) assertThat(v[row][c]).isEqualTo(a[row * 4 + c]);
      assertThat(m.getAttribute("y_scale").getData()).isEqualTo(0.39);
      assertThat(m.getAttribute("y_offset").getData()).isEqualTo(0.5);
      assertThat(m.getAttribute("x_unit").getData()).isEqualTo("nm");
      assertThat((double[]) f.getDatasetByPath("/tables/cells/polarization").getData()).containsExactly(pol);
      double[] back = (double[]) f.getDatasetByPath("/tables/cells/x").getData();
      assertThat(back[0]).isEqualTo(0.1);
      assertThat(back[2]).isNaN();
      assertThat(f.getDatasetByPath("/tables/cells/polarization").getAttribute("unit").getData()).isEqualTo("pm");
      assertThat((String[]) f.getByPath("/tables/cells").getAttribute("columns").getData()).containsExactly("polarization", "x");
    }
    try (DataFile df = Readers.open(out)) {
      assertThat(df.format()).isEqualTo("hdf5");
      Image back = (Image) df.dataset("strain_xx");
      assertThat(back.toFloat()).containsExactly(a);
      assertThat(((Image) df.dataset("image")).toFloat()).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(((NdArray) df.dataset("polarization")).pixels().toDoubleArray()).containsExactly(pol);
    }
    try (var files = Files.list(out.getParent())) {
      assertThat(files.map(q -> q.getFileName().toString()).toList()).containsExactly("results.h5");
    }
  }

  @Test
  void invalidNamesAreRefusedAndLeaveNoFile() {
    Path out = tmp.resolve("bad.h5");
    Image m = new Image("a/b", Pixels.ofFloats(new float[1]), Axis.pixels("y", 1), Axis.pixels("x", 1), Metadata.EMPTY);
    assertThatThrownBy(() -> Hdf5Writer.write(out, List.of(m), Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b");
    Image one = Image.of(new float[1], 1, 1);
    assertThatThrownBy(() -> Hdf5Writer.write(out, List.of(one, one), Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThat(out).doesNotExist();
  }
}
