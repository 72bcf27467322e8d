package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Kind;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;

/** Every DM file in ../shared/data/real holds what its MANIFEST says. */
class DmRealFilesTest {
  private static DataFile open(String name) throws IOException {
    Path p = SharedData.real(name);
    return Readers.open(p);
  }

  private static void assertAxis(Axis a, String name, int size, double offset, double scale, String unit) {
    assertThat(a.name()).isEqualTo(name);
    assertThat(a.size()).isEqualTo(size);
    assertThat(a.offset()).as(name + " offset").isCloseTo(offset, within(1e-6 * Math.max(1, Math.abs(offset))));
    assertThat(a.scale()).as(name + " scale").isCloseTo(scale, within(1e-6 * Math.abs(scale)));
    assertThat(a.unit()).isEqualTo(unit);
  }

  @Test
  void carbonSpectrumHasCarbonKEdgeAt283To285Ev() throws IOException {
    try (DataFile df = open("08_carbon.dm3")) {
      assertThat(df.format()).isEqualTo("dm3");
      assertThat(df.datasets()).hasSize(1);
      Spectrum s = df.first(Spectrum.class);
      assertAxis(s.energy(), "energy", 2048, 240, 0.1, "eV");
      assertThat(s.energy().value(2047)).isCloseTo(444.7, within(1e-6));
      assertThat(s.metadata().summary().get(Metadata.VOLTAGE_KV)).isEqualTo(300.0);
      double edge = steepestRiseEv(s.toFloat(), s.energiesEv(), 9);
      assertThat(edge).isBetween(283.0, 285.0);
    }
  }

  /** Energy (midpoint of the two channels) where a moving average of {@code width} channels rises most. */
  private static double steepestRiseEv(float[] counts, double[] energies, int width) {
    int n = counts.length;
    double[] smooth = new double[n];
    int half = width / 2;
    for (int i = half; i < n - half; i++) {
      double sum = 0;
      for (int k = -half; k <= half; k++) sum += counts[i + k];
      smooth[i] = sum / width;
    }
    int best = -1;
    double bestRise = Double.NEGATIVE_INFINITY;
    for (int i = 2 * half; i < n - 2 * half - 1; i++) {
      double rise = smooth[i + 1] - smooth[i];
      if (rise > bestRise) {
        bestRise = rise;
        best = i;
      }
    }
    return (energies[best] + energies[best + 1]) / 2;
  }

  @Test
  void eelsStoDm3AndDm4HoldTheSameSpectrum() throws IOException {
    try (DataFile dm3 = open("EELS_STO.dm3"); DataFile dm4 = open("EELS_STO.dm4")) {
      assertThat(dm3.format()).isEqualTo("dm3");
      assertThat(dm4.format()).isEqualTo("dm4");
      for (DataFile df : new DataFile[] {dm3, dm4}) {
        assertThat(df.datasets()).hasSize(1);
        Spectrum s = df.first(Spectrum.class);
        assertThat(s.pixelType()).isEqualTo(PixelType.FLOAT32);
        assertAxis(s.energy(), "energy", 2048, 350, 0.25, "eV");
        assertThat(s.energy().value(2047)).isCloseTo(861.75, within(1e-6));
        assertThat(s.metadata().summary().get(Metadata.VOLTAGE_KV)).isEqualTo(200.0);
        assertThat(s.metadata().find("ImageData.Data")).isEqualTo("<array 2048 of float32>");
        assertThat(s.metadata().find("ImageData.Calibrations.Dimension.0.Units")).isEqualTo("eV");
      }
      float[] a = dm3.first(Spectrum.class).toFloat();
      float[] b = dm4.first(Spectrum.class).toFloat();
      assertThat(b).containsExactly(a);
      double sum = 0;
      for (float v : a) sum += Math.abs(v);
      assertThat(sum).as("spectrum is not all zero").isGreaterThan(0);
    }
  }

