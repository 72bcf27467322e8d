package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Map;
import org.causalem.SharedData;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.SpectrumImage;
import org.junit.jupiter.api.Test;

/** Velox EMD files; expected structure read independently with jhdf where the MANIFEST is silent. */
class EmdVeloxTest {
  @Test
  void stemHaadfIsOne128By128Uint16ImageAt300kV() throws Exception {
    try (DataFile df = Readers.open(SharedData.real("STEM_HAADF_Diffraction_Micro.emd"))) {
      assertThat(df.format()).isEqualTo("emd-velox");
      assertThat(df.datasets()).hasSize(1);
      Image img = df.first(Image.class);
      assertThat(img.shape()).containsExactly(128, 128);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      // BinaryResult.PixelSize 8.7370796142255832e-08 m; Optics.AccelerationVoltage 300000 V.
      assertThat(img.x().scale()).isCloseTo(87.370796142255832, within(1e-9));
      assertThat(img.x().unit()).isEqualTo("nm");
      assertThat(img.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 300.0)
          .containsEntry(Metadata.DETECTOR, "HAADF").containsEntry(Metadata.DATE, "2020-07-29");
      assertThat(img.toFloat()).isEqualTo(rawFrame(SharedData.real("STEM_HAADF_Diffraction_Micro.emd"), 0));
    }
  }

  @Test
  void feiEmdImageMatchesItsHdf5Structure() throws Exception {
    Path p = SharedData.real("fei_emd_image.emd");
    int[] dims = imageDims(p);
    assertThat(dims).containsExactly(512, 512, 1);
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-velox");
      Image img = df.first(Image.class);
      assertThat(img.shape()).containsExactly(512, 512);
      assertThat(img.pixelType()).isEqualTo(PixelType.UINT16);
      assertThat(img.x().scale()).isCloseTo(5.3024148379916015, within(1e-9));
      assertThat(img.metadata().summary()).containsEntry(Metadata.VOLTAGE_KV, 200.0);
      assertThat(img.toFloat()).isEqualTo(rawFrame(p, 0));
    }
  }

  @Test
  void spectrumImageFileGivesTheHaadfStackAndTheDecodedEdsStream() throws Exception {
    Path p = SharedData.real("EMDReader_SpectrumImage_Si.emd");
    int[] stream;
    try (HdfFile f = new HdfFile(p)) {
      Group g = (Group) f.getByPath("/Data/SpectrumStream");
      Dataset d = (Dataset) ((Group) g.getChildren().values().iterator().next()).getChild("Data");
      stream = (int[]) d.getDataFlat();
    }
    long events = 0;
    for (int v : stream) if (v != 65535) events++;
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("emd-velox");
      ImageStack haadf = df.first(ImageStack.class);
      assertThat(haadf.shape()).containsExactly(5, 16, 16);
      assertThat(haadf.pixelType()).isEqualTo(PixelType.UINT16);
      for (int k = 0; k < 5; k++) assertThat(haadf.frame(k).toFloat()).isEqualTo(rawFrame(p, k));
      double[] starts = frameStarts(p);
      for (int k = 0; k < 5; k++) assertThat(haadf.frameTimesS()[k]).isEqualTo(starts[k] - starts[0]);
      assertThat(haadf.metadata().summary()).containsEntry(Metadata.MICROSCOPE, "Talos");

      SpectrumImage si = df.first(SpectrumImage.class);
      assertThat(si.shape()).containsExactly(16, 16, 4096);
      assertThat(si.energy().offset()).isEqualTo(-1000.0);
      assertThat(si.energy().scale()).isEqualTo(10.0);
      assertThat(si.energy().unit()).isEqualTo("eV");
      float[] total = new float[4096];
      float[] s = new float[4096];
      double counts = 0;
      for (int r = 0; r < 16; r++) {
        for (int c = 0; c < 16; c++) {
          si.spectrum(r, c, s);
          for (int e = 0; e < 4096; e++) {
            total[e] += s[e];
            counts += s[e];
          }
        }
      }
      assertThat(counts).isEqualTo((double) events);
      // This short acquisition holds only the detector's zero-energy (noise/strobe) peak, channels 95-104:
      // with Dispersion 10 eV and OffsetEnergy -1000 eV it must sit at 0 eV.
      int best = 0;
      for (int e = 1; e < 4096; e++) if (total[e] > total[best]) best = e;
      assertThat(si.energy().value(best)).isBetween(-20.0, 20.0);
      @SuppressWarnings("unchecked")
      Map<String, Object> notRead = (Map<String, Object>) df.metadata().summary().get("not_read");
      assertThat(notRead).containsOnlyKeys("/Data/SpectrumImage/b9404ee720064964ad599d984e8b71a4");
      // the undecoded group is still listed, as its raw bytes, saying so
      assertThat(df.datasets()).hasSize(3);
      org.causalem.data.NdArray raw = df.first(org.causalem.data.NdArray.class);
      assertThat(raw.shape()).containsExactly(136894, 1);
      assertThat(raw.pixelType()).isEqualTo(PixelType.UINT8);
      assertThat((String) raw.metadata().summary().get("not_decoded")).contains("not decoded");
    }
  }

  /** Frame k of the first /Data/Image/<id>/Data (height, width, frames), read directly with jhdf. */
  static float[] rawFrame(Path p, int k) throws Exception {
    try (HdfFile f = new HdfFile(p)) {
      Group images = (Group) f.getByPath("/Data/Image");
      Node id = images.getChildren().values().iterator().next();
      int[][][] v = (int[][][]) ((Dataset) ((Group) id).getChild("Data")).getData();
      float[] out = new float[v.length * v[0].length];
      for (int r = 0; r < v.length; r++) for (int c = 0; c < v[0].length; c++) out[r * v[0].length + c] = v[r][c][k];
      return out;
    }
  }

  /** Each frame's Acquisition.AcquisitionStartDatetime.DateTime, from its own column of Metadata bytes. */
  static double[] frameStarts(Path p) throws Exception {
    try (HdfFile f = new HdfFile(p)) {
      Group images = (Group) f.getByPath("/Data/Image");
      Node id = images.getChildren().values().iterator().next();
      int[][] bytes = (int[][]) ((Dataset) ((Group) id).getChild("Metadata")).getData();
      double[] out = new double[bytes[0].length];
      for (int k = 0; k < out.length; k++) {
        StringBuilder sb = new StringBuilder();
        for (int[] row : bytes) {
          if (row[k] == 0) break;
          sb.append((char) row[k]);
        }
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sb.toString());
        out[k] = json.get("Acquisition").get("AcquisitionStartDatetime").get("DateTime").asDouble();
      }
      return out;
    }
  }

  static int[] imageDims(Path p) throws Exception {
    try (HdfFile f = new HdfFile(p)) {
      Group images = (Group) f.getByPath("/Data/Image");
      Node id = images.getChildren().values().iterator().next();
      return ((Dataset) ((Group) id).getChild("Data")).getDimensions();
    }
  }
}
