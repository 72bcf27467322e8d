package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.causalem.bayes.GaussianMixture;
import org.causalem.bayes.LogisticRegression;
import org.causalem.bayes.Roc;
import org.causalem.data.BadInputException;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.image.Columns;
import org.causalem.image.ColumnDetector;
import org.causalem.image.Detection;
import org.causalem.image.DriftCorrection;
import org.causalem.image.GaussianRefiner;
import org.causalem.image.PointGrid;
import org.causalem.numeric.Stats;
import org.causalem.table.DescriptorTable;

/**
 * The phase-transition analysis of a movie of a 2-D material on a hexagonal or square lattice (the lattice is
 * measured: coordination of the metal sites and the size of their cage of anion columns): drift correction, atom
 * columns per frame, tracking of the metal sites, local descriptors, phases by a Gaussian mixture of the off-centring
 * (number of classes by BIC), transition matrices, nucleation events, and two questions answered from each site's
 * time series before its event: could the nucleation sites have been predicted (spatially cross-validated logistic
 * regression on the descriptors of the frames just before each event, ROC AUC with a bootstrap interval, against a
 * shuffled-label baseline), and does each descriptor's history precede nucleation beyond the site's own state and
 * beyond its neighbours (a Granger-style likelihood-ratio test in a discrete-time hazard model, {@link Granger}).
 */
public final class TransitionAnalysis {
  /**
   * Descriptor columns of the site table, measured over the window of frames just before each site's nucleation
   * (or, for a site that does not nucleate, before its neighbourhood leaves the initial phase).
   */
  public static final List<String> DESCRIPTORS = List.of(
      "intensity", "max_neighbour_intensity", "mean_neighbour_distance_px", "neighbour_distance_sd_px");

  /**
   * @param blocks the image is cut into blocks × blocks tiles for spatial cross-validation
   * @param shuffles label permutations for the baseline
   */
  public record Options(int blocks, int shuffles, int bootstrap, int maxClasses, double alpha, long seed) {
    public Options {
      if (blocks < 2) throw new IllegalArgumentException("blocks must be >= 2, got " + blocks);
      if (shuffles < 1) throw new IllegalArgumentException("shuffles must be >= 1, got " + shuffles);
      if (bootstrap < 10) throw new IllegalArgumentException("bootstrap must be >= 10, got " + bootstrap);
      if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be within (0, 1), got " + alpha);
    }

    public static Options defaults(long seed) { return new Options(3, 20, 500, 4, 0.01, seed); }

    public Options withBlocks(int b) { return new Options(b, shuffles, bootstrap, maxClasses, alpha, seed); }

    public Options withShuffles(int s) { return new Options(blocks, s, bootstrap, maxClasses, alpha, seed); }

    public Options withBootstrap(int b) { return new Options(blocks, shuffles, b, maxClasses, alpha, seed); }

    public Options withMaxClasses(int k) { return new Options(blocks, shuffles, bootstrap, k, alpha, seed); }

    public Options withAlpha(double a) { return new Options(blocks, shuffles, bootstrap, maxClasses, a, seed); }
  }

  /**
   * The Granger-style test of one descriptor (see {@link #run}): does the site's history of it improve the prediction
   * of its nucleation in a discrete-time hazard model, beyond its own state (off-centring history, the other
   * descriptors' histories, the frame) and beyond its neighbours' history of the same descriptor?
   *
   * @param rows site-frames at risk that entered the fit
   * @param events nucleations among them
   * @param coefficient standardised weight of the descriptor's history (sign: higher values raise the hazard)
   * @param pBeyondOwnState likelihood-ratio p value (χ²(1)) for adding the history to the baseline
   * @param pBeyondNeighbours the same with the neighbours' mean history of the descriptor in the baseline
   */
  public record Granger(String descriptor, int rows, int events, double coefficient, double pBeyondOwnState,
                        double pBeyondNeighbours) {}

  /** One nucleation event: a site that entered the new phase with no neighbour in it the frame before. */
  public record Nucleation(int site, int frame, double xPx, double yPx) {}

  /**
   * The analysis result.
   *
   * @param siteX frame-0 x of each tracked metal site
   * @param phase {@code [frame][site]} class index (−1 where the site was not found)
   * @param initialPhase the class most sites are in at frame 0
   * @param transitions {@code [from][to]} row-normalised frame-to-frame transition probabilities
   * @param sites one row per site: x_px, y_px, the {@link #DESCRIPTORS}, nucleated (0/1), nucleation_frame, local_strain (window-mean
   *     neighbour distance / that of the median site − 1) and local_strain_se (its standard error)
   * @param auc cross-validated AUC of nucleation prediction with its 95 % bootstrap interval
   * @param shuffledAuc mean AUC of the same procedure on shuffled labels
   * @param coefficients standardised logistic-regression weights per descriptor (fit on all sites)
   * @param windowFrames the number of frames before each site's event over which its descriptors are averaged
   * @param coordination metal neighbours of an inner site (6 hexagonal, 4 square)
   * @param anionCage anion columns around a metal whose centroid defines its off-centring (3 hexagonal, 4 square)
   * @param granger the Granger-style test of each descriptor, in the order of {@link #DESCRIPTORS}
   */
  public record Result(double[] siteX, double[] siteY, double[][] driftPx, int[][] phase, int classes,
                       double[][] classMeans, double[][][] classCovariances, double[] classWeights, double[] classBic, int initialPhase, double[][] transitions, List<Nucleation> nucleations,
                       DescriptorTable sites, Roc.Auc auc, double shuffledAuc, double[] coefficients,
                       org.causalem.causal.Graph causalGraph, List<String> causes, double latticeConstantPx,
                       int[] columnsPerFrame, java.util.Map<String, String> causeStatus, int windowFrames,
                       int coordination, int anionCage, List<Granger> granger) {
    /** The lattice the coordination indicates: hexagonal (6 metal neighbours, 3 anions), square (4 and 4) or other. */
    public String lattice() {
      if (coordination == 6 && anionCage == 3) return "hexagonal";
      if (coordination == 4 && anionCage == 4) return "square";
      return "other";
    }
  }

