package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.causalem.bayes.CrossValidation;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.Kernel;
import org.causalem.bayes.PredictabilityMap;
import org.causalem.causal.Anm;
import org.causalem.causal.Bootstrap;
import org.causalem.causal.BootstrapResult;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeType;
import org.causalem.causal.Effects;
import org.causalem.causal.FisherZTest;
import org.causalem.causal.Graph;
import org.causalem.causal.Igci;
import org.causalem.causal.Knowledge;
import org.causalem.causal.LingamPrior;
import org.causalem.causal.LingamResult;
import org.causalem.causal.PairwiseResult;
import org.causalem.causal.Reci;
import org.causalem.causal.SlopeMdl;
import org.causalem.causal.PcStable;
import org.causalem.data.BadInputException;
import org.causalem.data.Progress;
import org.causalem.numeric.LeastSquares;
import org.causalem.numeric.Stats;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;

/**
 * The causal analysis of a ferroelectric perovskite's unit cells: which of composition, lattice and
 * polarization drives which. Pairwise directions (IGCI, ANM, RECI, MDL), DirectLiNGAM and PC-stable with physics
 * tiers, each bootstrapped over spatial blocks and scan-line strips, a consensus graph, sliding-window maps
 * of the coupling, a Gaussian-process predictability map of the polarization, and the confounding check
 * (naive against adjusted effects).
 *
 * <p>The scan is a cause: the instrument descriptors of the table enter a search as exogenous nuisance
 * nodes, every consensus edge is replicated on the halves split along the slow and the fast scan, and gets
 * a {@link Status}: {@code instrument} (vanishes given the nuisance nodes), {@code supported} (reproduced
 * everywhere, not explained by the instrument) or {@code unstable}. Only supported edges are read as causal.
 *
 * <p>Works on the cells table of {@link org.causalem.lattice.AtomsPipeline} (or any table with the same
 * column names). Derived descriptors (tetragonality = b/a, cell area = a·b, polarization magnitude) are
 * never handed to a search together with the inputs they are computed from; any other near-deterministic
 * relation (R² ≥ 0.999) is refused with a message.
 */
public final class FerroicAnalysis {
  /** Descriptors searched by default, in their default tiers. */
  public static final List<String> DEFAULT_VARIABLES = List.of(
      "intensity_A", "intensity_B", "a_px", "b_px", "gamma_deg", "polarization_x_px", "polarization_y_px");


  /**
   * Composition proxies that do not move with the scan: where the table has them, the sampling-normalised
   * intensities replace the raw integrated ones among the default variables (a column covering more
   * pixels where the fast scan is slow collects more counts, and so does every other column there).
   */
  static final Map<String, String> NORMALISED_PROXY = Map.of("intensity_A", "intensity_A_norm", "intensity_B", "intensity_B_norm");

  /**
   * The name under which a descriptor was searched: its scan-independent proxy ({@code intensity_A} →
   * {@code intensity_A_norm}) when the search used that instead, else the name itself.
   */
  public static String searchedName(List<String> searched, String name) {
    String norm = NORMALISED_PROXY.get(name);
    return norm != null && !searched.contains(name) && searched.contains(norm) ? norm : name;
  }

  /** The true graph over the searched variables, from edges named as in the cells table (cause, effect). */
  public static Graph truthGraph(List<String> searched, List<String[]> edges) {
    Graph truth = new Graph(searched);
    for (String[] e : edges) truth.addDirected(truth.index(searchedName(searched, e[0])), truth.index(searchedName(searched, e[1])));
    return truth;
  }

  /** The four independent halves every edge must be reproduced on. */
  public static final List<String> HALVES = List.of("slow-half-1", "slow-half-2", "fast-half-1", "fast-half-2");

  /** What an edge of the consensus graph is, once the instrument is taken into account. */
  public enum Status {
    /** found in the full data and in both halves of each split with the same sign, and not explained by the instrument */
    SUPPORTED,
    /** vanishes given the instrument's nuisance nodes: a scan artefact */
    INSTRUMENT,
    /** not reproduced on the independent halves */
    UNSTABLE;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
  }

  /**
   * The checks one consensus edge went through: its bootstrap frequency, its reported (calibrated)
   * confidence, whether it is found with the full data's sign in each of {@link #HALVES} (null: the half was
   * too small to search), whether it vanishes given the nuisance nodes, and the nuisance nodes adjacent to
   * its ends in that search.
   */
  public record EdgeCheck(String from, String to, Double bootstrapFrequency, Double confidence, double coefficient,
                          List<Boolean> foundInHalves, boolean explainedByInstrument, List<String> instrumentNeighbours,
                          Status status, String sentence) {}

  /**
   * The instrument check: nuisance nodes used (and those asked for but absent), the edges the nuisance
   * search found from instrument descriptors to measured descriptors, banding, uncertainty calibration,
   * the mean off-centring (null without polarization), the scan-line bin used (px) and the half sizes.
   */
  public record InstrumentSummary(List<String> nuisance, List<String> nuisanceAbsent, Map<String, String> nuisanceExcluded,
                                  List<String[]> instrumentEdges, List<InstrumentCheck.Banding> banding,
                                  List<InstrumentCheck.Calibration> calibration, InstrumentCheck.OffCentring offCentring,
                                  double binPx, Map<String, Integer> halfCells) {}

