package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.causal.Graph;
import org.causalem.causal.GraphComparison;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.simulate.FerroicScenario;
import org.causalem.simulate.ScanDistortion;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of issue 13 over 20 fixed seeds each, with realistic scan distortions (fast-scan nonlinearity,
 * correlated line jitter, drift, offset probe tail) on small images of the demo's scene
 * ({@link FerroicScenario}: lattice 17° to the scan).
 *
 * <ul>
 *   <li>null scene (no composition contrast, no mechanism): in at least 18 seeds no edge between specimen
 *       descriptors is supported (every one would be a false claim), and the cross-tier associations the scan
 *       leaves — those the physics tiers would read as a mechanism — are reported as {@code instrument}
 *       (at least 80 % of them);
 *   <li>demo mechanism: in at least 18 seeds every true edge is supported and the supported edges are exactly
 *       the true graph (SHD 0).
 * </ul>
 * The atoms pipeline runs without its fit-window scan (three refinements instead of one; the analysis does
 * not use it).
 */
@Tag("slow")
class ScanAcceptanceTest {
  private static final int SEEDS = 20;
  private static final Map<String, Integer> TIER = Map.of("intensity_A_norm", 1, "intensity_B_norm", 1, "a_px", 2, "b_px", 2,
      "gamma_deg", 2, "polarization_x_px", 3, "polarization_y_px", 3);

  static FerroicAnalysis.Result analyse(FerroicScenario.Options scene, long seed) {
    AtomsResult atoms = new AtomsPipeline(AtomsPipeline.Options.of(LatticeKind.PEROVSKITE), false)
        .run(new FerroicScenario(scene).simulate().image(), Progress.NONE);
    return new FerroicAnalysis(FerroicAnalysis.Options.defaults(seed).withBootstrap(10).withPredictability(false)
        .withPairwise(false).withThreads(1)).run(atoms.cells(), Progress.NONE);
  }

  @Test
  void nullSceneWithRealisticDistortionsSupportsNoPhysicsEdge() {
    int clean = 0;
    int crossTier = 0;
    int crossTierInstrument = 0;
    List<String> claims = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      FerroicAnalysis.Result r = analyse(FerroicScenario.Options.nullScene(seed).withSize(16, 16)
          .withDistortion(ScanDistortion.realistic()), seed);
      boolean supported = false;
      for (FerroicAnalysis.EdgeCheck c : r.edgeChecks()) {
        if (c.status() == FerroicAnalysis.Status.SUPPORTED) {
          supported = true;
          claims.add("seed " + seed + ": " + c.from() + " → " + c.to());
        }
        if (TIER.get(c.from()).equals(TIER.get(c.to()))) continue;
        crossTier++;
        if (c.status() == FerroicAnalysis.Status.INSTRUMENT) crossTierInstrument++;
        else others.add("seed " + seed + ": " + c.from() + " → " + c.to() + " " + c.status().label() + " " + c.instrumentNeighbours() + " " + c.foundInHalves());
      }
      if (!supported) clean++;
    }
    System.out.printf("null scene: %d of %d seeds without a supported edge (supported: %s); cross-tier associations %d, instrument %d; others %s%n",
        clean, SEEDS, claims, crossTier, crossTierInstrument, others);
    assertThat(clean).as("null seeds without a supported edge; supported: " + claims).isGreaterThanOrEqualTo(18);
    assertThat(crossTierInstrument).as("cross-tier associations reported as instrument, of " + crossTier + "; others " + others)
        .isGreaterThanOrEqualTo((int) Math.ceil(0.8 * crossTier));
  }

  @Test
  void demoMechanismWithRealisticDistortionsIsRecoveredAndSupported() {
    int exact = 0;
    int allTrueSupported = 0;
    List<String> misses = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      FerroicScenario.Options scene = FerroicScenario.Options.defaults(seed).withSize(CELLS, CELLS).withDistortion(ScanDistortion.realistic());
      FerroicAnalysis.Result r = analyse(scene, seed);
      Graph truth = FerroicAnalysis.truthGraph(r.variables(), scene.trueEdges());
      Graph supported = new Graph(r.variables());
      Set<String> supportedEdges = new HashSet<>();
      for (FerroicAnalysis.EdgeCheck c : r.edgeChecks()) {
        if (c.status() != FerroicAnalysis.Status.SUPPORTED) continue;
        supported.addDirected(supported.index(c.from()), supported.index(c.to()));
        supportedEdges.add(c.from() + ">" + c.to());
      }
      boolean trueSupported = true;
      for (String[] e : scene.trueEdges()) {
        trueSupported &= supportedEdges.contains(FerroicAnalysis.searchedName(r.variables(), e[0]) + ">"
            + FerroicAnalysis.searchedName(r.variables(), e[1]));
      }
      if (trueSupported) allTrueSupported++;
      int shd = GraphComparison.compare(truth, supported).structuralHammingDistance();
      if (shd == 0) exact++;
      else misses.add("seed " + seed + ": " + r.edgeChecks().stream().map(c -> c.from() + ">" + c.to() + " " + c.status().label()).toList());
    }
    System.out.printf("demo: SHD 0 in %d of %d seeds, every true edge supported in %d; misses %s%n", exact, SEEDS, allTrueSupported, misses);
    assertThat(allTrueSupported).as("seeds with every true edge supported; misses " + misses).isGreaterThanOrEqualTo(18);
    assertThat(exact).as("seeds whose supported graph is the true one; misses " + misses).isGreaterThanOrEqualTo(18);
  }

  private static final int CELLS = 24;
}