  /** Precision of the Gaussian prior on standardised weights: shrinks descriptors without signal. */
  private static final double PRIOR_PRECISION = 5;

  private final Options options;

  public TransitionAnalysis(Options options) { this.options = options; }

  /** @deprecated the one verb of a workflow is {@link #run}; kept only until the branches calling it are merged */
  @Deprecated(forRemoval = true)
  public Result analyse(List<Image> frames, Progress progress) { return run(frames, progress); }

  public Result run(List<Image> frames, Progress progress) {
    if (frames.size() < 3) throw new BadInputException("a movie needs at least 3 frames, got " + frames.size());
    int nf = frames.size();
    Detected det = detectColumns(frames, progress);
    // drift between frames: searched within half the column spacing, since a crystal correlates with
    // itself at every lattice vector
    double[][] drift = DriftCorrection.drift(frames, 0.5 * det.first().periodPx());
    Sites st = referenceSites(det);
    Tracks tr = track(det, drift, st);
    Phases ph = classifyPhases(tr, st.n(), nf);
    double[][] trans = transitionMatrix(ph.phase(), ph.classes());
    int[] nucFrame = new int[st.n()];
    List<Nucleation> events = nucleations(ph, st, nucFrame);
    progress.update(nf + 1, nf + 2);
    int[] window = new int[1];
    double[][] desc = descriptors(det, st, tr, drift, ph, nucFrame, window);
    int[] label = new int[st.n()];
    for (int s = 0; s < st.n(); s++) label[s] = nucFrame[s] >= 0 ? 1 : 0;
    int[] lastAtRisk = new int[st.n()];
    for (int s = 0; s < st.n(); s++) lastAtRisk[s] = nucFrame[s] >= 0 ? nucFrame[s] - 1 : intactUntil(ph, st.nb()[s], s) - 1;
    double[][][] perFrame = frameDescriptors(det, st, tr, drift);
    // local strain relative to the median site (the median nearest-neighbour distance a is the shortest of each site's
    // bonds, about 2 % below their mean in a strained field): differences between sites, not an absolute strain
    double[] finite = Arrays.stream(desc[2]).filter(v -> !Double.isNaN(v)).toArray();
    double reference = finite.length > 0 ? Stats.median(finite) : st.a();
    double strainSe = strainStandardError(perFrame[2], lastAtRisk, reference, window[0]);
    DescriptorTable sites = siteTable(st, desc, label, nucFrame, reference, strainSe);
    // sites with a complete neighbourhood (six neighbours on a hexagonal lattice, four on a square one) enter the prediction
    int[] usable = usableSites(st.nb(), st.z(), desc);
    Prediction pr = predict(st, desc, label, usable);
    // which pre-transition descriptors cause nucleation: PC-stable with time order as a tier
    org.causalem.causal.Graph graph = null;
    List<String> causes = new ArrayList<>();
    java.util.Map<String, String> causeStatus = new java.util.LinkedHashMap<>();
    if (pr.positives() >= 2) {
      List<String> vars = new ArrayList<>(DESCRIPTORS);
      vars.add("nucleated");
      double[][] colsT = new double[vars.size()][usable.length];
      for (int i = 0; i < usable.length; i++) {
        for (int j = 0; j < DESCRIPTORS.size(); j++) colsT[j][i] = desc[j][usable[i]];
        colsT[DESCRIPTORS.size()][i] = label[usable[i]];
      }
      org.causalem.causal.Knowledge.Builder kb = org.causalem.causal.Knowledge.builder(vars);
      for (String v : DESCRIPTORS) kb.tier(v, 1);
      kb.tier("nucleated", 2);
      graph = new org.causalem.causal.PcStable(org.causalem.causal.PcStable.Options.defaults().withKnowledge(kb.build()))
          .search(new org.causalem.causal.FisherZTest(vars, colsT, options.alpha()));
      int target = vars.size() - 1;
      for (int j = 0; j < DESCRIPTORS.size(); j++) if (graph.adjacent(j, target)) causes.add(vars.get(j));
      causeStatus = causeStatus(vars, colsT, kb.build(), causes, usable, st.sx(), st.sy());
    }
    // Granger-style: does each descriptor's history improve the hazard of nucleation beyond the site's own state?
    double[][] ownState = new double[nf][st.n()];
    for (int t = 0; t < nf; t++) for (int s = 0; s < st.n(); s++) ownState[t][s] = Math.hypot(tr.offX()[t][s], tr.offY()[t][s]);
    List<Granger> granger = NucleationGranger.test(DESCRIPTORS, perFrame, ownState, st.nb(), st.z(),
        nucFrame, lastAtRisk);
    progress.update(nf + 2, nf + 2);
    GaussianMixture.Model model = ph.model();
    return new Result(st.sx(), st.sy(), drift, ph.phase(), ph.classes(), model.means(), model.covariances(), model.weights(),
        ph.bics(), ph.initial(), trans, events, sites, pr.auc(), pr.shuffled(), pr.coef(), graph, causes, st.a(), det.perFrame(),
        causeStatus, window[0], st.z(), st.cage(), granger);
  }

