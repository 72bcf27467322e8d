package org.causalem.lattice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.causalem.simulate.ScanDistortion;
import org.causalem.table.DescriptorTable;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's acceptance for the composition proxy taken literally — |corr(intensity_A_ap, a_px)| < 0.1 in every
 * seed — on scenes large enough for it to be decidable. On a homogeneous scene a_px is almost a function of the
 * scan column, and a proxy with independent counting noise correlates with it by chance with a standard deviation
 * of about {@code 2/√cells} (0.08 at the suite's 24 × 24 cells, see
 * {@code InstrumentDescriptorsTest.apertureProxyIsScanFreeWithTheProbeTailOverSeeds}); at 64 × 64 cells it is
 * 0.03. Too slow for the suite (16 images of 1058 × 1058 px, 155 s on a loaded 2-core machine), so it
 * runs on request:
 *
 * <pre>./mvnw -B -o test -pl core -Dtest=ApertureProxyRun -Dcausalem.aperture=64</pre>
 *
 * Measured (64 × 64 cells, seeds 21-28): fast scan + probe tail, |corr| ≤ 0.054 (raw 0.195-0.316); with line
 * jitter too, ≤ 0.050 (raw 0.187-0.276); observed/reported scatter 0.92-1.01.
 */
class ApertureProxyRun {
  @Test
  void apertureProxyIsScanFreeInEverySeedOnLargeScenes() {
    int cells = Integer.getInteger("causalem.aperture", 0);
    assumeTrue(cells > 0, "skipped: the run needs -Dcausalem.aperture=CELLS (64 for the acceptance)");
    String[] name = {"fast scan + probe tail", "fast scan + probe tail + line jitter"};
    ScanDistortion[] scans = {ScanDistortion.realistic().withJitter(0, 0).withDrift(0, 0), ScanDistortion.realistic().withDrift(0, 0)};
    for (int k = 0; k < scans.length; k++) {
      StringBuilder log = new StringBuilder();
      for (long seed = 21; seed < 29; seed++) {
        DescriptorTable c = InstrumentDescriptorsTest.atoms(InstrumentDescriptorsTest.paraelectric(cells, scans[k], seed).image(), false).cells();
        double[] a = c.column("a_px");
        double raw = InstrumentDescriptorsTest.corr(c.column("intensity_A"), a);
        double ap = InstrumentDescriptorsTest.corr(c.column("intensity_A_ap"), a);
        double fitted = InstrumentDescriptorsTest.corr(c.column("intensity_A_norm"), a);
        double ratioA = InstrumentDescriptorsTest.sd(c.column("intensity_A_ap")) / InstrumentDescriptorsTest.rms(c.column("intensity_A_ap_sigma"));
        double ratioB = InstrumentDescriptorsTest.sd(c.column("intensity_B_ap")) / InstrumentDescriptorsTest.rms(c.column("intensity_B_ap_sigma"));
        String line = String.format(" seed %d: raw %.3f, intensity_A_ap %.3f, intensity_A_norm %.3f, observed/reported A %.2f B %.2f;",
            seed, raw, ap, fitted, ratioA, ratioB);
        log.append(line);
        System.out.println(name[k] + ":" + line);
        assertThat(Math.abs(raw)).as("seed %d: the raw intensity moves with the scan", seed).isGreaterThan(0.15);
        assertThat(Math.abs(ap)).as("%s:%s", name[k], log).isLessThan(0.1);
        assertThat(ratioA).as("seed %d", seed).isBetween(0.8, 1.25);
        assertThat(ratioB).as("seed %d", seed).isBetween(0.8, 1.25);
      }
    }
  }
}
