package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EelsFourdCommandTest {
  @Test
  void missingFileArgumentIsUsageError(@TempDir Path dir) {
    assertThat(CliRun.of("eels", "--out", dir.resolve("o").toString()).code()).isEqualTo(Main.USAGE);
    assertThat(CliRun.of("fourd", "--out", dir.resolve("o").toString()).code()).isEqualTo(Main.USAGE);
  }

  @Test
  void nonexistentAndUnreadableFilesAreBadInput(@TempDir Path dir) throws IOException {
    CliRun r = CliRun.of("eels", dir.resolve("nope.dm3").toString(), "--out", dir.resolve("o").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("nope.dm3");
    Path junk = dir.resolve("junk.bin");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    CliRun f = CliRun.of("fourd", junk.toString(), "--out", dir.resolve("o2").toString());
    assertThat(f.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(f.err()).contains("junk.bin");
    assertThat(Files.exists(dir.resolve("o2"))).isFalse();
  }

  @Test
  void badParametersAreUsageErrorsNamingTheParameter(@TempDir Path dir) throws IOException {
    Path junk = dir.resolve("junk.bin");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    String out = dir.resolve("o").toString();
    CliRun edge = CliRun.of("eels", junk.toString(), "--edges", "Ti-L23,Xx-K", "--out", out);
    assertThat(edge.code()).isEqualTo(Main.USAGE);
    assertThat(edge.err()).contains("Xx-K");
    CliRun comps = CliRun.of("eels", junk.toString(), "--components", "-1", "--out", out);
    assertThat(comps.code()).isEqualTo(Main.USAGE);
    assertThat(comps.err()).contains("--components");
    CliRun bg = CliRun.of("eels", junk.toString(), "--background", "cubic", "--out", out);
    assertThat(bg.code()).isEqualTo(Main.USAGE);
    assertThat(bg.err()).contains("cubic");
    CliRun det = CliRun.of("fourd", junk.toString(), "--virtual", "bf,df", "--out", out);
    assertThat(det.code()).isEqualTo(Main.USAGE);
    assertThat(det.err()).contains("'df'");
    CliRun descan = CliRun.of("fourd", junk.toString(), "--descan", "sphere", "--out", out);
    assertThat(descan.code()).isEqualTo(Main.USAGE);
    CliRun region = CliRun.of("fourd", junk.toString(), "--strain", "--reference", "1,2", "--out", out);
    assertThat(region.code()).isEqualTo(Main.USAGE);
    assertThat(region.err()).contains("col0,row0,col1,row1");
    CliRun k = CliRun.of("fourd", junk.toString(), "--clusters", "-2", "--out", out);
    assertThat(k.code()).isEqualTo(Main.USAGE);
  }

  @Test
  void everyRealSpectrumImageGoesThroughEels(@TempDir Path dir) {
    int ran = 0;
    for (String name : List.of("SI-EELS_Spectrum_Image.dm3", "digitalmicrograph_3D_EELS_SI.dm4")) {
      Path file = SharedData.real(name);
      Path out = dir.resolve(name + ".out");
      CliRun r = CliRun.of("eels", file.toString(), "--components", "2", "--quiet", "--out", out.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
      for (String f : List.of("thickness.npy", "factors.npy", "loadings.npy", "nmf_factors.npy", "pixels.csv", "eels.json", "run.json")) {
        assertThat(out.resolve(f)).exists();
      }
      ran++;
    }
    assertThat(ran).isEqualTo(2);
  }

  @Test
  void realSpectrumImageOnsetsAreReportedWithUncertaintiesAndCounts(@TempDir Path dir) throws IOException {
    Path file = SharedData.real("SI-EELS_Spectrum_Image.dm3");
    Path out = dir.resolve("si");
    CliRun r = CliRun.of("eels", file.toString(), "--edges", "Ti-L23,O-K", "--components", "0", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    for (String f : List.of("onset_O-K.npy", "onset_sigma_O-K.npy", "shift_sigma_O-K.npy", "onset_flag_O-K.npy")) {
      assertThat(out.resolve(f)).exists();
    }
    String json = Files.readString(out.resolve("eels.json"));
    assertThat(json).contains("\"summed_onset_eV\"", "\"undetected\"", "\"window_edge_fraction\"", "\"negative_edge_counts\"",
        "\"median_onset_sigma_eV\"", "summed spectrum's onset is 524.5");
    assertThat(r.err()).contains("O-K: onsets reported in").contains("not detected");
    // 2 × 2 binning: 24 × 3 pixels, the last row left out and said so; more pixels detected
    Path binned = dir.resolve("si2");
    CliRun b = CliRun.of("eels", file.toString(), "--edges", "O-K", "--components", "0", "--bin", "2", "--out", binned.toString());
    assertThat(b.code()).as(b.err()).isEqualTo(Main.OK);
    String bj = Files.readString(binned.resolve("eels.json"));
    assertThat(bj).contains("\"shape\" : [ 24, 3, 1024 ]", "\"bin\" : 2", "binned 2×2: 49×6 pixels → 24×3");
    assertThat(CliRun.of("eels", file.toString(), "--bin", "0", "--out", dir.resolve("b0").toString()).code()).isEqualTo(Main.USAGE);
    CliRun big = CliRun.of("eels", file.toString(), "--bin", "7", "--out", dir.resolve("b7").toString());
    assertThat(big.code()).isEqualTo(Main.USAGE);
    assertThat(big.err()).contains("--bin 7").contains("49×6");
  }

  @Test
  void realMerlinCubeGoesThroughFourd(@TempDir Path dir) throws IOException {
    Path file = SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib");
    Path out = dir.resolve("merlin");
    CliRun r = CliRun.of("fourd", file.toString(), "--com", "--clusters", "2", "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    for (String f : List.of("virtual_bf.npy", "virtual_adf.npy", "com_x.npy", "com_y.npy", "clusters.npy", "pixels.csv", "fourd.json")) {
      assertThat(out.resolve(f)).exists();
    }
    assertThat(Files.readAllLines(out.resolve("pixels.csv"))).hasSize(9).first().asString().startsWith("row,col,x_px,y_px,");
    // the disk is cut by the left border and the 6-bit counter saturates: both said in fourd.json (and stderr without --quiet)
    String json = Files.readString(out.resolve("fourd.json"));
    assertThat(json).contains("\"method\" : \"edge-fit\"", "\"cut_by_detector_border\" : true", "\"left_x0\" : 106",
        "\"counter_max\" : 63.0", "\"frames_with_saturated_pixels\" : 8", "touches the detector border", "counter saturation");
  }
}