  /**
   * @param alpha significance level of PC's Fisher-z tests
   * @param bootstrap spatial-block bootstrap replicates per method
   * @param consensusThreshold a directed edge enters the consensus when both PC and LiNGAM find it in at least
   *     this fraction of their bootstrap replicates (the two methods must agree; its confidence is the mean)
   * @param windowCells side of a sliding window in cells (0: a third of the field)
   * @param priorText PRIOR.txt contents ({@code tier 1: a b}, {@code require a -> b}, {@code forbid a -> b}), or null for the physics tiers
   * @param firstTierPrefixes without a prior, names starting with one of these join the intensities in the first
   *     physics tier (e.g. {@code eels_} for spectral descriptors: chemistry first); empty = none
   */
  public record Options(double alpha, int bootstrap, double consensusThreshold, int windowCells, String priorText,
                        List<String> variables, boolean predictability, long seed, int threads,
                        List<String> firstTierPrefixes, List<String> nuisance, boolean pairwise) {
    /** Options without first-tier prefixes, with the instrument's nuisance columns found in the table. */
    public Options(double alpha, int bootstrap, double consensusThreshold, int windowCells, String priorText,
                   List<String> variables, boolean predictability, long seed, int threads) {
      this(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, List.of(), null, true);
    }

    /**
     * @param nuisance columns entering the searches as exogenous nuisance nodes (instrument descriptors);
     *     null: those of {@link org.causalem.lattice.InstrumentDescriptors#NUISANCE} the table has; empty: none
     * @param pairwise run the pairwise direction methods (IGCI, ANM; the slowest part on large tables)
     */
    public Options {
      firstTierPrefixes = List.copyOf(firstTierPrefixes);
      nuisance = nuisance == null ? null : List.copyOf(nuisance);
      if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be within (0, 1), got " + alpha);
      if (bootstrap < 0) throw new IllegalArgumentException("bootstrap must be >= 0, got " + bootstrap);
      if (!(consensusThreshold > 0 && consensusThreshold <= 1)) throw new IllegalArgumentException("consensusThreshold must be within (0, 1], got " + consensusThreshold);
      if (windowCells < 0) throw new IllegalArgumentException("windowCells must be >= 0, got " + windowCells);
      variables = List.copyOf(variables);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public static Options defaults(long seed) {
      return new Options(0.01, 50, 0.5, 0, null, DEFAULT_VARIABLES, true, seed, Runtime.getRuntime().availableProcessors());
    }

    public Options withPrior(String text) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, text, variables, predictability, seed, threads, firstTierPrefixes, nuisance, pairwise); }

    public Options withBootstrap(int n) { return new Options(alpha, n, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierPrefixes, nuisance, pairwise); }