  /** Single-frame descriptors {@code [descriptor][frame][site]}: as {@link #DESCRIPTORS}, NaN where a column is missing. */
  private static double[][][] frameDescriptors(Detected det, Sites st, Tracks tr, double[][] drift) {
    int nf = det.cols().size();
    int n = st.n();
    double[][][] out = new double[DESCRIPTORS.size()][nf][n];
    for (int t = 0; t < nf; t++) {
      Columns c = det.cols().get(t);
      double[] br = det.brightness().get(t);
      int[] match = tr.match()[t];
      for (int s = 0; s < n; s++) {
        for (double[][] d : out) d[t][s] = Double.NaN;
        int i = match[s];
        if (i < 0) continue;
        double xi = c.x()[i] - drift[t][0];
        double yi = c.y()[i] - drift[t][1];
        double maxNb = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double sum2 = 0;
        int k = 0;
        boolean ok = true;
        for (int q : st.nb()[s]) {
          int iq = match[q];
          if (iq < 0) {
            ok = false;
            break;
          }
          maxNb = Math.max(maxNb, br[iq]);
          double dd = Math.hypot(c.x()[iq] - drift[t][0] - xi, c.y()[iq] - drift[t][1] - yi);
          sum += dd;
          sum2 += dd * dd;
          k++;
        }
        if (!ok || k < 2) continue;
        out[0][t][s] = br[i];
        out[1][t][s] = maxNb;
        out[2][t][s] = sum / k;
        out[3][t][s] = Math.sqrt(Math.max(0, sum2 / k - sq(sum / k)));
      }
    }
    return out;
  }

  /** Atom columns of every frame: positions, 3 × 3 peak brightness and the metal/chalcogen split. */
  private record Detected(List<Columns> cols, List<double[]> brightness, List<boolean[]> isMetal, int[] perFrame, Detection first) {}

  /**
   * The tracked metal sites (frame-0 metal columns), their lattice constant, neighbours within 1.25 a, the
   * coordination of an inner site (the most common number of neighbours: 6 hexagonal, 4 square) and the number of
   * anion columns of the cage around a metal (the most common number within 0.85 a at frame 0: 3 hexagonal, 4 square).
   */
  private record Sites(double[] sx, double[] sy, int[] ref, double a, int[][] nb, int z, int cage) {
    int n() { return sx.length; }
  }

  /** Per frame and site: the matched column (−1 if none) and its off-centring in lattice constants. */
  private record Tracks(int[][] match, double[][] offX, double[][] offY) {}

  /** Phase classes from the Gaussian mixture: {@code [frame][site]} class (−1 unclassified) and the initial phase. */
  private record Phases(GaussianMixture.Model model, double[] bics, int classes, int[][] phase, int initial) {}

  /** Nucleation prediction: cross-validated AUC, shuffled-label AUC, weights, number of positive usable sites. */
  private record Prediction(Roc.Auc auc, double shuffled, double[] coef, int positives) {}

  private static Detected detectColumns(List<Image> frames, Progress progress) {
    int nf = frames.size();
    List<Columns> cols = new ArrayList<>();
    List<double[]> brightness = new ArrayList<>();
    List<boolean[]> isMetal = new ArrayList<>();
    int[] perFrame = new int[nf];
    Detection first = null;
    for (int t = 0; t < nf; t++) {
      Image img = frames.get(t);
      ColumnDetector.Options dopt = ColumnDetector.Options.defaults();
      if (first != null) dopt = dopt.withScale(first.smoothingSigmaPx(), first.minSeparationPx());
      Detection d = new ColumnDetector(dopt).detect(img);
      if (first == null) first = d;
      if (d.size() < 20) throw new BadInputException("frame " + t + ": only " + d.size() + " atom columns found; expected an atomic-resolution movie");
      double[] x0 = new double[d.size()];
      double[] y0 = new double[d.size()];
      for (int i = 0; i < d.size(); i++) {
        x0[i] = d.x()[i];
        y0[i] = d.y()[i];
      }
      Columns c = new GaussianRefiner(GaussianRefiner.Options.defaults()).refine(img, x0, y0);
      cols.add(c);
      double[] peak = peakValues(img, c);
      brightness.add(peak);
      isMetal.add(splitByIntensity(peak));
      perFrame[t] = c.size();
      progress.update(t + 1, nf + 2);
    }
    return new Detected(cols, brightness, isMetal, perFrame, first);
  }

