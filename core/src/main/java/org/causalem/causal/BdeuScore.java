package org.causalem.causal;

import java.util.List;
import java.util.Objects;
import org.causalem.table.DescriptorTable;
import org.hipparchus.special.Gamma;

/**
 * The BDeu score of a discrete DAG (Heckerman, Geiger & Chickering 1995): log marginal likelihood with
 * a Dirichlet prior of equivalent sample size α spread uniformly over the parent configurations and
 * states, plus an optional structure prior on the number of parents (each of the p−1 possible parents
 * present independently with probability e/(p−1), e = {@code structurePrior}; 0 turns it off).
 * Score-equivalent, decomposable; thread-safe with a shared cache.
 */
public final class BdeuScore implements Score {
  /**
   * @param equivalentSampleSize the prior's equivalent sample size α, > 0
   * @param structurePrior expected number of parents e (0 = uniform prior over structures)
   */
  public record Options(double equivalentSampleSize, double structurePrior) {
    public Options {
      if (!(equivalentSampleSize > 0) || Double.isInfinite(equivalentSampleSize)) {
        throw new IllegalArgumentException("equivalentSampleSize must be > 0, got " + equivalentSampleSize);
      }
      if (!(structurePrior >= 0) || Double.isInfinite(structurePrior)) {
        throw new IllegalArgumentException("structurePrior must be ≥ 0, got " + structurePrior);
      }
    }

    public static Options defaults() { return new Options(1.0, 0.0); }
  }

  private final DiscreteData data;
  private final Options options;
  private final ScoreCache cache = new ScoreCache(5_000_000);

  public BdeuScore(DiscreteData data, Options options) {
    this.data = Objects.requireNonNull(data);
    this.options = Objects.requireNonNull(options);
    if (options.structurePrior() > 0 && options.structurePrior() >= data.width() - 1) {
      throw new IllegalArgumentException("structurePrior must be < number of variables − 1 = " + (data.width() - 1) + ", got " + options.structurePrior());
    }
  }

  public BdeuScore(DescriptorTable table, Options options) { this(DiscreteData.of(table), options); }

  @Override public List<String> variables() { return data.names(); }

  @Override public double localScore(int node, int[] parents) {
    return cache.get(node, parents, sorted -> compute(node, sorted));
  }

  private double compute(int node, int[] parents) {
    for (int v : parents) if (v == node) throw new IllegalArgumentException("node " + node + " is its own parent");
    int r = data.cardinality(node);
    double q = 1;
    for (int v : parents) q *= data.cardinality(v);
    int[] strata = data.strata(parents);
    int n = data.rows();
    int m = strata[n];
    int[] counts = new int[m * r];
    int[] codes = data.codes(node);
    for (int i = 0; i < n; i++) counts[strata[i] * r + codes[i]]++;
    double a = options.equivalentSampleSize();
    double aj = a / q;
    double ajk = a / (q * r);
    double lgAj = Gamma.logGamma(aj);
    double lgAjk = Gamma.logGamma(ajk);
    double score = 0;
    for (int s = 0; s < m; s++) {
      int nj = 0;
      for (int k = 0; k < r; k++) {
        int c = counts[s * r + k];
        nj += c;
        if (c > 0) score += Gamma.logGamma(ajk + c) - lgAjk;
      }
      score += lgAj - Gamma.logGamma(aj + nj);
    }
    double e = options.structurePrior();
    if (e > 0) {
      int vm = data.width() - 1;
      score += parents.length * Math.log(e / vm) + (vm - parents.length) * Math.log(1 - e / vm);
    }
    return score;
  }
}
