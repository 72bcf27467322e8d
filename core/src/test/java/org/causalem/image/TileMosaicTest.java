package org.causalem.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.causalem.SharedData;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.io.Readers;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.LatticeKind;
import org.junit.jupiter.api.Test;

class TileMosaicTest {
  /** A square lattice of Gaussian columns (period {@code a} px, σ 3 px) with Poisson-like noise of about 3 counts. */
  private static float[] lattice(int w, int h, double a, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] px = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double dx = ((x + 0.3 * a) % a) - 0.5 * a;
        double dy = ((y + 0.3 * a) % a) - 0.5 * a;
        double v = 100 + 60 * Math.exp(-(dx * dx + dy * dy) / 18);
        px[y * w + x] = (float) (v + 3 * gaussian(rnd));
      }
    }
    return px;
  }

  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
  }

  /** Adds a random offset of scale {@code step} to every {@code tw × th} tile. */
  private static float[] tiled(float[] px, int w, int h, int tw, int th, double step, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] out = px.clone();
    for (int ty = 0; ty < h / th; ty++) {
      for (int tx = 0; tx < w / tw; tx++) {
        double o = step * gaussian(rnd);
        for (int y = ty * th; y < (ty + 1) * th; y++) for (int x = tx * tw; x < (tx + 1) * tw; x++) out[y * w + x] += (float) o;
      }
    }
    return out;
  }

  @Test
  void aContinuousScanIsNoMosaicEvenWhenItsPeriodDividesTheImage() {
    for (long seed = 1; seed <= 5; seed++) {
      assertThat(TileMosaic.detect(lattice(256, 192, 16, seed), 256, 192)).as("16 px lattice, seed %d", seed).isNull();
      assertThat(TileMosaic.detect(lattice(240, 240, 24, seed), 240, 240)).as("24 px lattice, seed %d", seed).isNull();
    }
  }

  /**
   * A finite crystal on vacuum — a nanoparticle, as in Atomap's simulated example: a centred lattice of columns inside a
   * diamond, on a flat background with counts of a few units. The lines through the particle change far more than those
   * through the vacuum, so seams that happen to run through it stood out against the image-wide median (a 6 × 5 "mosaic"
   * was reported). Each seam is compared with the lines around it now. With real tiles (steps of 6 noise sigmas) the same
   * particle is still a mosaic; of its 4 row seams, 2 run through the particle and hide among its lines there, so the
   * rows' tiling may be missed (the columns' is found).
   */
  @Test
  void aNanoparticleOnVacuumIsNoMosaic() {
    int w = 300;
    int h = 220;
    for (long seed = 1; seed <= 5; seed++) {
      float[] px = particle(w, h, seed);
      assertThat(TileMosaic.detect(px, w, h)).as("particle, seed %d", seed).isNull();
      TileMosaic m = TileMosaic.detect(tiled(px, w, h, 50, 44, 6, seed + 50), w, h);
      assertThat(m).as("tiled particle, seed %d", seed).isNotNull();
      assertThat(m.tileWidthPx()).as("tiled particle, seed %d", seed).isEqualTo(50);
      assertThat(m.tileHeightPx()).as("tiled particle, seed %d", seed).isIn(44, h);
    }
  }

  /** Columns (σ 1.5 px, up to 15 000 counts) on a centred lattice 15.7 × 11.1 px inside a diamond; background 2 ± 1 count. */
  private static float[] particle(int w, int h, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double cx = 150 + rnd.nextDouble();
    double cy = 110 + rnd.nextDouble();
    float[] px = new float[w * h];
    for (int i = 0; i < px.length; i++) px[i] = (float) Math.round(2 + gaussian(rnd));
    for (int m = -12; m <= 12; m++) {
      for (int n = -12; n <= 12; n++) {
        double x0 = cx + 7.85 * (m - n);
        double y0 = cy + 5.55 * (m + n);
        if (Math.abs(x0 - cx) / 110 + Math.abs(y0 - cy) / 84 > 1) continue;
        double amp = 15000 * (1 - 0.6 * (Math.abs(x0 - cx) / 110 + Math.abs(y0 - cy) / 84));
        for (int y = Math.max(0, (int) y0 - 6); y <= Math.min(h - 1, (int) y0 + 6); y++) {
          for (int x = Math.max(0, (int) x0 - 6); x <= Math.min(w - 1, (int) x0 + 6); x++) {
            double d2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
            px[y * w + x] += (float) Math.round(amp * Math.exp(-d2 / 4.5));
          }
        }
      }
    }
    return px;
  }

  @Test
  void tilesWithStepsOfFourNoiseSigmasAreFoundWithTheirSize() {
    for (long seed = 1; seed <= 5; seed++) {
      float[] px = tiled(lattice(192, 256, 21, seed), 192, 256, 32, 32, 12, seed + 100);
      TileMosaic m = TileMosaic.detect(px, 192, 256);
      assertThat(m).as("seed %d", seed).isNotNull();
      assertThat(new int[] {m.tileWidthPx(), m.tileHeightPx(), m.tilesX(), m.tilesY()}).containsExactly(32, 32, 6, 8);
      assertThat(m.seamContrast()).isGreaterThan(TileMosaic.MIN_SCORE);
    }
  }

  @Test
  void stripsAlongOneAxisAreTilesAsWideAsTheImage() {
    float[] px = tiled(lattice(200, 240, 19, 7), 200, 240, 200, 40, 15, 8);
    TileMosaic m = TileMosaic.detect(px, 200, 240);
    assertThat(m).isNotNull();
    assertThat(new int[] {m.tileWidthPx(), m.tileHeightPx(), m.tilesX(), m.tilesY()}).containsExactly(200, 40, 1, 6);
  }

  /** The 8 × 8-px block grid of a JPEG-compressed image is named as compression, not as sub-scans. */
  @Test
  void jpegBlocksAreNamedAsCompression() throws Exception {
    int w = 256;
    int h = 256;
    float[] px = lattice(w, h, 19, 3);
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, (int) px[y * w + x])));
    javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.6f);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(img, null, null), param);
    }
    writer.dispose();
    java.awt.image.BufferedImage back = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    float[] jpeg = new float[w * h];
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) jpeg[y * w + x] = back.getRaster().getSample(x, y, 0);
    assertThat(TileMosaic.detect(px, w, h)).as("the image before compression").isNull();
    TileMosaic m = TileMosaic.detect(jpeg, w, h);
    assertThat(m).isNotNull();
    assertThat(m.compressionBlocks()).isTrue();
    assertThat(m.describe()).contains("JPEG");
    assertThat(m.advice()).contains("uncompressed");
  }

  /**
   * MANIFEST: SI-HAADF.dm3 is the HAADF signal recorded during a spectrum image, 192 × 1568 px with 32 × 32 sub-pixels
   * per spectrum-image pixel (the spectrum image SI-EELS_Spectrum_Image.dm3 is 6 × 49 px). Its tiles step against
   * each other and drift apart, so no lattice continues across them: atoms must say why it finds none.
   */
  @Test
  void theRealSpectrumImageHaadfIsA6By49MosaicAndAtomsSaysSo() throws Exception {
    Image image = SharedData.realImage("SI-HAADF.dm3");
    TileMosaic m = TileMosaic.detect(image);
    assertThat(m).isNotNull();
    assertThat(new int[] {m.tileWidthPx(), m.tileHeightPx(), m.tilesX(), m.tilesY()}).containsExactly(32, 32, 6, 49);
    assertThat(m.compressionBlocks()).isFalse();
    // each half (784 rows: not a multiple of 32) is the same mosaic, its row seams found at their phase
    float[] px = image.toFloat();
    for (int half = 0; half < 2; half++) {
      float[] part = java.util.Arrays.copyOfRange(px, half * 784 * 192, (half + 1) * 784 * 192);
      TileMosaic h = TileMosaic.detect(part, 192, 784);
      assertThat(h).as("half %d", half).isNotNull();
      assertThat(new int[] {h.tileWidthPx(), h.tileHeightPx(), h.tilesX(), h.tilesY()}).as("half %d", half).containsExactly(32, 32, 6, 25);
    }
    assertThatThrownBy(() -> new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.AUTO)).run(image, Progress.NONE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no lattice")
        .hasMessageContaining("mosaic of 6 × 49 tiles of 32 × 32 px");
  }

  /** MANIFEST: continuous atomic-resolution scans (the SrTiO3 HAADF and the survey image) are no mosaics. */
  @Test
  void realContinuousScansAreNoMosaics() throws Exception {
    for (String name : new String[] {"STO_HAADF_noisy.emd", "SI-Survey_Image.dm3", "test_ABF_cropped.hdf5"}) {
      try (DataFile df = Readers.open(SharedData.real(name))) {
        assertThat(TileMosaic.detect(df.first(Image.class))).as(name).isNull();
      }
    }
  }
}