  /** Reference sites: the metal columns of frame 0. */
  private static Sites referenceSites(Detected det) {
    Columns c0 = det.cols().get(0);
    boolean[] m0 = det.isMetal().get(0);
    int n = 0;
    for (boolean b : m0) if (b) n++;
    double[] sx = new double[n];
    double[] sy = new double[n];
    int[] ref = new int[n];
    for (int i = 0, k = 0; i < c0.size(); i++) {
      if (m0[i]) {
        sx[k] = c0.x()[i];
        sy[k] = c0.y()[i];
        ref[k++] = i;
      }
    }
    double a = PointGrid.medianNearestDistance(sx, sy, 4 * det.first().periodPx() + 20);
    if (!(a > 0)) throw new BadInputException("cannot measure the metal–metal distance in frame 0");
    PointGrid siteGrid = new PointGrid(sx, sy, a);
    int[][] nb = new int[n][];
    int[] countNb = new int[16];
    for (int s = 0; s < n; s++) {
      nb[s] = neighboursWithin(siteGrid, sx, sy, s, 1.25 * a);
      countNb[Math.min(nb[s].length, 15)]++;
    }
    // the anion cage: non-metal columns within 0.85 a of each frame-0 metal
    PointGrid all = new PointGrid(c0.x(), c0.y(), a);
    int[] countCage = new int[16];
    int[] buf = new int[32];
    int[] cnt = new int[1];
    for (int s = 0; s < n; s++) {
      buf = all.within(sx[s], sy[s], 0.85 * a, buf, cnt);
      int k = 0;
      for (int q = 0; q < cnt[0]; q++) if (!m0[buf[q]]) k++;
      countCage[Math.min(k, 15)]++;
    }
    int z = modeAbove(countNb, 2);
    int cage = modeAbove(countCage, 2);
    if (z < 3 || cage < 3) {
      throw new BadInputException("frame 0: no regular lattice of metal sites in a cage of dimmer columns (most common number of "
          + "metal neighbours " + z + ", of dim columns around a metal " + cage + "; expected e.g. 6 and 3 hexagonal, 4 and 4 square)");
    }
    return new Sites(sx, sy, ref, a, nb, z, cage);
  }

  /** The most common count of at least {@code min} (0 if none). */
  private static int modeAbove(int[] counts, int min) {
    int best = 0;
    for (int k = min; k < counts.length; k++) if (counts[k] > 0 && (best == 0 || counts[k] > counts[best])) best = k;
    return best;
  }

  /** Per frame: match the sites, measure the off-centring of each metal in its triangle of chalcogens. */
  private static Tracks track(Detected det, double[][] drift, Sites st) {
    int nf = det.cols().size();
    int n = st.n();
    int[][] match = new int[nf][n];
    double[][] offX = new double[nf][n];
    double[][] offY = new double[nf][n];
    for (int t = 0; t < nf; t++) {
      Columns c = det.cols().get(t);
      double[] mx = new double[c.size()];
      double[] my = new double[c.size()];
      for (int i = 0; i < c.size(); i++) {
        mx[i] = c.x()[i] - drift[t][0];
        my[i] = c.y()[i] - drift[t][1];
      }
      trackFrame(mx, my, det.isMetal().get(t), st, match[t], offX[t], offY[t]);
    }
    return new Tracks(match, offX, offY);
  }

  private static void trackFrame(double[] mx, double[] my, boolean[] metal, Sites st, int[] match, double[] offX, double[] offY) {
    double a = st.a();
    PointGrid g = new PointGrid(mx, my, a);
    int[] buf = new int[16];
    int[] cnt = new int[1];
    for (int s = 0; s < st.n(); s++) {
      match[s] = -1;
      offX[s] = Double.NaN;
      offY[s] = Double.NaN;
      buf = g.within(st.sx()[s], st.sy()[s], 0.35 * a, buf, cnt);
      double best = Double.MAX_VALUE;
      for (int q = 0; q < cnt[0]; q++) {
        int i = buf[q];
        if (!metal[i]) continue;
        double d2 = sq(mx[i] - st.sx()[s]) + sq(my[i] - st.sy()[s]);
        if (d2 < best) {
          best = d2;
          match[s] = i;
        }
      }
      int i = match[s];
      if (i < 0) continue;
      buf = g.within(mx[i], my[i], a, buf, cnt);
      long[] keyed = new long[cnt[0]];
      int kc = 0;
      for (int q = 0; q < cnt[0]; q++) {
        int j = buf[q];
        if (metal[j]) continue;
        double d2 = sq(mx[j] - mx[i]) + sq(my[j] - my[i]);
        keyed[kc++] = ((long) Float.floatToIntBits((float) d2) << 32) | j;
      }
      int cage = st.cage();
      if (kc < cage) continue;
      Arrays.sort(keyed, 0, kc);
      double cx = 0;
      double cy = 0;
      for (int q = 0; q < cage; q++) {
        int j = (int) (keyed[q] & 0xFFFFFFFFL);
        cx += mx[j] / cage;
        cy += my[j] / cage;
      }
      offX[s] = (mx[i] - cx) / a;
      offY[s] = (my[i] - cy) / a;
    }
  }

  /** Phases: Gaussian mixture on the off-centring (in lattice constants) over all sites and frames, BIC-chosen. */
  private Phases classifyPhases(Tracks tr, int n, int nf) {
    List<double[]> feats = new ArrayList<>();
    for (int t = 0; t < nf; t++) {
      for (int s = 0; s < n; s++) {
        if (!Double.isNaN(tr.offX()[t][s])) feats.add(new double[] {tr.offX()[t][s], tr.offY()[t][s]});
      }
    }
    if (feats.size() < 10) throw new BadInputException("too few metal sites with three chalcogen neighbours to classify local phases");
    double[][] fx = feats.toArray(new double[0][]);
    // EM stops at a relative log-likelihood change of 1e-6: at 1e-8 the surplus components of k = 3, 4 never converge
    // and run all 200 iterations (4× the time) for the same phases on the simulated movies
    GaussianMixture gm = new GaussianMixture(new GaussianMixture.Options(options.maxClasses(), 2, 200, 1e-6, 1e-4, options.seed()));
    double[] bics = new double[options.maxClasses()];
    GaussianMixture.Model model = null;
    for (int k = 1; k <= options.maxClasses(); k++) {
      GaussianMixture.Model mk = gm.fit(fx, k);
      bics[k - 1] = mk.bic();
      if (model == null || mk.bic() < model.bic()) model = mk;
    }
    // mixture components closer than three standard deviations are one phase (a non-Gaussian shape)
    int[] phaseOf = mergeComponents(model);
    int classes = Arrays.stream(phaseOf).max().orElse(0) + 1;
    int[][] phase = new int[nf][n];
    for (int t = 0; t < nf; t++) {
      for (int s = 0; s < n; s++) {
        phase[t][s] = Double.isNaN(tr.offX()[t][s]) ? -1 : phaseOf[model.classify(new double[][] {{tr.offX()[t][s], tr.offY()[t][s]}})[0]];
      }
    }
    int[] count0 = new int[classes];
    for (int s = 0; s < n; s++) if (phase[0][s] >= 0) count0[phase[0][s]]++;
    int initial = 0;
    for (int k = 1; k < classes; k++) if (count0[k] > count0[initial]) initial = k;
    return new Phases(model, bics, classes, phase, initial);
  }

