package org.causalem.workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.causalem.causal.Anm;
import org.causalem.causal.Bootstrap;
import org.causalem.causal.BootstrapResult;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.Edge;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.EdgeType;
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
   * @param firstTierRoles without a prior, descriptors of these roles join the intensities in the first physics tier
   *     (e.g. {@link Descriptor.Role#SPECTRAL} for registered EELS maps: chemistry first); empty = none
   */
  public record Options(double alpha, int bootstrap, double consensusThreshold, int windowCells, String priorText,
                        List<String> variables, boolean predictability, long seed, int threads,
                        List<Descriptor.Role> firstTierRoles, List<String> nuisance, boolean pairwise) {
    /**
     * @param nuisance columns entering the searches as exogenous nuisance nodes (instrument descriptors);
     *     null: those of {@link org.causalem.lattice.InstrumentDescriptors#NUISANCE} the table has; empty: none
     * @param pairwise run the pairwise direction methods (IGCI, ANM; the slowest part on large tables)
     */
    public Options {
      firstTierRoles = List.copyOf(firstTierRoles);
      nuisance = nuisance == null ? null : List.copyOf(nuisance);
      if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be within (0, 1), got " + alpha);
      if (bootstrap < 0) throw new IllegalArgumentException("bootstrap must be >= 0, got " + bootstrap);
      if (!(consensusThreshold > 0 && consensusThreshold <= 1)) throw new IllegalArgumentException("consensusThreshold must be within (0, 1], got " + consensusThreshold);
      if (windowCells < 0) throw new IllegalArgumentException("windowCells must be >= 0, got " + windowCells);
      variables = List.copyOf(variables);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /**
     * α 0.01, 50 bootstraps, consensus 0.5, no sliding windows, no prior, {@link #DEFAULT_VARIABLES}, predictability on,
     * all cores, no first-tier prefixes, the instrument's nuisance columns the table has, pairwise methods on.
     */
    public static Options defaults(long seed) {
      return new Options(0.01, 50, 0.5, 0, null, DEFAULT_VARIABLES, true, seed, Runtime.getRuntime().availableProcessors(), List.of(), null, true);
    }

    /** A builder starting from {@link #defaults(long)}. */
    public static Builder builder(long seed) { return new Builder(defaults(seed)); }

    /** A builder starting from these options. */
    public Builder toBuilder() { return new Builder(this); }

    public Options withAlpha(double a) { return toBuilder().alpha(a).build(); }

    public Options withConsensusThreshold(double t) { return toBuilder().consensusThreshold(t).build(); }

    public Options withWindowCells(int n) { return toBuilder().windowCells(n).build(); }

    public Options withSeed(long s) { return toBuilder().seed(s).build(); }

    public Options withPrior(String text) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, text, variables, predictability, seed, threads, firstTierRoles, nuisance, pairwise); }

    public Options withBootstrap(int n) { return new Options(alpha, n, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierRoles, nuisance, pairwise); }

    public Options withThreads(int t) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, t, firstTierRoles, nuisance, pairwise); }

    public Options withPairwise(boolean on) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierRoles, nuisance, on); }

    public Options withPredictability(boolean on) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, on, seed, threads, firstTierRoles, nuisance, pairwise); }

    public Options withVariables(List<String> v) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, v, predictability, seed, threads, firstTierRoles, nuisance, pairwise); }

    /** With {@code cols} as the nuisance nodes (null: the instrument columns the table has; empty: none). */
    public Options withNuisance(List<String> cols) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, firstTierRoles, cols, pairwise); }

    public Options withFirstTierRoles(List<Descriptor.Role> p) { return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads, p, nuisance, pairwise); }
  }

  /** Mutable builder of {@link Options} (every component by name); {@link #build()} validates. */
  public static final class Builder {
    private double alpha;
    private int bootstrap;
    private double consensusThreshold;
    private int windowCells;
    private String priorText;
    private List<String> variables;
    private boolean predictability;
    private long seed;
    private int threads;
    private List<Descriptor.Role> firstTierRoles;
    private List<String> nuisance;
    private boolean pairwise;

    private Builder(Options o) {
      alpha = o.alpha();
      bootstrap = o.bootstrap();
      consensusThreshold = o.consensusThreshold();
      windowCells = o.windowCells();
      priorText = o.priorText();
      variables = o.variables();
      predictability = o.predictability();
      seed = o.seed();
      threads = o.threads();
      firstTierRoles = o.firstTierRoles();
      nuisance = o.nuisance();
      pairwise = o.pairwise();
    }

    public Builder alpha(double v) { alpha = v; return this; }

    public Builder bootstrap(int v) { bootstrap = v; return this; }

    public Builder consensusThreshold(double v) { consensusThreshold = v; return this; }

    public Builder windowCells(int v) { windowCells = v; return this; }

    /** Background knowledge in the prior-file format; null for none. */
    public Builder priorText(String v) { priorText = v; return this; }

    public Builder variables(List<String> v) { variables = v; return this; }

    public Builder predictability(boolean v) { predictability = v; return this; }

    public Builder seed(long v) { seed = v; return this; }

    public Builder threads(int v) { threads = v; return this; }

    public Builder firstTierRoles(List<Descriptor.Role> v) { firstTierRoles = v; return this; }

    /** Null: the instrument columns the table has; empty: none. */
    public Builder nuisance(List<String> v) { nuisance = v; return this; }

    public Builder pairwise(boolean v) { pairwise = v; return this; }

    public Options build() {
      return new Options(alpha, bootstrap, consensusThreshold, windowCells, priorText, variables, predictability, seed, threads,
          firstTierRoles, nuisance, pairwise);
    }
  }

  /** One method's graph with per-edge confidence (bootstrap frequency) and coefficient, keyed by edge. */
  public record MethodGraph(String method, Graph graph, Map<EdgeKey, Double> confidence, Map<EdgeKey, Double> coefficient) {}

  /** The confounding check for one ordered pair. */
  public record Confounding(String cause, String effect, double naive, double naiveSe, double adjusted, double adjustedSe,
                            List<String> adjustedFor, boolean misleading, String sentence) {}

  /** Sliding-window maps: per window the regression coefficient of each consensus edge. */
  public record Windows(int windowCells, int stepCells, int windowsY, int windowsX, Map<EdgeKey, double[]> coefficient,
                        Map<EdgeKey, double[]> pcPresence) {}

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

  /**
   * Checks the syntax of prior text ({@code tier N: a b}, {@code require a -> b}, {@code forbid a -> b}) before any
   * analysis: whether its names fit the analysed descriptors is known only once they are chosen.
   *
   * @param source names the text in the message (its file)
   * @throws BadInputException naming the source, the line and the offending text
   */
  public static void checkPriorSyntax(String text, String source) {
    try {
      Knowledge.checkSyntax(text, source);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** @deprecated the one verb of a workflow is {@link #run}; kept only until the branches calling it are merged */
  @Deprecated(forRemoval = true)
  public Result analyse(DescriptorTable cells, Progress progress) { return run(cells, progress); }

  public Result run(DescriptorTable cells, Progress progress) {
    Map<String, String> excluded = new LinkedHashMap<>();
    List<String> vars = chooseVariables(cells, excluded);
    int[] rowIdx = cells.select(vars).completeRows();
    int missing = cells.rows() - rowIdx.length;
    if (rowIdx.length < 30) {
      throw new BadInputException("only " + rowIdx.length + " complete cells (of " + cells.rows() + "); a causal analysis needs at least 30");
    }
    dropDegenerate(cells, rowIdx, vars, excluded);
    if (vars.size() < 2) throw new BadInputException("fewer than two usable descriptors; excluded: " + excluded);
    DescriptorTable data = cells.select(vars).rows(rowIdx);
    double[] x = pick(cells, "x_px", rowIdx);
    double[] y = pick(cells, "y_px", rowIdx);
    int[] cellRow = toInt(pick(cells, "row", rowIdx));
    int[] cellCol = toInt(pick(cells, "col", rowIdx));
    Knowledge knowledge;
    try {
      knowledge = options.priorText() != null ? Knowledge.parse(options.priorText(), vars, "line") : physicsTiers(cells, vars, options.firstTierRoles());
    } catch (IllegalArgumentException e) {
      if (options.priorText() == null) throw e;
      throw new BadPriorException(e.getMessage());
    }
    progress.update(1, 8);
    // pairwise directions
    List<PairwiseResult> pairwise = new ArrayList<>();
    List<String> order = pairwiseDirections(data, vars, pairwise);
    progress.update(2, 8);
    // PC-stable with tiers, and DirectLiNGAM with the same tiers as prior knowledge
    final List<String> names = List.copyOf(vars);
    final Knowledge k = knowledge;
    // measurement error: each descriptor's mean error variance, from the per-cell uncertainties that the
    // atom fits propagate (a_sigma_px, polarization_x_sigma_px, ...); PC's tests use the covariance with
    // it removed, so a noisy mediator or confounder still blocks its path (errors-in-variables)
    final double[][] errorVariance = MeasurementError.covariance(cells, rowIdx, names);
    Function<DescriptorTable, Graph> pcSearch = t -> new PcStable(PcStable.Options.defaults().withKnowledge(k).withThreads(1))
        .search(new FisherZTest(names, MeasurementError.correctedCorrelation(t, names, errorVariance), t.rows(), options.alpha()));
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
    Map<EdgeKey, Double> lgCoef = new LinkedHashMap<>();
    for (LingamResult.WeightedEdge e : lingam.edges()) lgCoef.put(new EdgeKey(names.get(e.from()), names.get(e.to())), e.coefficient());
    MethodGraph lg = new MethodGraph("lingam", lingamGraph, confidences(lingamGraph, lgBoot), lgCoef);
    // consensus: directed edges that both methods find in at least the threshold fraction of replicates
    Map<EdgeKey, Double> consConf = new LinkedHashMap<>();
    Graph consensus = consensus(names, pcGraph, pcBoot, lingamGraph, lgBoot, consConf);
    Map<EdgeKey, Double> consCoef = consensusCoefficients(consensus, data, names);
    // the instrument: nuisance nodes, replication on independent halves, a status per edge
    InstrumentReplication replication = new InstrumentReplication(options);
    InstrumentReplication.Nuisance nuis = replication.nuisance(cells, rowIdx, names, errorVariance, knowledge);
    Map<String, Integer> halfCells = new LinkedHashMap<>();
    // the halves: the tables with the nuisance nodes when there are any (they take the scan's share of the
    // noise out of every test); rows are those complete in both
    DescriptorTable tested = nuis.table() != null ? nuis.table() : data;
    List<InstrumentReplication.Half> halves = nuis.table() != null
        ? InstrumentReplication.halves(nuis.table(), pickRows(x, nuis.rows()), pickRows(y, nuis.rows()), halfCells)
        : InstrumentReplication.halves(data, x, y, halfCells);
    List<EdgeCheck> checks = new ArrayList<>();
    Graph supported = new Graph(names);
    for (Edge e : consensus.edges()) {
      EdgeKey key = new EdgeKey(names.get(e.a()), names.get(e.b()));
      EdgeCheck c = replication.checkEdge(e.a(), e.b(), names, data, tested, consensus, halves, nuis, errorVariance, consConf.get(key));
      checks.add(c);
      if (c.status() == Status.SUPPORTED) supported.addDirected(e.a(), e.b());
      consConf.put(key, c.confidence());
    }
    MethodGraph cons = new MethodGraph("consensus", consensus, consConf, consCoef);
    InstrumentSummary instrument = InstrumentReplication.summary(cells, rowIdx, names, x, y, cellRow, cellCol, spacingPx, nuis, halfCells);
    progress.update(5, 8);
    // the confounding check: every ordered pair with a clear naive association
    List<Confounding> confounding = ConfoundingCheck.check(consensus, supported, checks, data, names);
    progress.update(6, 8);
    SpatialMaps maps = new SpatialMaps(options);
    Windows windows = maps.windows(data, names, consensus, knowledge, cellRow, cellCol);
    progress.update(7, 8);
    Predictability pred = options.predictability() ? maps.predictability(cells, rowIdx, x, y) : null;
    progress.update(8, 8);
    return new Result(data, names, excluded, rowIdx.length, missing, knowledge, pairwise, order, pc, lg, cons,
        confounding, windows, pred, rowIdx, x, y, cellRow, cellCol, checks, instrument);
  }

  /** The descriptors analysed: the options' variables present in the table, raw intensities replaced by their proxies. */
  private List<String> chooseVariables(DescriptorTable cells, Map<String, String> excluded) {
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
    return vars;
  }

  /** Removes (with the reason) constant descriptors and, one at a time, near-deterministic functions of the others. */
  private static void dropDegenerate(DescriptorTable cells, int[] rowIdx, List<String> vars, Map<String, String> excluded) {
    DescriptorTable data = cells.select(vars).rows(rowIdx);
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
  }

  /**
   * IGCI, ANM, RECI and MDL on every pair (into {@code pairwise}); returns the variables ordered by ANM's
   * net wins (most often the cause first).
   */
  private List<String> pairwiseDirections(DescriptorTable data, List<String> vars, List<PairwiseResult> pairwise) {
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
    return order;
  }

  /**
   * The directed edges both PC and LiNGAM find in at least the consensus fraction of replicates (all of the
   * full-data graph without a bootstrap), kept acyclic; their mean frequency goes into {@code confidence}.
   */
  private Graph consensus(List<String> names, Graph pcGraph, BootstrapResult pcBoot, Graph lingamGraph, BootstrapResult lgBoot,
                          Map<EdgeKey, Double> confidence) {
    Graph consensus = new Graph(names);
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
          else confidence.put(new EdgeKey(names.get(i), names.get(j)), f);
        }
      }
    }
    return consensus;
  }

  /** OLS coefficient of every consensus edge (each node regressed on its consensus parents). */
  private static Map<EdgeKey, Double> consensusCoefficients(Graph consensus, DescriptorTable data, List<String> names) {
    Map<EdgeKey, Double> consCoef = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      int[] parents = consensus.parents(j);
      if (parents.length == 0) continue;
      double[] beta = ols(data, names, j, parents);
      for (int p = 0; p < parents.length; p++) consCoef.put(new EdgeKey(names.get(parents[p]), names.get(j)), beta[p]);
    }
    return consCoef;
  }

  static String sigmaColumn(String v) { return MeasurementError.sigmaColumn(v); }

  static double[] pickRows(double[] v, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) out[i] = v[rows[i]];
    return out;
  }


  /**
   * Physics tiers of the descriptors by the roles {@code table} gives them: composition (intensities) first, lattice
   * next, polarization last; the descriptors of {@code firstTierRoles} in the first tier too.
   */
  static Knowledge physicsTiers(DescriptorTable table, List<String> vars, List<Descriptor.Role> firstTierRoles) {
    Knowledge.Builder b = Knowledge.builder(vars);
    for (String v : vars) {
      Descriptor.Role role = table.descriptor(v).role();
      b.tier(v, firstTierRoles.contains(role) ? 1 : role.physicsTier());
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

  private static Map<EdgeKey, Double> confidences(Graph g, BootstrapResult boot) {
    Map<EdgeKey, Double> out = new LinkedHashMap<>();
    for (Edge e : g.edges()) {
      EdgeKey key = EdgeKey.of(g, e.a(), e.b());
      out.put(key, boot == null ? null : boot.frequency(e.a(), e.b(), e.type()));
    }
    return out;
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

  static double rSquaredOnOthers(DescriptorTable t, String v) {
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
