package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Metadata;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;

/**
 * The readers on the real files of issue 12: the Velox dual/triple-EELS spectrum images, the Velox EDS
 * event count, the Berkeley EMD {@code /microscope} group. Expected values from the MANIFEST, or read
 * independently from the raw HDF5 arrays with jhdf.
 */
class RealReadersTest {
  private static final String VELOX = "velox_EELS_EDS.emd";
  /** The HDF5 groups of the three EELS ranges, and their offsets (eV) from each group's AcquisitionMetadata. */
  private static final String[] GROUPS = {"9cb61ef427f944e087bf1bff16754e2f", "71b04632d76b447ea951c5f6bb7fcc64",
      "13270bdb2ecb41ccbf7fb78b57abad4e"};
  private static final double[] OFFSETS = {-21.5026, 480.00000000000006, 800};

  @Test
  void veloxEelsRangesAreThreeCalibratedSpectrumImagesOfTheScan() throws Exception {
    Path p = SharedData.real(VELOX);
    try (DataFile df = Readers.open(p); HdfFile f = new HdfFile(p)) {
      for (int k = 0; k < 3; k++) {
        SpectrumImage si = (SpectrumImage) df.dataset("EELS-" + k);
        assertThat(si.shape()).containsExactly(16, 20, 2048);
        assertThat(si.energy().offset()).isCloseTo(OFFSETS[k], within(1e-9));
        assertThat(si.energy().scale()).isCloseTo(0.1692, within(1e-12));
        assertThat(si.energy().unit()).isEqualTo("eV");
        assertThat(si.x().scale()).isCloseTo(158.658, within(1e-3));
        assertThat(si.y().scale()).isCloseTo(158.658, within(1e-3));
        assertThat(si.x().unit()).isEqualTo("nm");
        assertThat(si.metadata().signal()).isEqualTo(Metadata.SIGNAL_EELS);
        assertThat(si.metadata().summary()).containsEntry("energy_range", k).containsEntry(Metadata.VOLTAGE_KV, 300.0);
        // the stored array is (width 20, bincount 2048, height 16): value [x][e][y] is pixel (y, x), channel e
        Dataset raw = f.getDatasetByPath("/Data/EelsSpectrumImage/" + GROUPS[k] + "/Data");
        assertThat(raw.getDimensions()).containsExactly(20, 2048, 16);
        Object data = raw.getData();
        float[] s = new float[2048];
        for (int[] yx : new int[][] {{0, 0}, {0, 19}, {15, 0}, {7, 11}, {15, 19}}) {
          si.spectrum(yx[0], yx[1], s);
          for (int e : new int[] {0, 1, 1000, 2047}) {
            Object row = Array.get(Array.get(data, yx[1]), e);
            assertThat((double) s[e]).isEqualTo(((Number) Array.get(row, yx[0])).doubleValue() < 0
                ? ((Number) Array.get(row, yx[0])).doubleValue() + 65536 : ((Number) Array.get(row, yx[0])).doubleValue());
          }
        }
      }
      // pixel order against Velox's own map of the same scan: the 480 eV range's per-pixel sum follows the
      // Zebra (EELS) map computed by Velox, displayed as "Co-EELS" (|r| ≈ 0.5, far outside the ±0.2 of a shuffled order); any other
      // order of the 320 pixels (transposed rows, C-order reshape) does not
      SpectrumImage mid = (SpectrumImage) df.dataset("EELS-1");
      Image zebra = (Image) df.dataset("Co-EELS");
      double[] sum = new double[320];
      float[] s = new float[2048];
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 20; x++) {
          mid.spectrum(y, x, s);
          for (float v : s) sum[y * 20 + x] += v;
        }
      }
      double[] map = new double[320];
      for (int i = 0; i < 320; i++) map[i] = zebra.pixels().getDouble(i);
      assertThat(Math.abs(correlation(sum, map))).isGreaterThan(0.4);
      double[] flipped = new double[320];
      for (int y = 0; y < 16; y++) for (int x = 0; x < 20; x++) flipped[y * 20 + x] = sum[(15 - y) * 20 + x];
      assertThat(Math.abs(correlation(flipped, map))).isLessThan(0.2);
    }
  }

  @Test
  void veloxEdsEventCountLeavesOutThePixelSeparators() throws Exception {
    Path p = SharedData.real(VELOX);
    // the documented rule, applied to the raw stream: 65535 ends a pixel, any other value is one X-ray's channel
    long xrays = 0;
    long separators = 0;
    try (HdfFile f = new HdfFile(p)) {
      Object flat = f.getDatasetByPath("/Data/SpectrumStream/4705390e52d444428a79cbab418b3747/Data").getDataFlat();
      for (int i = 0; i < Array.getLength(flat); i++) {
        int v = ((Number) Array.get(flat, i)).intValue() & 0xFFFF;
        if (v == 65535) separators++;
        else xrays++;
      }
    }
    assertThat(xrays).isEqualTo(1674);      // MANIFEST: UltraX2 holds 1674 X-ray events
    assertThat(separators).isEqualTo(319);  // 319 separators for 320 pixels
    try (DataFile df = Readers.open(p)) {
      SpectrumImage eds = (SpectrumImage) df.dataset("EDS UltraX2");
      assertThat(eds.metadata().summary()).containsEntry("events", 1674L).containsEntry("pixel_separators", 319L);
      assertThat(eds.metadata().signal()).isEqualTo(Metadata.SIGNAL_EDS);
      double total = 0;
      for (long i = 0; i < eds.pixels().count(); i++) total += eds.pixels().getDouble(i);
      assertThat(total).isEqualTo(1674.0); // no separator became a count
      assertThat(eds.energy().offset()).isEqualTo(-200.0);
      assertThat(eds.energy().scale()).isEqualTo(10.0);
    }
  }

  @Test
  void berkeleyMicroscopeGroupIsInTheSummary() throws Exception {
    try (DataFile df = Readers.open(SharedData.real("STO_HAADF_noisy.emd"))) {
      Image im = df.first(Image.class);
      // /microscope attributes: high tension 200000 (V), name TEAM 0.5, dwell time 1e-06 (s), magnification 5.1e6
      assertThat(im.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0).containsEntry(Metadata.MICROSCOPE, "TEAM 0.5")
          .containsEntry(Metadata.DWELL_TIME_S, 1e-6).containsEntry(Metadata.MAGNIFICATION, 5.1e6);
      assertThat(im.x().scale()).isCloseTo(0.0122465, within(1e-7));
      assertThat(im.metadata().notes()).isEmpty();
    }
  }

  @Test
  void uncalibratedSurveyImageCarriesANote() throws Exception {
    try (DataFile df = Readers.open(SharedData.real("SI-Survey_Image.dm3"))) {
      Image im = df.first(Image.class);
      assertThat(im.x().calibrated()).isFalse();
      assertThat(im.metadata().notes()).anySatisfy(n -> assertThat(n).startsWith("pixel size not calibrated"));
    }
  }

  @Test
  void plausibilityRangesOnSyntheticAxesAndMetadata() {
    List<String> notes = new java.util.ArrayList<>();
    assertThat(Plausibility.axis(new org.causalem.data.Axis("x", 4, 0, 0.01, "nm"), notes).calibrated()).isTrue();
    assertThat(Plausibility.axis(new org.causalem.data.Axis("x", 4, 0, 2e9, "nm"), notes).calibrated()).isFalse();
    assertThat(Plausibility.axis(new org.causalem.data.Axis("qx", 4, 0, 1e-7, "1/nm"), notes).calibrated()).isFalse();
    assertThat(Plausibility.axis(new org.causalem.data.Axis("energy", 4, 0, 1e-5, "eV"), notes).calibrated()).isFalse();
    assertThat(Plausibility.axis(new org.causalem.data.Axis("energy", 4, 0, 0.005, "eV"), notes).calibrated()).isTrue();
    assertThat(notes).hasSize(3);
    Image im = new Image("im", org.causalem.data.Pixels.ofFloats(new float[4]), new org.causalem.data.Axis("y", 2, 0, 0.1, "nm"),
        new org.causalem.data.Axis("x", 2, 0, 0.1, "nm"),
        Metadata.EMPTY.withSummary(Metadata.DWELL_TIME_S, 500.0).withSummary(Metadata.VOLTAGE_KV, 200.0));
    Image checked = (Image) Plausibility.check(im);
    assertThat(checked.metadata().notes()).containsExactly(
        "dwell time 500 s is outside the physical range 1e-09 … 100 s: the file's metadata is suspect");
    assertThat(Plausibility.fmt(1.00127e-20)).isEqualTo("1.00127e-20");
    assertThat(Plausibility.fmt(0.0100127)).isEqualTo("0.0100127");
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