  /** Row-normalised frame-to-frame transition probabilities between phases. */
  private static double[][] transitionMatrix(int[][] phase, int classes) {
    double[][] trans = new double[classes][classes];
    for (int t = 1; t < phase.length; t++) {
      for (int s = 0; s < phase[t].length; s++) {
        if (phase[t - 1][s] >= 0 && phase[t][s] >= 0) trans[phase[t - 1][s]][phase[t][s]]++;
      }
    }
    for (double[] row : trans) {
      double sum = Arrays.stream(row).sum();
      if (sum > 0) for (int k = 0; k < row.length; k++) row[k] /= sum;
    }
    return trans;
  }

  /**
   * Nucleation events: a site that leaves the initial phase for good (it stays out of it in the next frame, or it
   * is the last frame) while none of its neighbours had left it the frame before; single-frame excursions (noise)
   * are not transitions. Fills {@code nucFrame} (−1: never).
   */
  private static List<Nucleation> nucleations(Phases ph, Sites st, int[] nucFrame) {
    int[][] phase = ph.phase();
    int nf = phase.length;
    int n = st.n();
    boolean[][] changed = new boolean[nf][n];
    for (int t = 0; t < nf; t++) {
      for (int s = 0; s < n; s++) {
        boolean out = phase[t][s] >= 0 && phase[t][s] != ph.initial();
        boolean stays = t + 1 >= nf || (phase[t + 1][s] >= 0 && phase[t + 1][s] != ph.initial());
        changed[t][s] = out && stays;
      }
    }
    List<Nucleation> events = new ArrayList<>();
    Arrays.fill(nucFrame, -1);
    for (int t = 1; t < nf; t++) {
      for (int s = 0; s < n; s++) {
        if (!changed[t][s] || changed[t - 1][s] || nucFrame[s] >= 0) continue;
        // a neighbourhood that cannot be seen whole (a neighbour unclassified) cannot show a nucleation
        boolean neighbourNew = st.nb()[s].length < st.z();
        for (int q : st.nb()[s]) neighbourNew |= changed[t - 1][q] || phase[t - 1][q] < 0 || phase[t][q] < 0;
        if (!neighbourNew) {
          nucFrame[s] = t;
          events.add(new Nucleation(s, t, st.sx()[s], st.sy()[s]));
        }
      }
    }
    return events;
  }

  /**
   * Pre-transition descriptors per site, {@code [descriptor][site]}, from the per-site time series: each site's
   * window is the {@code w} frames just before its end (its nucleation frame, or else the first frame in which it
   * or a neighbour leaves the initial phase, or the end of the movie), with {@code w} the shortest window any
   * nucleation has, so every site is measured over the same number of frames (equal noise, so a noise-sensitive
   * descriptor such as a spread cannot tell events from non-events). Positions are averaged over the window
   * (drift-corrected) before distances are taken; intensities are window means. Sites with a column missing in
   * the window get NaN (not usable). Returns the window length in {@code windowOut[0]}.
   */
  private static double[][] descriptors(Detected det, Sites st, Tracks tr, double[][] drift, Phases ph, int[] nucFrame,
                                        int[] windowOut) {
    int n = st.n();
    int nf = ph.phase().length;
    int[] end = new int[n];
    int w = nf;
    for (int s = 0; s < n; s++) {
      end[s] = nucFrame[s] >= 0 ? nucFrame[s] : intactUntil(ph, st.nb()[s], s);
      if (nucFrame[s] >= 0) w = Math.min(w, nucFrame[s]);
    }
    w = Math.max(1, w);
    windowOut[0] = w;
    double[] inten = new double[n];
    double[] px = new double[n];
    double[] py = new double[n];
    boolean[] seen = new boolean[n];
    double[][] desc = new double[DESCRIPTORS.size()][n];
    for (double[] d : desc) Arrays.fill(d, Double.NaN);
    for (int s = 0; s < n; s++) {
      if (end[s] < w) continue;
      if (!windowMean(det, tr, drift, s, end[s] - w, end[s], inten, px, py)) continue;
      boolean ok = true;
      for (int q : st.nb()[s]) ok &= windowMean(det, tr, drift, q, end[s] - w, end[s], inten, px, py);
      if (!ok) continue;
      double maxNb = Double.NaN;
      double sum = 0;
      double sum2 = 0;
      int k = 0;
      for (int q : st.nb()[s]) {
        maxNb = Double.isNaN(maxNb) ? inten[q] : Math.max(maxNb, inten[q]);
        double d = Math.hypot(px[q] - px[s], py[q] - py[s]);
        sum += d;
        sum2 += d * d;
        k++;
      }
      desc[0][s] = inten[s];
      desc[1][s] = maxNb;
      desc[2][s] = k > 0 ? sum / k : Double.NaN;
      desc[3][s] = k > 1 ? Math.sqrt(Math.max(0, sum2 / k - sq(sum / k))) : Double.NaN;
    }
    return desc;
  }

