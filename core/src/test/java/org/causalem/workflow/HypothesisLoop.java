package org.causalem.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Simulated hypothesis-learning loops on a 1-D scan whose truth is one of the candidate models. */
final class HypothesisLoop {
  private HypothesisLoop() {}

  /** A 1-D scan of {@code n} cells: a domain wall (tanh step, width 2 cells) at a random place in the middle half, plus noise. */
  static double[] wallScan(int n, double noise, SplittableRandom rng) { return transitionScan(n, 2.0, noise, rng); }

  /**
   * A 1-D scan of {@code n} cells: a change between the plateaus 0 and 2, {@code 1 + tanh((i − c)/width)}, centred at a
   * random place c in the middle half, plus noise. Width 8 is gradual (10–90 % over 18 cells); width 0 an abrupt wall
   * seen by a probe that averages over its cell: every cell reads a plateau except the one holding the wall, which reads
   * the area-weighted mean {@code 2·clamp(i + ½ − c, 0, 1)}; a negative width −L a linear ramp over L cells.
   */
  static double[] transitionScan(int n, double width, double noise, SplittableRandom rng) {
    double centre = n * (0.25 + 0.5 * rng.nextDouble());
    if (SuggestLoop.TRACE) System.out.println("transition (width " + width + ") at " + centre);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double mean = width > 0 ? 1.0 + Math.tanh((i - centre) / width)
          : width < 0 ? 2 * Math.min(1, Math.max(0, (i - centre) / -width + 0.5)) : 2 * Math.min(1, Math.max(0, i + 0.5 - centre));
      y[i] = mean + noise * rng.nextGaussian();
    }
    return y;
  }

  /**
   * A w × w map with a straight domain wall (tanh step of amplitude 2, width 2 cells) at a random angle through a random
   * point of the central half of the map, plus noise; row-major like {@link SuggestLoop#grid}.
   */
  static double[] wallMap(int w, double noise, SplittableRandom rng) {
    double cx = w * (0.25 + 0.5 * rng.nextDouble());
    double cy = w * (0.25 + 0.5 * rng.nextDouble());
    double th = rng.nextDouble() * Math.PI;
    double[] y = new double[w * w];
    for (int r = 0; r < w; r++) for (int c = 0; c < w; c++) {
      double d = (c - cx) * Math.cos(th) + (r - cy) * Math.sin(th);
      y[r * w + c] = 1.0 + Math.tanh(d / 2.0) + noise * rng.nextGaussian();
    }
    return y;
  }

  /** A 1-D scan of {@code n} cells with one Gaussian feature (height 2, sd {@code width} cells) at a random place in the middle 80 %, plus noise. */
  static double[] peakScan(int n, double width, double noise, SplittableRandom rng) {
    double centre = n * (0.1 + 0.8 * rng.nextDouble());
    double[] y = new double[n];
    for (int i = 0; i < n; i++) y[i] = 1.0 + 2 * Math.exp(-0.5 * (i - centre) * (i - centre) / (width * width)) + noise * rng.nextGaussian();
    return y;
  }

  static double[][] positions(int n) {
    double[][] p = new double[n][];
    for (int i = 0; i < n; i++) p[i] = new double[] {i};
    return p;
  }

  /** The posterior probability of {@code model} among the evidences. */
  static double probability(List<SuggestAnalysis.Evidence> ev, String model) {
    for (SuggestAnalysis.Evidence e : ev) if (e.model().equals(model)) return e.probability();
    throw new IllegalArgumentException("no model " + model);
  }

  /**
   * Measurements needed to identify the true model: the first count from which its posterior probability is ≥ p at
   * every count up to the last one of the run ({@code start + pTrue.length − 1}); {@code max} when it is below p at the end.
   */
  static int identified(double[] pTrue, int start, double p, int max) {
    int i = pTrue.length;
    while (i > 0 && pTrue[i - 1] >= p) i--;
    return i == pTrue.length ? max : start + i;
  }

  /** The hypothesis-learning loop to {@code max} measurements from random starting cells: the true model's probability at each count from start. */
  static double[] loopTrue(double[][] pos, double[] y, String truth, int start, int max, long seed) {
    return loopTrue(pos, y, truth, SpatialHypotheses.DEFAULTS, start, max, false, seed);
  }

  /**
   * The loop comparing the named models; {@code survey}: it starts with a coarse survey of a 1-D scan, {@code start} cells
   * evenly spread (cell ⌊(j + ½)·n/start⌋: 16, 50, 83 of 100), else with {@code start} random cells.
   */
  static double[] loopTrue(double[][] pos, double[] y, String truth, List<String> models, int start, int max, boolean survey, long seed) {
    if (survey && pos[0].length != 1) throw new IllegalArgumentException("a survey start is for 1-D scans");
    double[] out = new double[max - start];
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> measured = new ArrayList<>();
    boolean[] done = new boolean[pos.length];
    for (int j = 0; j < start && survey; j++) {
      int c = (int) ((j + 0.5) * pos.length / start);
      done[c] = true;
      measured.add(c);
    }
    while (measured.size() < start) {
      int c = rng.nextInt(pos.length);
      if (!done[c]) {
        done[c] = true;
        measured.add(c);
      }
    }
    SuggestAnalysis.Options o = SuggestAnalysis.Options.defaults(SuggestAnalysis.Acquisition.HYPOTHESIS, seed).withBudget(1).withHypotheses(models);
    while (measured.size() < max) {
      double[][] x = new double[measured.size()][];
      double[] v = new double[measured.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pos[measured.get(i)];
        v[i] = y[measured.get(i)];
      }
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < pos.length; i++) if (!done[i]) open.add(i);
      double[][] cand = new double[open.size()][];
      for (int i = 0; i < cand.length; i++) cand[i] = pos[open.get(i)];
      SuggestAnalysis.Result r = SuggestAnalysis.run(x, v, cand, o, null);
      out[measured.size() - start] = probability(r.evidences(), truth);
      int c = open.get(r.ranked().get(0).candidate());
      if (SuggestLoop.TRACE) {
        StringBuilder sb = new StringBuilder("   n=" + measured.size() + " at " + measured + " →" + c + ":");
        for (SuggestAnalysis.Evidence e : r.evidences()) sb.append(String.format(" %s %.3f (%.1f) %s", e.model(), e.probability(), e.logEvidence(), java.util.Arrays.toString(java.util.Arrays.stream(e.parameters()).map(q -> Math.round(q * 100) / 100.0).toArray())));
        System.out.println(sb);
      }
      done[c] = true;
      measured.add(c);
    }
    return out;
  }

  /** The true model's probability at each count from start to max − 1 for a raster or random order. */
  static double[] baselineTrue(double[][] pos, double[] y, String truth, int start, int max, boolean raster, long seed) {
    return baselineTrue(pos, y, truth, SpatialHypotheses.DEFAULTS, start, max, raster, seed);
  }

  /** The same comparing the named models. */
  static double[] baselineTrue(double[][] pos, double[] y, String truth, List<String> models, int start, int max, boolean raster, long seed) {
    List<Integer> order = SuggestLoop.order(pos.length, pos.length, raster, seed);
    double[] out = new double[max - start];
    for (int n = start; n < max; n++) {
      List<SuggestAnalysis.Evidence> ev = evidences(pos, y, order.subList(0, n), models, seed);
      out[n - start] = probability(ev, truth);
      if (SuggestLoop.TRACE) {
        StringBuilder sb = new StringBuilder("   " + (raster ? "raster" : "random") + " n=" + n + " at " + order.subList(0, n) + ":");
        for (SuggestAnalysis.Evidence e : ev) sb.append(String.format(" %s %.3f (%.1f) %s", e.model(), e.probability(), e.logEvidence(), java.util.Arrays.toString(java.util.Arrays.stream(e.parameters()).map(q -> Math.round(q * 100) / 100.0).toArray())));
        System.out.println(sb);
      }
    }
    return out;
  }

  /** Every model's evidence given the measured cells (all cells are candidates for the scaling). */
  static List<SuggestAnalysis.Evidence> evidences(double[][] pos, double[] y, List<Integer> measured, long seed) {
    return evidences(pos, y, measured, SpatialHypotheses.DEFAULTS, seed);
  }

  /** The named models' evidences. */
  static List<SuggestAnalysis.Evidence> evidences(double[][] pos, double[] y, List<Integer> measured, List<String> models, long seed) {
    double[][] x = new double[measured.size()][];
    double[] v = new double[measured.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = pos[measured.get(i)];
      v[i] = y[measured.get(i)];
    }
    SuggestAnalysis.Options o = SuggestAnalysis.Options.defaults(SuggestAnalysis.Acquisition.HYPOTHESIS, seed).withBudget(1).withHypotheses(models);
    return SuggestAnalysis.run(x, v, pos, o, null).evidences();
  }

  /**
   * The loop from the given survey cells (a 1-D scan), each next cell chosen by {@code acq}: {@code mi} the myopic mutual
   * information of {@link SuggestAnalysis#modelInformation}; {@code pair} the joint information of the next two
   * measurements (the first of the best pair measured); {@code reach} / {@code reach2} the expected probability that the
   * true model's posterior reaches {@code p} after one / two more measurements (ties by {@code mi}).
   */
  static double[] loopFrom(double[][] pos, double[] y, String truth, List<String> models, int[] survey, int max, String acq, double p, long seed) {
    int start = survey.length;
    double[] out = new double[max - start];
    List<Integer> measured = new ArrayList<>();
    boolean[] done = new boolean[pos.length];
    for (int c : survey) {
      done[c] = true;
      measured.add(c);
    }
    SuggestAnalysis.Options o = SuggestAnalysis.Options.defaults(SuggestAnalysis.Acquisition.HYPOTHESIS, seed).withBudget(1).withHypotheses(models);
    while (measured.size() < max) {
      double[][] x = new double[measured.size()][];
      double[] v = new double[measured.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pos[measured.get(i)];
        v[i] = y[measured.get(i)];
      }
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < pos.length; i++) if (!done[i]) open.add(i);
      double[][] cand = new double[open.size()][];
      for (int i = 0; i < cand.length; i++) cand[i] = pos[open.get(i)];
      SuggestAnalysis.HypothesisPredictions hp = SuggestAnalysis.hypothesisPredictions(x, v, cand, o);
      out[measured.size() - start] = probability(hp.evidences(), truth);
      int pick = acq.startsWith("fit") ? refitChoice(x, v, cand, o, hp, acq.equals("fitreach"), p) : LookAhead.choose(hp.probability(), hp.mean(), hp.sd(), acq, p);
      int c = open.get(pick);
      if (SuggestLoop.TRACE) {
        StringBuilder sb = new StringBuilder("   n=" + measured.size() + " at " + measured + " →" + c + ":");
        for (SuggestAnalysis.Evidence e : hp.evidences()) sb.append(String.format(" %s %.3f (%.1f) %s", e.model(), e.probability(), e.logEvidence(), java.util.Arrays.toString(java.util.Arrays.stream(e.parameters()).map(q -> Math.round(q * 100) / 100.0).toArray())));
        System.out.println(sb);
      }
      done[c] = true;
      measured.add(c);
    }
    return out;
  }

  /** Candidates looked ahead by {@link #refitChoice} (the best by mutual information). */
  static final int LOOK = 8;

  /**
   * One step ahead with the models refitted: for the {@link #LOOK} candidates of largest mutual information and each
   * model's predicted value at 3 Gauss–Hermite nodes, the evidences with that value added; the score is the expected
   * posterior of the true model ({@code reach}: the expected probability that it reaches p), over the models' probabilities.
   */
  static int refitChoice(double[][] x, double[] v, double[][] cand, SuggestAnalysis.Options o, SuggestAnalysis.HypothesisPredictions hp, boolean reach, double p) {
    double[] prob = hp.probability();
    double[] mi = SuggestAnalysis.modelInformation(prob, hp.mean(), hp.sd());
    Integer[] order = new Integer[mi.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(mi[b], mi[a]));
    double[] node = {-Math.sqrt(3), 0, Math.sqrt(3)};
    double[] weight = {1 / 6.0, 2 / 3.0, 1 / 6.0};
    List<String> names = new ArrayList<>();
    for (String mname : o.hypotheses()) names.add(mname);
    int best = order[0];
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < Math.min(LOOK, order.length); r++) {
      int c = order[r];
      double score = 0;
      for (int a = 0; a < prob.length; a++) {
        if (!(prob[a] > 1e-6)) continue;
        for (int q = 0; q < 3; q++) {
          double[][] x2 = java.util.Arrays.copyOf(x, x.length + 1);
          double[] v2 = java.util.Arrays.copyOf(v, v.length + 1);
          x2[x.length] = cand[c];
          v2[v.length] = hp.mean()[a][c] + hp.sd()[a][c] * node[q];
          List<SuggestAnalysis.Evidence> ev = SuggestAnalysis.hypothesisPredictions(x2, v2, new double[][] {cand[c]}, o).evidences();
          double post = probability(ev, names.get(a));
          score += prob[a] * weight[q] * (reach ? (post >= p ? 1 : 0) : post);
        }
      }
      score += 1e-3 * mi[c];
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }
}