    public Options withThreads(int t) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, t, firstTierPrefixes, nuisance, pairwise); }

    public Options withPairwise(boolean on) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierPrefixes, nuisance, on); }

    public Options withPredictability(boolean on) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, on, seed, threads, firstTierPrefixes, nuisance, pairwise); }

    public Options withVariables(List<String> v) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, v, predictability, seed, threads, firstTierPrefixes, nuisance, pairwise); }

    /** With {@code cols} as the nuisance nodes (null: the instrument columns the table has; empty: none). */
    public Options withNuisance(List<String> cols) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierPrefixes, cols, pairwise); }

    public Options withFirstTierPrefixes(List<String> p) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, p, nuisance, pairwise); }
  }

  /** One method's graph with per-edge confidence (bootstrap frequency) and coefficient, keyed "from→to". */
  public record MethodGraph(String method, Graph graph, Map<String, Double> confidence, Map<String, Double> coefficient) {}

  /** The confounding check for one ordered pair. */
  public record Confounding(String cause, String effect, double naive, double naiveSe, double adjusted, double adjustedSe,
                            List<String> adjustedFor, boolean misleading, String sentence) {}

  /** Sliding-window maps: per window the regression coefficient of each consensus edge. */
  public record Windows(int windowCells, int stepCells, int windowsY, int windowsX, Map<String, double[]> coefficient,
                        Map<String, double[]> pcPresence) {}

  /** Predictability of the polarization magnitude per cell, from structure of the cell and its neighbours. */
  public record Predictability(String target, List<String> predictors, double[] mean, double[] sd, double[] observed,
                               double r2, double rmse, double coverage95) {}

  public record Result(DescriptorTable cells, List<String> variables, Map<String, String> excluded, int rowsUsed,
                       int rowsMissing, Knowledge knowledge, List<PairwiseResult> pairwise, List<String> pairwiseOrder,
                       MethodGraph pc, MethodGraph lingam, MethodGraph consensus, List<Confounding> confounding,
                       Windows windows, Predictability predictability, int[] rowIndex, double[] x, double[] y,
                       int[] cellRow, int[] cellCol, List<EdgeCheck> edgeChecks, InstrumentSummary instrument) {
    /** The check of consensus edge from → to, or null. */
    public EdgeCheck check(String from, String to) {
      for (EdgeCheck c : edgeChecks) if (c.from().equals(from) && c.to().equals(to)) return c;
      return null;
    }
  }

  private final Options options;

  public FerroicAnalysis(Options options) { this.options = options; }

  /**
   * The prior text of {@link Options#priorText()} cannot be used with the analysed variables; the message
   * starts with the line ({@code line N '...': why}) so that the caller can prefix the file's name.
   */
  public static final class BadPriorException extends BadInputException {
    private static final long serialVersionUID = 1L;

    BadPriorException(String message) { super(message); }
  }

  /** @deprecated the one verb of a workflow is {@link #run}; kept only until the branches calling it are merged */
  @Deprecated(forRemoval = true)
  public Result analyse(DescriptorTable cells, Progress progress) { return run(cells, progress); }

  public Result run(DescriptorTable cells, Progress progress) {
    Map<String, String> excluded = new LinkedHashMap<>();
    List<String> vars = new ArrayList<>();
    // the default descriptors use the scan-independent proxies (callers naming their own variables, such as
    // multimodal with its registered maps, keep the names they give)
    boolean defaults = options.variables().equals(DEFAULT_VARIABLES);
    for (String v : options.variables()) {
      String norm = NORMALISED_PROXY.get(v);
      if (defaults && norm != null && cells.indexOf(norm) >= 0) {
        excluded.put(v, "replaced by " + norm + " (a raw integrated intensity grows with the local scan magnification)");
        v = norm;
      }
      if (cells.indexOf(v) < 0) excluded.put(v, "not in the table");
      else vars.add(v);
    }
    int[] rowIdx = cells.select(vars).completeRows();
    int missing = cells.rows() - rowIdx.length;
    if (rowIdx.length < 30) {
      throw new BadInputException("only " + rowIdx.length + " complete cells (of " + cells.rows() + "); a causal analysis needs at least 30");
    }
    DescriptorTable data = cells.select(vars).rows(rowIdx);
    // constant and near-deterministic descriptors
    for (String v : new ArrayList<>(vars)) {
      double[] c = data.column(v);
      if (sd(c) <= 1e-12 * Math.max(1, Math.abs(mean(c)))) {
        excluded.put(v, "constant");
        vars.remove(v);
      }
    }
    while (vars.size() > 2) {
      data = cells.select(vars).rows(rowIdx);
      String worst = null;
      double worstR2 = 0.999;
      for (String v : vars) {
        double r2 = rSquaredOnOthers(data, v);
        if (r2 >= worstR2) {
          worstR2 = r2;
          worst = v;
        }
      }
      if (worst == null) break;
      excluded.put(worst, String.format(java.util.Locale.ROOT, "near-deterministic function of the others (R² = %.5f)", worstR2));
      vars.remove(worst);
    }
    if (vars.size() < 2) throw new BadInputException("fewer than two usable descriptors; excluded: " + excluded);
    data = cells.select(vars).rows(rowIdx);
    double[] x = pick(cells, "x_px", rowIdx);
    double[] y = pick(cells, "y_px", rowIdx);
    int[] cellRow = toInt(pick(cells, "row", rowIdx));
    int[] cellCol = toInt(pick(cells, "col", rowIdx));
    Knowledge knowledge;
    try {
      knowledge = options.priorText() != null ? Knowledge.parse(options.priorText(), vars, "line") : physicsTiers(vars, options.firstTierPrefixes());
    } catch (IllegalArgumentException e) {
      if (options.priorText() == null) throw e;
      throw new BadPriorException(e.getMessage());
    }
    progress.update(1, 8);
    // pairwise directions
    List<PairwiseResult> pairwise = new ArrayList<>();
    int[] wins = new int[vars.size()];
    Igci igci = new Igci(Igci.Options.defaults());
    Anm anm = new Anm(new Anm.Options(150, options.seed()));
    Reci reci = new Reci(Reci.Options.defaults());
    SlopeMdl mdl = new SlopeMdl();
    for (int i = 0; i < vars.size() && options.pairwise(); i++) {
      for (int j = i + 1; j < vars.size(); j++) {
        double[] xi = data.column(vars.get(i));
        double[] xj = data.column(vars.get(j));
        pairwise.add(igci.direction(vars.get(i), vars.get(j), xi, xj));
        PairwiseResult a = anm.direction(vars.get(i), vars.get(j), xi, xj);
        pairwise.add(a);
        pairwise.add(reci.direction(vars.get(i), vars.get(j), xi, xj));
        pairwise.add(mdl.direction(vars.get(i), vars.get(j), xi, xj));
        if (a.direction() == PairwiseResult.Direction.X_CAUSES_Y) {
          wins[i]++;
          wins[j]--;
        } else if (a.direction() == PairwiseResult.Direction.Y_CAUSES_X) {
          wins[j]++;
          wins[i]--;
        }
      }
    }
    List<String> order = new ArrayList<>(vars);
    order.sort((p, q) -> Integer.compare(wins[vars.indexOf(q)], wins[vars.indexOf(p)]));
    progress.update(2, 8);
    // PC-stable with tiers, and DirectLiNGAM with the same tiers as prior knowledge
    final List<String> names = List.copyOf(vars);
    final Knowledge k = knowledge;
    // measurement error: each descriptor's mean error variance, from the per-cell uncertainties that the
    // atom fits propagate (a_sigma_px, polarization_x_sigma_px, ...); PC's tests use the covariance with
    // it removed, so a noisy mediator or confounder still blocks its path (errors-in-variables)
    final double[] errorVariance = errorVariances(cells, rowIdx, names);
    Function<DescriptorTable, Graph> pcSearch = t -> new PcStable(PcStable.Options.defaults().withKnowledge(k).withThreads(1))
        .search(new FisherZTest(names, correctedCorrelation(t, names, errorVariance), t.rows(), options.alpha()));
    LingamPrior prior = lingamPrior(k, names);
    Function<DescriptorTable, LingamResult> lingamFit = t -> new DirectLingam(DirectLingam.Options.defaults().withPrior(prior)
        .withEstimator(DirectLingam.Estimator.ADAPTIVE_LASSO)).fit(names, t.columns());
    Graph pcGraph = pcSearch.apply(data);
    LingamResult lingam = lingamFit.apply(data);
    Graph lingamGraph = lingam.toGraph();
    progress.update(3, 8);
    double spacingPx = medianSpacing(cells, rowIdx);
    double blockPx = 4 * spacingPx;
    BootstrapResult pcBoot = null;
    BootstrapResult lgBoot = null;
    if (options.bootstrap() > 0) {
      // square blocks and whole scan-line strips (two cells high) in alternate replicates
      Bootstrap boot = new Bootstrap(new Bootstrap.Options(options.bootstrap(), options.seed(), options.threads()));
      pcBoot = boot.runScanAware(data, x, y, blockPx, 2 * spacingPx, pcSearch);
      lgBoot = boot.runScanAware(data, x, y, blockPx, 2 * spacingPx, t -> lingamFit.apply(t).toGraph());
    }
    progress.update(4, 8);
    MethodGraph pc = new MethodGraph("pc", pcGraph, confidences(pcGraph, pcBoot), Map.of());
    Map<String, Double> lgCoef = new LinkedHashMap<>();
    for (LingamResult.WeightedEdge e : lingam.edges()) lgCoef.put(names.get(e.from()) + "→" + names.get(e.to()), e.coefficient());
    MethodGraph lg = new MethodGraph("lingam", lingamGraph, confidences(lingamGraph, lgBoot), lgCoef);
    // consensus: directed edges that both methods find in at least the threshold fraction of replicates
    Graph consensus = new Graph(names);
    Map<String, Double> consConf = new LinkedHashMap<>();
    int n = names.size();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i == j) continue;
        double fPc = pcBoot != null ? pcBoot.frequency(i, j, EdgeType.DIRECTED) : (pcGraph.isDirected(i, j) ? 1 : 0);
        double fLg = lgBoot != null ? lgBoot.frequency(i, j, EdgeType.DIRECTED) : (lingamGraph.isDirected(i, j) ? 1 : 0);
        double f = (fPc + fLg) / 2;
        if (Math.min(fPc, fLg) >= options.consensusThreshold() && !consensus.adjacent(i, j)) {
          consensus.addDirected(i, j);
          if (consensus.topologicalOrder() == null) consensus.removeEdge(i, j);
          else consConf.put(names.get(i) + "→" + names.get(j), f);
        }
      }
    }
    Map<String, Double> consCoef = new LinkedHashMap<>();
    for (int j = 0; j < n; j++) {
      int[] parents = consensus.parents(j);
      if (parents.length == 0) continue;
      double[] beta = ols(data, names, j, parents);
      for (int p = 0; p < parents.length; p++) consCoef.put(names.get(parents[p]) + "→" + names.get(j), beta[p]);
    }
    // the instrument: nuisance nodes, replication on independent halves, a status per edge
    Nuisance nuis = nuisance(cells, rowIdx, names, errorVariance, knowledge);
    Map<String, Integer> halfCells = new LinkedHashMap<>();
    // the halves: the tables with the nuisance nodes when there are any (they take the scan's share of the
    // noise out of every test); rows are those complete in both
    DescriptorTable tested = nuis.table() != null ? nuis.table() : data;
    List<Half> halves = nuis.table() != null
        ? halves(nuis.table(), pickRows(x, nuis.rows()), pickRows(y, nuis.rows()), halfCells)
        : halves(data, x, y, halfCells);
    List<EdgeCheck> checks = new ArrayList<>();
    Graph supported = new Graph(names);
    for (Edge e : consensus.edges()) {
      String key = names.get(e.a()) + "→" + names.get(e.b());
      EdgeCheck c = checkEdge(e.a(), e.b(), names, data, tested, consensus, halves, nuis, errorVariance, consConf.get(key));
      checks.add(c);
      if (c.status() == Status.SUPPORTED) supported.addDirected(e.a(), e.b());
      consConf.put(key, c.confidence());
    }
    MethodGraph cons = new MethodGraph("consensus", consensus, consConf, consCoef);
    InstrumentSummary instrument = instrumentSummary(cells, rowIdx, names, x, y, cellRow, cellCol, spacingPx, nuis, halfCells);
    progress.update(5, 8);
    // the confounding check: every ordered pair with a clear naive association
    List<Confounding> confounding = confoundingCheck(consensus, supported, checks, data, names);
    progress.update(6, 8);
    Windows windows = windows(data, names, consensus, knowledge, cellRow, cellCol);
    progress.update(7, 8);
    Predictability pred = options.predictability() ? predictability(cells, rowIdx, x, y) : null;
    progress.update(8, 8);
    return new Result(data, names, excluded, rowIdx.length, missing, knowledge, pairwise, order, pc, lg, cons,
        confounding, windows, pred, rowIdx, x, y, cellRow, cellCol, checks, instrument);
  }

  /** The nuisance search: nodes used, absent, excluded, and PC's graph over the descriptors followed by them. */
  private record Nuisance(List<String> used, List<String> absent, Map<String, String> excluded, Graph graph,
                          DescriptorTable table, int[] rows, Function<DescriptorTable, Graph> search) {}

  /**
   * PC over the descriptors and the instrument's nuisance columns, the latter exogenous: an edge between two
   * descriptors that this search drops vanishes given the instrument. Rows with a missing nuisance value are
   * left out of this search only; constant and near-deterministic nuisance columns are dropped.
   */
  private Nuisance nuisance(DescriptorTable cells, int[] rowIdx, List<String> names, double[] errorVariance, Knowledge knowledge) {
    List<String> asked = options.nuisance() != null ? options.nuisance() : org.causalem.lattice.InstrumentDescriptors.NUISANCE;
    List<String> used = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    Map<String, String> excluded = new LinkedHashMap<>();
    for (String c : asked) {
      if (names.contains(c)) excluded.put(c, "searched as a descriptor");
      else if (cells.indexOf(c) < 0) absent.add(c);
      else used.add(c);
    }
    if (used.isEmpty()) return new Nuisance(used, absent, excluded, null, null, null, null);
    List<String> all = new ArrayList<>(names);
    all.addAll(used);
    DescriptorTable sub = cells.select(all).rows(rowIdx);
    int[] complete = sub.completeRows();
    sub = sub.rows(complete);
    for (String c : new ArrayList<>(used)) {
      double[] v = sub.column(c);
      if (sd(v) <= 1e-12 * Math.max(1, Math.abs(mean(v)))) {
        excluded.put(c, "constant");
        used.remove(c);
      }
    }
    while (!used.isEmpty()) {
      all = new ArrayList<>(names);
      all.addAll(used);
      DescriptorTable t = sub.select(all);
      String worst = null;
      double worstR2 = 0.999;
      for (String c : used) {
        double r2 = rSquaredOnOthers(t, c);
        if (r2 >= worstR2) {
          worstR2 = r2;
          worst = c;
        }
      }
      if (worst == null) break;
      excluded.put(worst, String.format(java.util.Locale.ROOT, "near-deterministic function of the others (R² = %.5f)", worstR2));
      used.remove(worst);
    }
    if (used.isEmpty() || sub.rows() < 30) return new Nuisance(used, absent, excluded, null, null, null, null);
    List<String> nodes = new ArrayList<>(names);
    nodes.addAll(used);
    DescriptorTable t = sub.select(nodes);
    double[] ev = Arrays.copyOf(errorVariance, nodes.size());
    Knowledge k = knowledge.withExogenous(used);
    Function<DescriptorTable, Graph> search = d -> new PcStable(PcStable.Options.defaults().withKnowledge(k).withThreads(1))
        .search(new FisherZTest(nodes, correctedCorrelation(d, nodes, ev), d.rows(), options.alpha()));
    return new Nuisance(List.copyOf(used), absent, excluded, search.apply(t), t, complete, search);
  }

  /** One independent half of the image: its rows of the searched table (null: too few cells). */
  private record Half(String name, DescriptorTable data) {}

  /** The four halves: split at the median y (slow scan) and at the median x (fast scan); under 30 cells: not tested. */
  private static List<Half> halves(DescriptorTable table, double[] x, double[] y, Map<String, Integer> halfCells) {
    List<Half> out = new ArrayList<>();
    double my = Stats.median(y);
    double mx = Stats.median(x);
    for (int h = 0; h < 4; h++) {
      double[] coord = h < 2 ? y : x;
      double m = h < 2 ? my : mx;
      boolean low = h % 2 == 0;
      int[] idx = new int[coord.length];
      int k = 0;
      for (int i = 0; i < coord.length; i++) if ((coord[i] < m) == low) idx[k++] = i;
      halfCells.put(HALVES.get(h), k);
      out.add(new Half(HALVES.get(h), k < 30 ? null : table.rows(Arrays.copyOf(idx, k))));
    }
    return out;
  }

  /**
   * The edge's test on one table: the partial correlation of from and to given to's other consensus parents
   * and its instrument parents (errors-in-variables corrected, as in the search), and its Fisher-z p value.
   */
  private double[] edgeTest(DescriptorTable t, List<String> nodes, int i, int j, int[] conditioning, double[] errorVariance) {
    int[] cols = new int[conditioning.length + 2];
    cols[0] = i;
    cols[1] = j;
    System.arraycopy(conditioning, 0, cols, 2, conditioning.length);
    List<String> sel = new ArrayList<>();
    double[] ev = new double[cols.length];
    for (int q = 0; q < cols.length; q++) {
      sel.add(nodes.get(cols[q]));
      ev[q] = cols[q] < errorVariance.length ? errorVariance[cols[q]] : 0;
    }
    DescriptorTable d = t.select(sel);
    FisherZTest test = new FisherZTest(sel, correctedCorrelation(d, sel, ev), d.rows(), options.alpha());
    int[] z = new int[conditioning.length];
    for (int q = 0; q < z.length; q++) z[q] = q + 2;
    return new double[] {test.partialCorrelation(0, 1, z), test.pValue(0, 1, z)};
  }

  /**
   * The status of consensus edge i → j: {@code instrument} when the nuisance search drops it, else
   * {@code supported} when both methods find it in every half with the full data's sign, else
   * {@code unstable}.
   */
  private EdgeCheck checkEdge(int i, int j, List<String> names, DescriptorTable data, DescriptorTable tested, Graph consensus,
                              List<Half> halves, Nuisance nuis, double[] errorVariance, Double frequency) {
    String from = names.get(i);
    String to = names.get(j);
    int[] parents = consensus.parents(j);
    int p = Arrays.binarySearch(parents, i);
    double coef = ols(data, names, j, parents)[p];
    // conditioning set: to's other consensus parents and its instrument parents in the nuisance search
    List<String> nodes = nuis.graph() != null ? nuis.graph().nodes() : names;
    List<Integer> cond = new ArrayList<>();
    for (int q : parents) if (q != i) cond.add(q);
    if (nuis.graph() != null) for (int k = names.size(); k < nodes.size(); k++) if (nuis.graph().adjacent(k, j)) cond.add(k);
    int[] z = cond.stream().mapToInt(Integer::intValue).toArray();
    double fullSign = Math.signum(edgeTest(tested, nodes, i, j, z, errorVariance)[0]);
    List<Boolean> found = new ArrayList<>();
    List<String> missed = new ArrayList<>();
    for (Half h : halves) {
      if (h.data() == null) {
        found.add(null);
        missed.add(h.name() + " (too few cells to test)");
        continue;
      }
      // found: the partial association is significant in the half at the search's alpha, with the full image's
      // sign (a looser 0.05 let a real paraelectric image's a_px → polarization_x_px through)
      double[] r = edgeTest(h.data(), nodes, i, j, z, errorVariance);
      boolean significant = r[1] < options.alpha();
      boolean ok = significant && Math.signum(r[0]) == fullSign;
      found.add(ok);
      if (!ok) missed.add(h.name() + (significant ? " (opposite sign)" : ""));
    }
    boolean explained = false;
    List<String> neighbours = new ArrayList<>();
    if (nuis.graph() != null) {
      explained = !nuis.graph().adjacent(i, j);
      for (int k = names.size(); k < nuis.graph().nodes().size(); k++) {
        if (nuis.graph().adjacent(k, i) || nuis.graph().adjacent(k, j)) neighbours.add(nuis.graph().nodes().get(k));
      }
    }
    Status status = explained ? Status.INSTRUMENT : missed.isEmpty() ? Status.SUPPORTED : Status.UNSTABLE;
    String sentence = switch (status) {
      case INSTRUMENT -> from + " → " + to + ": the association vanishes once the instrument descriptors ("
          + (neighbours.isEmpty() ? String.join(", ", nuis.used()) : String.join(", ", neighbours))
          + ") are in the search — a scan artefact, not a causal effect, whatever the tiers say.";
      case UNSTABLE -> from + " → " + to + ": found in the full image but not reproduced in " + String.join(", ", missed)
          + " — not a reproducible claim.";
      case SUPPORTED -> from + " → " + to + ": found in the full image and, with the same sign, in both halves split along the "
          + "slow scan and in both halves split along the fast scan; it does not vanish given the instrument descriptors"
          + (nuis.used().isEmpty() ? " (none were available)" : "") + ".";
    };
    Double confidence = frequency == null ? null : EdgeConfidence.calibrated(frequency, status);
    return new EdgeCheck(from, to, frequency, confidence, coef, found, explained, neighbours, status, sentence);
  }

  /** Banding, calibration and off-centring of the searched descriptors, with the nuisance search's summary. */
  private static InstrumentSummary instrumentSummary(DescriptorTable cells, int[] rowIdx, List<String> names, double[] x, double[] y,
                                                     int[] cellRow, int[] cellCol, double spacingPx, Nuisance nuis,
                                                     Map<String, Integer> halfCells) {
    List<InstrumentCheck.Banding> banding = new ArrayList<>();
    List<InstrumentCheck.Calibration> calibration = new ArrayList<>();
    for (String v : names) {
      double[] col = pick(cells, v, rowIdx);
      banding.add(InstrumentCheck.banding(v, col, x, y, spacingPx));
      String sigma = sigmaColumn(v);
      if (cells.indexOf(sigma) >= 0) {
        InstrumentCheck.Calibration c = InstrumentCheck.calibration(v, sigma, col, pick(cells, sigma, rowIdx), cellRow, cellCol);
        if (c != null) calibration.add(c);
      }
    }
    InstrumentCheck.OffCentring off = null;
    if (cells.indexOf("polarization_x_px") >= 0 && cells.indexOf("polarization_y_px") >= 0) {
      off = InstrumentCheck.offCentring(pick(cells, "polarization_x_px", rowIdx), pick(cells, "polarization_y_px", rowIdx), y, spacingPx);
    }
    List<String[]> instrumentEdges = new ArrayList<>();
    if (nuis.graph() != null) {
      for (int k = names.size(); k < nuis.graph().nodes().size(); k++) {
        for (int v = 0; v < names.size(); v++) {
          if (nuis.graph().adjacent(k, v)) instrumentEdges.add(new String[] {nuis.graph().nodes().get(k), names.get(v)});
        }
      }
    }
    return new InstrumentSummary(nuis.used(), nuis.absent(), nuis.excluded(), instrumentEdges, banding, calibration, off,
        spacingPx, halfCells);
  }

  /** The companion standard-error column of a descriptor: {@code a_px} → {@code a_sigma_px}, {@code intensity_A} → {@code intensity_A_sigma}. */
  static String sigmaColumn(String v) { return v.endsWith("_px") ? v.substring(0, v.length() - 3) + "_sigma_px" : v + "_sigma"; }

  private static double[] pickRows(double[] v, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = v[rows[i]];
    return out;
  }

  /**
   * Mean squared per-cell uncertainty of each descriptor, from its companion standard-error column:
   * {@code <name>_sigma_px} for a length ({@code a_px} → {@code a_sigma_px}), {@code <name>_sigma}
   * otherwise ({@code intensity_A} → {@code intensity_A_sigma}); 0 where there is none.
   */
  static double[] errorVariances(DescriptorTable cells, int[] rows, List<String> names) {
    double[] out = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String v = names.get(i);
      String sigma = sigmaColumn(v);
      if (cells.indexOf(sigma) < 0) continue;
      double[] s = pick(cells, sigma, rows);
      double sum = 0;
      int n = 0;
      for (double x : s) {
        if (Double.isFinite(x)) {
          sum += x * x;
          n++;
        }
      }
      out[i] = n > 0 ? sum / n : 0;
    }
    return out;
  }

  /** Smallest share of a descriptor's variance that must be signal for its measurement error to be corrected. */
  static final double MIN_RELIABILITY = 0.5;

  /**
   * The correlation matrix of the true values: the sample covariance with each variable's measurement-
   * error variance removed from its diagonal, for variables whose reliability (true over observed
   * variance) is at least {@link #MIN_RELIABILITY}; the others are left as observed.
   */
  static double[][] correctedCorrelation(DescriptorTable t, List<String> names, double[] errorVariance) {
    int p = names.size();
    double[][] c = new double[p][];
    for (int i = 0; i < p; i++) c[i] = t.column(names.get(i));
    double[][] cov = LeastSquares.covariance(c);
    double[] var = new double[p];
    // a descriptor whose spread is mostly measurement noise (reliability below a half) keeps its
    // observed variance: dividing by a small, poorly known true variance would inflate its correlations
    for (int i = 0; i < p; i++) {
      double reliability = 1 - errorVariance[i] / cov[i][i];
      var[i] = reliability >= MIN_RELIABILITY ? cov[i][i] - errorVariance[i] : cov[i][i];
    }
    double[][] corr = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        corr[i][j] = i == j ? 1 : cov[i][j] / Math.sqrt(var[i] * var[j]);
      }
    }
    return corr;
  }

  /** Physics tiers of the known descriptors: composition (intensities) first, lattice next, polarization last. */
  static Knowledge physicsTiers(List<String> vars) { return physicsTiers(vars, List.of()); }

  /** As {@link #physicsTiers(List)}, with names starting with one of {@code firstTierPrefixes} in the first tier too. */
  static Knowledge physicsTiers(List<String> vars, List<String> firstTierPrefixes) {
    Knowledge.Builder b = Knowledge.builder(vars);
    for (String v : vars) {
      if (firstTierPrefixes.stream().anyMatch(v::startsWith)) b.tier(v, 1);
      else b.tier(v, Descriptor.roleOf(v).physicsTier());
    }
    return b.build();
  }

  private static LingamPrior lingamPrior(Knowledge k, List<String> names) {
    int[] tier = new int[names.size()];
    for (int i = 0; i < tier.length; i++) tier[i] = k.tier(i);
    boolean anyTier = Arrays.stream(tier).anyMatch(t -> t > 0);
    LingamPrior p = anyTier ? LingamPrior.fromTiers(tier) : LingamPrior.none(names.size());
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < names.size(); j++) {
        if (i != j && k.isForbidden(i, j) && !(anyTier && tier[i] > tier[j])) p = p.with(i, j, LingamPrior.ABSENT);
      }
    }
    return p;
  }

  private static Map<String, Double> confidences(Graph g, BootstrapResult boot) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Edge e : g.edges()) {
      String key = g.nodes().get(e.a()) + "→" + g.nodes().get(e.b());
      out.put(key, boot == null ? null : boot.frequency(e.a(), e.b(), e.type()));
    }
    return out;
  }

  private List<Confounding> confoundingCheck(Graph consensus, Graph supported, List<EdgeCheck> checks, DescriptorTable data,
                                             List<String> names) {
    List<Confounding> out = new ArrayList<>();
    int[] topo = consensus.topologicalOrder();
    int[] rank = new int[names.size()];
    for (int i = 0; i < topo.length; i++) rank[topo[i]] = i;
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < names.size(); j++) {
        if (i == j || rank[i] > rank[j]) continue;
        double r = correlation(data.column(names.get(i)), data.column(names.get(j)));
        double z = Math.abs(0.5 * Math.log((1 + r) / (1 - r))) * Math.sqrt(data.rows() - 3);
        if (z < 4) continue;
        Effects.Estimate est = Effects.estimate(consensus, data, names.get(i), names.get(j));
        boolean pathExists = consensus.isAncestor(i, j);
        boolean misleading = est.confounded() || (!pathExists && Math.abs(est.naive()) > 3 * est.naiveSe());
        String sentence = confoundingSentence(names.get(i), names.get(j), r, pathExists, est);
        if (pathExists && !supported.isAncestor(i, j)) {
          // the path rests on an edge that did not pass the instrument check: no causal reading
          List<String> weak = new ArrayList<>();
          for (EdgeCheck c : checks) {
            int a = names.indexOf(c.from());
            int b = names.indexOf(c.to());
            boolean onPath = (a == i || consensus.isAncestor(i, a)) && (b == j || consensus.isAncestor(b, j));
            if (c.status() != Status.SUPPORTED && onPath) weak.add(c.from() + " → " + c.to() + " (" + c.status().label() + ")");
          }
          sentence = String.format(java.util.Locale.ROOT,
              "%s and %s are correlated (r = %.2f), and the graph's path from %s to %s rests on edges that did not pass the "
                  + "instrument check (%s): this association is not read as a causal effect.",
              names.get(i), names.get(j), r, names.get(i), names.get(j), String.join("; ", weak));
          misleading = true;
        }
        out.add(new Confounding(names.get(i), names.get(j), est.naive(), est.naiveSe(), est.adjusted(), est.adjustedSe(),
            est.usedSet(), misleading, sentence));
      }
    }
    return out;
  }

  /**
   * The confounding check's sentence for an associated pair x, y (x earlier in the graph's order):
   * without a causal path, a common cause when the adjustment removes the association (|adjusted| ≤ 2
   * SE), otherwise an association the graph leaves unexplained; with a path, confounded or not.
   */
  static String confoundingSentence(String x, String y, double r, boolean pathExists, Effects.Estimate est) {
    String adjustedFor = est.usedSet() == null || est.usedSet().isEmpty() ? "nothing" : String.join(", ", est.usedSet());
    if (!pathExists && !(Math.abs(est.adjusted()) <= 2 * est.adjustedSe())) {
      // no path, yet the association survives the adjustment: the graph does not explain it
      return String.format(java.util.Locale.ROOT,
          "%s and %s are correlated (r = %.2f) and the graph has no causal path from %s to %s, but adjusting for %s "
              + "still leaves %.3g ± %.2g (naive %.3g): the graph does not explain this association — an edge the "
              + "methods did not agree on, or a common cause outside the descriptors. Read it as neither causal nor "
              + "spurious.",
          x, y, r, x, y, adjustedFor, est.adjusted(), est.adjustedSe(), est.naive());
    } else if (!pathExists) {
      return String.format(java.util.Locale.ROOT,
          "%s and %s are correlated (r = %.2f), but the graph has no causal path from %s to %s: a regression of %s on %s "
              + "gives %.3g per unit, adjusting for %s gives %.3g ± %.2g. The correlation comes from a common cause; "
              + "changing %s would not change %s.",
          x, y, r, x, y, y, x, est.naive(), adjustedFor, est.adjusted(), est.adjustedSe(), x, y);
    } else if (est.confounded()) {
      return String.format(java.util.Locale.ROOT,
          "The naive effect of %s on %s (%.3g ± %.2g) differs from the effect adjusted for %s (%.3g ± %.2g): "
              + "part of the correlation is confounding.",
          x, y, est.naive(), est.naiveSe(), adjustedFor, est.adjusted(), est.adjustedSe());
    } else {
      return String.format(java.util.Locale.ROOT,
          "%s → %s: naive %.3g ± %.2g and adjusted %.3g ± %.2g agree; the correlation reflects the causal effect.",
          x, y, est.naive(), est.naiveSe(), est.adjusted(), est.adjustedSe());
    }
  }

  private Windows windows(DescriptorTable data, List<String> names, Graph consensus, Knowledge k, int[] cellRow, int[] cellCol) {
    int maxRow = Arrays.stream(cellRow).max().orElse(0) + 1;
    int maxCol = Arrays.stream(cellCol).max().orElse(0) + 1;
    int w = options.windowCells() > 0 ? options.windowCells() : Math.max(6, Math.min(maxRow, maxCol) / 3);
    int step = Math.max(1, w / 2);
    int ny = Math.max(1, (maxRow - w) / step + 1);
    int nx = Math.max(1, (maxCol - w) / step + 1);
    Map<String, double[]> coef = new LinkedHashMap<>();
    Map<String, double[]> presence = new LinkedHashMap<>();
    List<int[]> edges = new ArrayList<>();
    for (Edge e : consensus.edges()) {
      String key = names.get(e.a()) + "→" + names.get(e.b());
      coef.put(key, new double[ny * nx]);
      presence.put(key, new double[ny * nx]);
      edges.add(new int[] {e.a(), e.b()});
    }
    for (int wy = 0; wy < ny; wy++) {
      for (int wx = 0; wx < nx; wx++) {
        int r0 = wy * step;
        int c0 = wx * step;
        int[] idx = new int[data.rows()];
        int m = 0;
        for (int i = 0; i < data.rows(); i++) {
          if (cellRow[i] >= r0 && cellRow[i] < r0 + w && cellCol[i] >= c0 && cellCol[i] < c0 + w) idx[m++] = i;
        }
        DescriptorTable sub = data.rows(Arrays.copyOf(idx, m));
        boolean enough = m >= Math.max(20, 3 * names.size());
        Graph local = null;
        if (enough) {
          try {
            local = new PcStable(PcStable.Options.defaults().withKnowledge(k).withThreads(1))
                .search(new FisherZTest(names, sub.columns(), options.alpha()));
          } catch (RuntimeException e) {
            local = null;
          }
        }
        int cell = wy * nx + wx;
        for (int[] e : edges) {
          String key = names.get(e[0]) + "→" + names.get(e[1]);
          if (!enough) {
            coef.get(key)[cell] = Double.NaN;
            presence.get(key)[cell] = Double.NaN;
            continue;
          }
          int[] parents = consensus.parents(e[1]);
          double[] beta = ols(sub, names, e[1], parents);
          int p = Arrays.binarySearch(parents, e[0]);
          coef.get(key)[cell] = p >= 0 ? beta[p] : Double.NaN;
          presence.get(key)[cell] = local == null ? Double.NaN : (local.adjacent(e[0], e[1]) ? 1 : 0);
        }
      }
    }
    return new Windows(w, step, ny, nx, coef, presence);
  }

  private Predictability predictability(DescriptorTable cells, int[] rowIdx, double[] x, double[] y) {
    List<String> structural = new ArrayList<>();
    for (String v : List.of("intensity_A", "intensity_B", "a_px", "b_px", "gamma_deg")) if (cells.indexOf(v) >= 0) structural.add(v);
    if (structural.isEmpty() || cells.indexOf("polarization_x_px") < 0 || cells.indexOf("polarization_y_px") < 0) return null;
    int n = rowIdx.length;
    double[] px = pick(cells, "polarization_x_px", rowIdx);
    double[] py = pick(cells, "polarization_y_px", rowIdx);
    double[] target = new double[n];
    for (int i = 0; i < n; i++) target[i] = Math.hypot(px[i], py[i]);
    int kNb = Math.min(4, n - 1);
    double[][] features = new double[n][2 * structural.size()];
    List<String> predictors = new ArrayList<>();
    for (int s = 0; s < structural.size(); s++) {
      double[] v = pick(cells, structural.get(s), rowIdx);
      double[][] nb = PredictabilityMap.neighbourFeatures(x, y, v, kNb);
      for (int i = 0; i < n; i++) {
        features[i][2 * s] = v[i];
        double m = 0;
        for (double q : nb[i]) m += q / kNb;
        features[i][2 * s + 1] = m;
      }
      predictors.add(structural.get(s));
      predictors.add(structural.get(s) + " (neighbours)");
    }
    GaussianProcess.Options gp = new GaussianProcess.Options(Kernel.MATERN52, false, 1, 30, 200, Double.POSITIVE_INFINITY, options.seed());
    CrossValidation cv = PredictabilityMap.compute(x, y, features, target, new PredictabilityMap.Options(3, 3, gp));
    return new Predictability("polarization magnitude (px)", predictors, cv.mean(), cv.sd(), target, cv.r2(), cv.rmse(), cv.coverage95());
  }

  // ---- small numerics

  /** Least-squares slopes of names[j] on the given parent columns (one per parent). */
  static double[] ols(DescriptorTable t, List<String> names, int j, int[] parents) {
    if (parents.length == 0) return new double[0];
    double[][] cols = new double[parents.length + 1][];
    int[] xs = new int[parents.length];
    for (int q = 0; q < parents.length; q++) {
      cols[q] = t.column(names.get(parents[q]));
      xs[q] = q;
    }
    cols[parents.length] = t.column(names.get(j));
    return LeastSquares.coefficients(LeastSquares.covariance(cols), parents.length, xs);
  }

  private static double rSquaredOnOthers(DescriptorTable t, String v) {
    int j = t.names().indexOf(v);
    int[] others = new int[t.width() - 1];
    for (int i = 0, k = 0; i < t.width(); i++) if (i != j) others[k++] = i;
    double[][] cov = LeastSquares.covariance(t.columns());
    return cov[j][j] > 0 ? 1 - LeastSquares.residualVariance(cov, j, others) / cov[j][j] : 1;
  }

  private static double medianSpacing(DescriptorTable cells, int[] rowIdx) {
    if (cells.indexOf("a_px") < 0) return 10;
    double[] a = pick(cells, "a_px", rowIdx);
    double[] s = a.clone();
    Arrays.sort(s);
    return s.length == 0 ? 10 : s[s.length / 2];
  }

  static double[] pick(DescriptorTable t, String name, int[] rows) {
    if (t.indexOf(name) < 0) return new double[rows.length];
    double[] c = t.column(name);
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = c[rows[i]];
    return out;
  }

  private static int[] toInt(double[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (int) Math.round(v[i]);
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double d : v) s += d;
    return s / v.length;
  }

  static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) s += (d - m) * (d - m);
    return Math.sqrt(s / Math.max(1, v.length - 1));
  }

  static double correlation(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? Math.max(-0.999999, Math.min(0.999999, sab / Math.sqrt(saa * sbb))) : 0;
  }
}