  @Test
  void spectrumImageHasContiguousSpectraOf1024Channels() throws IOException {
    try (DataFile df = open("SI-EELS_Spectrum_Image.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.pixelType()).isEqualTo(PixelType.FLOAT32);
      assertThat(si.shape()).containsExactly(49, 6, 1024);
      assertAxis(si.y(), "y", 49, 0, 1, "px");
      assertAxis(si.x(), "x", 6, 0, 1, "px");
      assertAxis(si.energy(), "energy", 1024, 350, 0.5, "eV");
      assertThat(si.energy().value(1023)).isCloseTo(861.5, within(1e-9));
      assertThat(si.metadata().summary().get(Metadata.VOLTAGE_KV)).isEqualTo(200.0);
      assertSmoothSpectra(si);
    }
  }

  /**
   * A real spectrum changes slowly from channel to channel: the mean step is a small fraction of its
   * spread. Reading DM's energy-slowest layout as if spectra were contiguous gives steps as large as
   * the spread (about 0.9 for these files), so this fails if the reorder is wrong.
   */
  private static void assertSmoothSpectra(SpectrumImage si) {
    float[] s = new float[si.channels()];
    double total = 0;
    for (int r = 0; r < si.height(); r++) {
      for (int c = 0; c < si.width(); c++) {
        si.spectrum(r, c, s);
        double mean = 0;
        for (float v : s) mean += v;
        mean /= s.length;
        double var = 0;
        double step = 0;
        for (int k = 0; k < s.length; k++) {
          var += (s[k] - mean) * (s[k] - mean);
          if (k > 0) step += Math.abs(s[k] - s[k - 1]);
        }
        total += (step / (s.length - 1)) / Math.sqrt(var / s.length);
      }
    }
    assertThat(total / (si.height() * si.width())).isLessThan(0.3);
  }

  @Test
  void haadfAcquiredWithTheSpectrumImageIs32TimesFiner() throws IOException {
    try (DataFile df = open("SI-HAADF.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      Image im = df.first(Image.class);
      assertThat(im.pixelType()).isEqualTo(PixelType.FLOAT32);
      assertThat(im.width()).isEqualTo(6 * 32);
      assertThat(im.height()).isEqualTo(49 * 32);
    }
  }

  @Test
  void surveyImageIsUncalibrated512SquareUint32From20191214() throws IOException {
    try (DataFile df = open("SI-Survey_Image.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      Image im = df.first(Image.class);
      assertThat(im.kind()).isEqualTo(Kind.IMAGE);
      assertThat(im.pixelType()).isEqualTo(PixelType.UINT32);
      assertAxis(im.y(), "y", 512, 0, 1, "px");
      assertAxis(im.x(), "x", 512, 0, 1, "px");
      assertThat(im.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0)
          .containsEntry(Metadata.DATE, "2019-12-14");
      assertThat(df.metadata().summary()).containsEntry(Metadata.DATE, "2019-12-14");
    }
  }

  @Test
  void oneDimensionalEelsSpectrum() throws IOException {
    try (DataFile df = open("digitalmicrograph_1D_test-EELS_spectrum.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      Spectrum s = df.first(Spectrum.class);
      assertAxis(s.energy(), "energy", 2048, -100, 0.5, "eV");
      assertThat(s.energy().value(2047)).isCloseTo(923.5, within(1e-9));
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float v : s.toFloat()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertThat((double) min).isCloseTo(-366, within(1.0));
      assertThat((double) max).isCloseTo(305, within(1.0));
      assertThat(s.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0)
          .containsEntry(Metadata.MAGNIFICATION, 640000.0);
    }
  }

  @Test
  void stemImageIs68SquareUint32At02485NmPerPixel() throws IOException {
    try (DataFile df = open("digitalmicrograph_2D_test_STEM_image.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      Image im = df.first(Image.class);
      assertThat(im.pixelType()).isEqualTo(PixelType.UINT32);
      assertThat(im.shape()).containsExactly(68, 68);
      for (Axis a : im.axes()) {
        assertThat(a.unit()).isEqualTo("nm");
        assertThat(a.scale()).isCloseTo(0.2485, within(1e-4));
      }
      assertThat(im.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0)
          .containsEntry(Metadata.MAGNIFICATION, 225000.0)
          .containsEntry(Metadata.DETECTOR, "DigiScan")
          .containsEntry(Metadata.MICROSCOPE, "FEI Titan");
    }
  }

  @Test
  void diffractionPatternIs87SquareAt01744PerNm() throws IOException {
    try (DataFile df = open("digitalmicrograph_2D_test_diffraction_pattern.dm3")) {
      assertThat(df.datasets()).hasSize(1);
      Image im = df.first(Image.class);
      assertThat(im.shape()).containsExactly(87, 87);
      for (Axis a : im.axes()) {
        assertThat(a.unit()).isEqualTo("1/nm");
        assertThat(a.scale()).isCloseTo(0.1744, within(1e-4));
      }
      assertThat((String) im.metadata().summary().get(Metadata.DETECTOR)).contains("UltraScan");
      assertThat(im.metadata().summary()).containsEntry(Metadata.SIGNAL, "diffraction");
    }
  }

  @Test
  void tinyDm4SpectrumImage() throws IOException {
    try (DataFile df = open("digitalmicrograph_3D_EELS_SI.dm4")) {
      assertThat(df.format()).isEqualTo("dm4");
      assertThat(df.datasets()).hasSize(1);
      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(2, 2, 2048);
      assertAxis(si.energy(), "energy", 2048, 300, 1, "eV");
      assertThat(si.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0);
      assertThat(si.x().unit()).isEqualTo("nm");
      assertSmoothSpectra(si);
    }
  }

  @Test
  void fileMetadataIsTheWholeTagTreeWithoutImageData() throws IOException {
    try (DataFile df = open("EELS_STO.dm4")) {
      Metadata md = df.metadata();
      assertThat(md.find("ImageList.1.ImageData.Data")).isEqualTo("<array 2048 of float32>");
      assertThat(md.find("ImageList.1.ImageData.Dimensions.0")).isEqualTo(2048L);
      assertThat(md.find("ImageList.1.ImageTags.Microscope Info.Voltage")).isEqualTo(200000.0);
      assertThat(md.find("Thumbnails.0.ImageIndex")).isNotNull();
    }
  }
}