  /** The first frame in which the site or one of its neighbours is not in the initial phase (or unseen); nf if none. */
  private static int intactUntil(Phases ph, int[] nb, int s) {
    int[][] phase = ph.phase();
    for (int t = 0; t < phase.length; t++) {
      if (phase[t][s] != ph.initial()) return t;
      for (int q : nb) if (phase[t][q] != ph.initial()) return t;
    }
    return phase.length;
  }

  /** Mean brightness and drift-corrected position of site s over frames [from, to); false if it is missing in one. */
  private static boolean windowMean(Detected det, Tracks tr, double[][] drift, int s, int from, int to,
                                    double[] inten, double[] px, double[] py) {
    double si = 0;
    double sx = 0;
    double sy = 0;
    for (int t = from; t < to; t++) {
      int i = tr.match()[t][s];
      if (i < 0) return false;
      Columns c = det.cols().get(t);
      si += det.brightness().get(t)[i];
      sx += c.x()[i] - drift[t][0];
      sy += c.y()[i] - drift[t][1];
    }
    int m = to - from;
    inten[s] = si / m;
    px[s] = sx / m;
    py[s] = sy / m;
    return true;
  }

  /**
   * The standard error of a site's local strain (window-mean neighbour distance / a − 1): the frame-to-frame scatter of
   * the single-frame mean neighbour distance within each site while it is intact, pooled over the sites (the noise is
   * the same everywhere at one dose; a two-frame variance per site would be useless), divided by √window and by the
   * reference distance.
   * A strain that changes in time counts as scatter. NaN without at least two intact frames anywhere.
   */
  private static double strainStandardError(double[][] meanDistance, int[] lastAtRisk, double a, int window) {
    double ss = 0;
    int dof = 0;
    for (int s = 0; s < lastAtRisk.length; s++) {
      double sum = 0;
      double sum2 = 0;
      int k = 0;
      for (int t = 0; t <= Math.min(lastAtRisk[s], meanDistance.length - 1); t++) {
        double v = meanDistance[t][s];
        if (Double.isNaN(v)) continue;
        sum += v;
        sum2 += v * v;
        k++;
      }
      if (k < 2) continue;
      ss += Math.max(0, sum2 - sum * sum / k);
      dof += k - 1;
    }
    return dof > 0 ? Math.sqrt(ss / dof / Math.max(1, window)) / a : Double.NaN;
  }

  private static DescriptorTable siteTable(Sites st, double[][] desc, int[] label, int[] nucFrame, double reference, double strainSe) {
    int n = st.n();
    List<String> names = new ArrayList<>(List.of("site", "x_px", "y_px"));
    names.addAll(DESCRIPTORS);
    names.add("nucleated");
    names.add("nucleation_frame");
    names.add("local_strain");
    names.add("local_strain_se");
    double[][] table = new double[names.size()][n];
    for (int s = 0; s < n; s++) {
      table[0][s] = s;
      table[1][s] = st.sx()[s];
      table[2][s] = st.sy()[s];
      for (int j = 0; j < DESCRIPTORS.size(); j++) table[3 + j][s] = desc[j][s];
      table[3 + DESCRIPTORS.size()][s] = label[s];
      table[4 + DESCRIPTORS.size()][s] = nucFrame[s];
      // local strain: the window-mean neighbour distance relative to that of the median site
      table[5 + DESCRIPTORS.size()][s] = desc[2][s] / reference - 1;
      table[6 + DESCRIPTORS.size()][s] = Double.isNaN(desc[2][s]) ? Double.NaN : strainSe;
    }
    List<String> units = new ArrayList<>(List.of("", "px", "px", "counts", "counts", "px", "px", "", "frame", "", ""));
    return new DescriptorTable(names, units, table);
  }

