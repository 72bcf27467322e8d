package org.causalem.fourd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.causalem.SharedData;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.io.Readers;
import org.junit.jupiter.api.Test;

/** The real Merlin 4D-STEM file (skipped only when ../shared/data is absent; a reader that rejects it fails). */
class MerlinRealFileTest {
  @Test
  void brightDiskCentreIsWhereTheManifestSays() throws IOException {
    try (DataFile df = Readers.open(SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib"))) {
      DataCube4D cube = df.first(DataCube4D.class);
      assertThat(cube.frameCount()).isEqualTo(8);
      assertThat(cube.detX()).isEqualTo(256);
      Probe probe = Probe.find(FourdPipeline.samplePattern(cube), cube.detX(), cube.detY());
      // the MANIFEST's numbers are those of the half-maximum region of the 8-frame sum: 106 of its rows touch x = 0
      assertThat(probe.halfMaxCentreY()).isCloseTo(127.9, within(0.5));
      assertThat(probe.halfMaxCentreX()).isCloseTo(28.0, within(0.5));
      assertThat(probe.borderPixels()[0]).isEqualTo(106);
      assertThat(probe.cut()).isTrue();
      FourdResult r = new FourdPipeline(FourdPipeline.Options.defaults().withClusters(2)).run(cube, (d, t) -> { });
      assertThat(r.pixels().rows()).isEqualTo(8);
      assertThat(r.maps().keySet()).contains("virtual_bf", "virtual_adf", "com_x", "com_y", "clusters");
      for (String m : List.of("virtual_bf", "com_x")) for (float v : r.maps().get(m)) assertThat(Float.isFinite(v)).isTrue();
    }
  }

  /**
   * The disk is cut by the left border and its 6-bit counter saturates at 63 (about 1950 pixels per frame):
   * the half-maximum region (centre row 127.9) takes in the diffuse halo above the disk. The disk's true
   * centre and radius are found here independently of the edge fit, from the vertical chords of the
   * saturated plateau (pixels at 63 in at least 4 of the 8 frames) in the columns away from the border
   * (x = 10..51): a chord at column x has half-length √(R² − (x − cx)²), so the chords' squared half-lengths
   * are a parabola in x whose least-squares fit gives cx and R, and the chords' midpoints give cy.
   */
  @Test
  void cutAndSaturatedDiskIsFittedByItsEdgeAndNoted() throws IOException {
    try (DataFile df = Readers.open(SharedData.real("merlin_navigation4x2_ROI/001_4x2_6bit.mib"))) {
      DataCube4D cube = df.first(DataCube4D.class);
      int w = cube.detX();
      int h = cube.detY();
      int[] atMax = new int[w * h];
      float[] frame = new float[w * h];
      for (int ry = 0; ry < cube.scanY(); ry++) {
        for (int rx = 0; rx < cube.scanX(); rx++) {
          cube.readFrame(rx, ry, frame);
          for (int i = 0; i < frame.length; i++) if (frame[i] == 63f) atMax[i]++;
        }
      }
      // chords: sums for the fit of (L/2)² + x² = 2·cx·x + (R² − cx²)
      double sxx = 0;
      double sx = 0;
      double sn = 0;
      double sxb = 0;
      double sb = 0;
      List<Double> mids = new java.util.ArrayList<>();
      for (int x = 10; x <= 51; x++) {
        int top = -1;
        int bottom = -1;
        for (int y = 100; y < 190; y++) {
          if (atMax[y * w + x] >= 4) {
            if (top < 0) top = y;
            bottom = y;
          }
        }
        if (top < 0 || bottom - top < 2) continue;
        double half = (bottom - top + 1) / 2.0;
        double b = half * half + (double) x * x;
        sxx += (double) x * x;
        sx += x;
        sn++;
        sxb += x * b;
        sb += b;
        mids.add((top + bottom) / 2.0);
      }
      double det = sxx * sn - sx * sx;
      double slope = (sxb * sn - sx * sb) / det;
      double icpt = (sxx * sb - sx * sxb) / det;
      double cxTrue = slope / 2;
      double rTrue = Math.sqrt(icpt + cxTrue * cxTrue);
      java.util.Collections.sort(mids);
      double cyTrue = mids.get(mids.size() / 2);
      assertThat(cxTrue).isBetween(24.0, 28.0);   // sanity of the independent estimate itself
      FourdResult r = new FourdPipeline(FourdPipeline.Options.defaults()).run(cube, (d, t) -> { });
      Probe p = r.probe();
      assertThat(p.method()).isEqualTo("edge-fit");
      assertThat(p.centreX()).as("edge-fit centre x vs chords %.2f", cxTrue).isCloseTo(cxTrue, within(2.0));
      assertThat(p.centreY()).as("edge-fit centre y vs chords %.2f", cyTrue).isCloseTo(cyTrue, within(2.0));
      // the plateau at 63 in 4 of 8 frames lies just inside the edge (the steepest fall): R within 3 px of it
      assertThat(p.radiusPx()).as("edge-fit radius vs chords %.2f", rTrue).isCloseTo(rTrue, within(3.0));
      assertThat(Math.abs(p.centreY() - p.halfMaxCentreY())).as("the half-maximum centroid is biased").isGreaterThan(8);
      assertThat(r.saturation().counterMax()).isEqualTo(63);
      assertThat(r.saturation().framesSaturated()).isEqualTo(8);
      assertThat(r.saturation().maxPixelsPerFrame()).isBetween(1900, 2000);
      assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("touches the detector border").contains("106 px on x = 0"));
      assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("counter saturation").contains("maximum 63"));
      System.out.printf(java.util.Locale.ROOT, "Merlin BF disk: edge fit (%.2f, %.2f) r %.2f from %d points (rms %.2f); chords (%.2f, %.2f) r %.2f;"
          + " half-max (%.2f, %.2f) r %.2f%n", p.centreX(), p.centreY(), p.radiusPx(), p.edgePoints(), p.edgeRmsPx(), cxTrue, cyTrue,
          rTrue, p.halfMaxCentreX(), p.halfMaxCentreY(), p.halfMaxRadiusPx());
    }
  }
}