  /** Spatially cross-validated logistic prediction of nucleation with its bootstrap interval and shuffled baseline. */
  private Prediction predict(Sites st, double[][] desc, int[] label, int[] usable) {
    int positives = 0;
    for (int s : usable) positives += label[s];
    if (positives < 2 || positives > usable.length - 2) {
      double[] coef = new double[desc.length];
      Arrays.fill(coef, Double.NaN);
      return new Prediction(new Roc.Auc(Double.NaN, Double.NaN, Double.NaN), Double.NaN, coef, positives);
    }
    double[] sx = st.sx();
    double[] sy = st.sy();
    double[][] x = new double[usable.length][];
    int[] y = new int[usable.length];
    int[] fold = new int[usable.length];
    double minX = Arrays.stream(sx).min().orElse(0);
    double maxX = Arrays.stream(sx).max().orElse(1) + 1e-9;
    double minY = Arrays.stream(sy).min().orElse(0);
    double maxY = Arrays.stream(sy).max().orElse(1) + 1e-9;
    for (int i = 0; i < usable.length; i++) {
      int s = usable[i];
      x[i] = new double[desc.length];
      for (int j = 0; j < x[i].length; j++) x[i][j] = desc[j][s];
      y[i] = label[s];
      int bx = (int) ((sx[s] - minX) / (maxX - minX) * options.blocks());
      int by = (int) ((sy[s] - minY) / (maxY - minY) * options.blocks());
      fold[i] = by * options.blocks() + bx;
    }
    double[] scores = crossValidated(x, y, fold);
    Roc.Auc auc = Roc.aucWithInterval(scores, y, options.bootstrap(), 0.95, options.seed());
    SplittableRandom rng = new SplittableRandom(options.seed() + 17);
    double sumAuc = 0;
    for (int p = 0; p < options.shuffles(); p++) {
      int[] perm = y.clone();
      for (int i = perm.length - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      sumAuc += Roc.auc(crossValidated(x, perm, fold), perm);
    }
    double[] coef = new LogisticRegression(new LogisticRegression.Options(PRIOR_PRECISION, 100, 1e-10)).fit(x, y).weights();
    return new Prediction(auc, sumAuc / options.shuffles(), coef, positives);
  }

  /**
   * The status of each cause of nucleation, as in the ferroic workflow: the site's scan position (x_px,
   * y_px) enters the search as exogenous nuisance nodes — {@code instrument} when the cause's link to
   * nucleation vanishes given them; otherwise {@code supported} when its partial correlation with
   * nucleation (given the position nodes adjacent to nucleation) is significant with the full data's sign
   * in both halves split at the median y (slow scan) and at the median x (fast scan); else {@code unstable}.
   */
  private java.util.Map<String, String> causeStatus(List<String> vars, double[][] cols, org.causalem.causal.Knowledge k,
                                                    List<String> causes, int[] usable, double[] sx, double[] sy) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    int n = usable.length;
    List<String> all = new ArrayList<>(vars);
    all.add("x_px");
    all.add("y_px");
    double[][] c2 = Arrays.copyOf(cols, all.size());
    c2[vars.size()] = new double[n];
    c2[vars.size() + 1] = new double[n];
    for (int i = 0; i < n; i++) {
      c2[vars.size()][i] = sx[usable[i]];
      c2[vars.size() + 1][i] = sy[usable[i]];
    }
    int target = vars.size() - 1;
    org.causalem.causal.Graph g2 = new org.causalem.causal.PcStable(org.causalem.causal.PcStable.Options.defaults()
        .withKnowledge(k.withExogenous(List.of("x_px", "y_px")))).search(new org.causalem.causal.FisherZTest(all, c2, options.alpha()));
    List<Integer> cond = new ArrayList<>();
    for (int q = vars.size(); q < all.size(); q++) if (g2.adjacent(q, target)) cond.add(q);
    double my = Stats.median(c2[vars.size() + 1]);
    double mx = Stats.median(c2[vars.size()]);
    for (String cause : causes) {
      int i = vars.indexOf(cause);
      if (!g2.adjacent(i, target)) {
        out.put(cause, FerroicAnalysis.Status.INSTRUMENT.label());
        continue;
      }
      double full = partial(c2, all, i, target, cond, null)[0];
      boolean ok = true;
      for (int h = 0; h < 4 && ok; h++) {
        double[] coord = h < 2 ? c2[vars.size() + 1] : c2[vars.size()];
        double m = h < 2 ? my : mx;
        boolean low = h % 2 == 0;
        boolean[] in = new boolean[n];
        int count = 0;
        for (int r = 0; r < n; r++) if ((coord[r] < m) == low) {
          in[r] = true;
          count++;
        }
        if (count < 20) {
          ok = false;
          break;
        }
        double[] t = partial(c2, all, i, target, cond, in);
        ok = t[1] < options.alpha() && Math.signum(t[0]) == Math.signum(full);
      }
      out.put(cause, (ok ? FerroicAnalysis.Status.SUPPORTED : FerroicAnalysis.Status.UNSTABLE).label());
    }
    return out;
  }

  /** Partial correlation of columns i and j given cond over the rows in {@code in} (null: all), and its p value. */
  private double[] partial(double[][] cols, List<String> names, int i, int j, List<Integer> cond, boolean[] in) {
    int[] pick = new int[cond.size() + 2];
    pick[0] = i;
    pick[1] = j;
    for (int q = 0; q < cond.size(); q++) pick[q + 2] = cond.get(q);
    int rows = 0;
    for (int r = 0; r < cols[0].length; r++) if (in == null || in[r]) rows++;
    double[][] sub = new double[pick.length][rows];
    List<String> subNames = new ArrayList<>();
    for (int q = 0; q < pick.length; q++) {
      subNames.add(names.get(pick[q]));
      int k = 0;
      for (int r = 0; r < cols[0].length; r++) if (in == null || in[r]) sub[q][k++] = cols[pick[q]][r];
    }
    org.causalem.causal.FisherZTest t = new org.causalem.causal.FisherZTest(subNames, sub, options.alpha());
    int[] z = new int[cond.size()];
    for (int q = 0; q < z.length; q++) z[q] = q + 2;
    return new double[] {t.partialCorrelation(0, 1, z), t.pValue(0, 1, z)};
  }

  /**
   * Groups mixture components into phases: two components join when the distance between their means
   * is less than three standard deviations of the tighter one along the line joining them (a broad
   * component sitting on a tight one describes the tail of one phase, not a second phase).
   */
  static int[] mergeComponents(GaussianMixture.Model m) {
    int k = m.classes();
    int[] parent = new int[k];
    for (int i = 0; i < k; i++) parent[i] = i;
    for (int i = 0; i < k; i++) {
      for (int j = i + 1; j < k; j++) {
        double[] d = {m.means()[j][0] - m.means()[i][0], m.means()[j][1] - m.means()[i][1]};
        double len = Math.hypot(d[0], d[1]);
        double sd = Math.min(spread(m.covariances()[i], d, len), spread(m.covariances()[j], d, len));
        if (len <= 3 * sd) union(parent, i, j);
      }
    }
    int[] label = new int[k];
    int[] id = new int[k];
    Arrays.fill(id, -1);
    int next = 0;
    for (int i = 0; i < k; i++) {
      int r = find(parent, i);
      if (id[r] < 0) id[r] = next++;
      label[i] = id[r];
    }
    return label;
  }

  private static double spread(double[][] cov, double[] d, double len) {
    if (len == 0) return 1;
    double v = 0;
    for (int a = 0; a < d.length; a++) for (int b = 0; b < d.length; b++) v += d[a] * cov[a][b] * d[b];
    return Math.sqrt(Math.max(v, 0)) / len;
  }

  private static int find(int[] p, int i) {
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
  }

  private static void union(int[] p, int i, int j) { p[find(p, i)] = find(p, j); }

  /**
   * Out-of-fold scores: each spatial block scored by a model fitted on the others, as the site's mid-rank
   * quantile within its block. Each block's model has its own scale and offset (an intercept or a
   * standardisation shift moves a whole block, and blocks with more positives get models fitted on fewer),
   * which would bias a pooled AUC below ½ under the null (0.47 with six positives); within-block
   * quantiles compare every site only with the sites its own model scored.
   */
  private static double[] crossValidated(double[][] x, int[] y, int[] fold) {
    int maxFold = Arrays.stream(fold).max().orElse(0);
    double[] scores = new double[x.length];
    LogisticRegression lr = new LogisticRegression(new LogisticRegression.Options(PRIOR_PRECISION, 100, 1e-10));
    for (int f = 0; f <= maxFold; f++) {
      int nTrain = 0;
      for (int v : fold) if (v != f) nTrain++;
      if (nTrain == x.length) continue;
      double[][] tx = new double[nTrain][];
      int[] ty = new int[nTrain];
      int k = 0;
      int pos = 0;
      for (int i = 0; i < x.length; i++) {
        if (fold[i] != f) {
          tx[k] = x[i];
          ty[k++] = y[i];
          pos += y[i];
        }
      }
      LogisticRegression.Model m = pos == 0 || pos == nTrain ? null : lr.fit(tx, ty);
      int size = 0;
      for (int i = 0; i < x.length; i++) {
        if (fold[i] == f) {
          scores[i] = m == null ? 0 : linear(m, x[i]);
          size++;
        }
      }
      double[] raw = new double[size];
      for (int i = 0, k2 = 0; i < x.length; i++) if (fold[i] == f) raw[k2++] = scores[i];
      Arrays.sort(raw);
      for (int i = 0; i < x.length; i++) {
        if (fold[i] != f) continue;
        int below = lowerBound(raw, scores[i]);
        int equal = lowerBound(raw, Math.nextUp(scores[i])) - below;
        scores[i] = (below + 0.5 * equal) / size;
      }
    }
    return scores;
  }

  /** The first index of sorted {@code a} whose value is ≥ v. */
  private static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static double linear(LogisticRegression.Model m, double[] x) {
    double z = 0;
    for (int j = 0; j < x.length; j++) z += m.weights()[j] * (x[j] - m.mean()[j]) / m.sd()[j];
    return z;
  }

  private static int[] usableSites(int[][] nb, int z, double[][] desc) {
    int[] out = new int[nb.length];
    int m = 0;
    outer:
    for (int s = 0; s < nb.length; s++) {
      if (nb[s].length != z) continue;
      for (double[] d : desc) if (Double.isNaN(d[s])) continue outer;
      out[m++] = s;
    }
    return Arrays.copyOf(out, m);
  }

  private static int[] neighboursWithin(PointGrid g, double[] x, double[] y, int s, double r) {
    int[] cnt = new int[1];
    int[] buf = g.within(x[s], y[s], r, new int[16], cnt);
    int[] out = new int[cnt[0]];
    int m = 0;
    for (int q = 0; q < cnt[0]; q++) if (buf[q] != s) out[m++] = buf[q];
    return Arrays.copyOf(out, m);
  }

  /** The mean of the 3 × 3 pixels around each column centre: a robust brightness for the sublattice split. */
  static double[] peakValues(Image img, Columns c) {
    double[] out = new double[c.size()];
    int w = img.width();
    int h = img.height();
    for (int i = 0; i < c.size(); i++) {
      int cx = (int) Math.round(c.x()[i]);
      int cy = (int) Math.round(c.y()[i]);
      double sum = 0;
      int k = 0;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int x = cx + dx;
          int y = cy + dy;
          if (x >= 0 && y >= 0 && x < w && y < h) {
            sum += img.at(x, y);
            k++;
          }
        }
      }
      out[i] = k > 0 ? sum / k : 0;
    }
    return out;
  }

  /** Metal (bright) vs chalcogen (dim) by Otsu's threshold on the column brightness. */
  static boolean[] splitByIntensity(double[] amp) {
    double[] sorted = amp.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double total = Arrays.stream(sorted).sum();
    double best = -1;
    double thr = sorted[n / 2];
    double left = 0;
    for (int i = 0; i < n - 1; i++) {
      left += sorted[i];
      int nl = i + 1;
      int nr = n - nl;
      double ml = left / nl;
      double mr = (total - left) / nr;
      double between = (double) nl * nr * (ml - mr) * (ml - mr);
      if (between > best) {
        best = between;
        thr = 0.5 * (sorted[i] + sorted[i + 1]);
      }
    }
    boolean[] metal = new boolean[n];
    for (int i = 0; i < n; i++) metal[i] = amp[i] > thr;
    return metal;
  }

  private static double sq(double v) { return v * v; }
}
