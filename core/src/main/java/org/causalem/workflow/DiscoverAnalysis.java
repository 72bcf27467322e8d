package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.causalem.causal.Anm;
import org.causalem.causal.BdeuScore;
import org.causalem.causal.BicScore;
import org.causalem.causal.Bootstrap;
import org.causalem.causal.BootstrapResult;
import org.causalem.causal.ChiSquareTest;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.DiscoveryChecks;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Effects;
import org.causalem.causal.Fci;
import org.causalem.causal.FisherZTest;
import org.causalem.causal.GSquareTest;
import org.causalem.causal.Ges;
import org.causalem.causal.Graph;
import org.causalem.causal.Igci;
import org.causalem.causal.IndependenceTest;
import org.causalem.causal.KciTest;
import org.causalem.causal.Knowledge;
import org.causalem.causal.LingamPrior;
import org.causalem.causal.LingamResult;
import org.causalem.causal.PairwiseResult;
import org.causalem.causal.PcStable;
import org.causalem.causal.Score;
import org.causalem.data.BadInputException;
import org.causalem.io.GraphFormats;
import org.causalem.io.GraphFormats.AnnotatedEdge;
import org.causalem.io.TableReader;
import org.causalem.table.DescriptorTable;

/**
 * Causal discovery on a table of descriptors: PC-stable, FCI, GES, DirectLiNGAM or a pairwise (IGCI + ANM)
 * decision, with background knowledge, exogenous nuisance columns, bootstrap edge confidences and adjusted
 * linear effects in the found graph.
 *
 * <pre>{@code
 * DiscoverAnalysis.Result r = new DiscoverAnalysis(DiscoverAnalysis.Options.defaults()
 *     .withMethod(DiscoverAnalysis.Method.GES).withBootstrap(50)).run(Path.of("cells.csv"));
 * r.edges().forEach(e -> System.out.println(e.from() + " " + e.type() + " " + e.to()));
 * }</pre>
 */
public final class DiscoverAnalysis {
  /** The search methods. */
  public enum Method {
    PC, FCI, GES, LINGAM, PAIRWISE;

    /** The name in outputs and on the command line: {@code pc}, {@code fci}, ... */
    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /** The conditional-independence tests of PC and FCI. */
  public enum Test {
    FISHER_Z("fisher-z"), CHI_SQUARE("chi-square"), G2("g2"), KCI("kci");

    private final String label;

    Test(String label) { this.label = label; }

    /** The name in outputs and on the command line. */
    public String label() { return label; }
  }

  /** The scores of GES. */
  public enum ScoreType {
    BIC, BDEU;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /** How PC orients colliders (see {@link PcStable.ColliderRule}). */
  public enum ColliderRule {
    SEPSET, CONSERVATIVE, MAJORITY;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT); }
  }

  /** A linear effect to estimate in the found graph: of {@code cause} on {@code effect} (two different columns). */
  public record Effect(String cause, String effect) {
    public Effect {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(effect, "effect");
      if (cause.isBlank() || effect.isBlank() || cause.strip().equals(effect.strip())) {
        throw new IllegalArgumentException("an effect takes two different columns, got '" + cause + "' and '" + effect + "'");
      }
      cause = cause.strip();
      effect = effect.strip();
    }
  }

  /**
   * What to search and how.
   *
   * @param method the search
   * @param alpha significance level of the independence test (PC, FCI), in (0, 1)
   * @param test the independence test; empty: chi-square when every column is integer-coded, else Fisher z (PC, FCI only)
   * @param score the GES score; empty: BDeu when every column is integer-coded, else BIC (GES only)
   * @param colliderRule how PC orients colliders
   * @param prior background knowledge file (lines 'tier 1: a b', 'require a -> b', 'forbid a -> b'); not for pairwise
   * @param bootstrap resamples of the rows for edge confidences; 0 = none
   * @param seed seed of every random choice
   * @param columns the columns used, in this order; empty = every column
   * @param nuisance columns declared exogenous nuisance nodes (searched last; nothing causes them); not for pairwise
   * @param effects linear effects to estimate in the found graph; not with FCI (a PAG)
   * @param threads worker threads of the search
   */
  public record Options(Method method, double alpha, Optional<Test> test, Optional<ScoreType> score, ColliderRule colliderRule,
      Optional<Path> prior, int bootstrap, long seed, List<String> columns, List<String> nuisance, List<Effect> effects, int threads) {
    public Options {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(score, "score");
      Objects.requireNonNull(colliderRule, "colliderRule");
      Objects.requireNonNull(prior, "prior");
      columns = List.copyOf(columns);
      nuisance = List.copyOf(nuisance);
      effects = List.copyOf(effects);
      if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
      if (bootstrap < 0) throw new IllegalArgumentException("bootstrap must be >= 0, got " + bootstrap);
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      if (test.isPresent() && !(method == Method.PC || method == Method.FCI)) {
        throw new IllegalArgumentException("`test` applies to `method` pc or fci, not " + method.label());
      }
      if (score.isPresent() && method != Method.GES) throw new IllegalArgumentException("`score` applies to `method` ges, not " + method.label());
      if (!effects.isEmpty() && method == Method.FCI) {
        throw new IllegalArgumentException("`effect` needs a DAG or CPDAG (pc, ges, lingam, pairwise); FCI's PAG leaves latent confounding open");
      }
      if (columns.stream().distinct().count() != columns.size()) throw new IllegalArgumentException("`columns` lists a column twice: " + columns);
      if (!nuisance.isEmpty() && method == Method.PAIRWISE) throw new IllegalArgumentException("`nuisance` does not apply to `method` pairwise");
      if (nuisance.stream().distinct().count() != nuisance.size()) throw new IllegalArgumentException("`nuisance` lists a column twice: " + nuisance);
      if (prior.isPresent() && method == Method.PAIRWISE) throw new IllegalArgumentException("`prior` does not apply to `method` pairwise");
    }

    /** PC with Fisher z or chi-square chosen from the data, alpha 0.05, no prior, no bootstrap, seed 1, every column, all cores. */
    public static Options defaults() {
      return new Options(Method.PC, 0.05, Optional.empty(), Optional.empty(), ColliderRule.SEPSET, Optional.empty(), 0, 1,
          List.of(), List.of(), List.of(), Runtime.getRuntime().availableProcessors());
    }

    public Options withMethod(Method m) { return new Options(m, alpha, test, score, colliderRule, prior, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withAlpha(double a) { return new Options(method, a, test, score, colliderRule, prior, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withTest(Optional<Test> t) { return new Options(method, alpha, t, score, colliderRule, prior, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withScore(Optional<ScoreType> s) { return new Options(method, alpha, test, s, colliderRule, prior, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withColliderRule(ColliderRule r) { return new Options(method, alpha, test, score, r, prior, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withPrior(Optional<Path> p) { return new Options(method, alpha, test, score, colliderRule, p, bootstrap, seed, columns, nuisance, effects, threads); }

    public Options withBootstrap(int b) { return new Options(method, alpha, test, score, colliderRule, prior, b, seed, columns, nuisance, effects, threads); }

    public Options withSeed(long s) { return new Options(method, alpha, test, score, colliderRule, prior, bootstrap, s, columns, nuisance, effects, threads); }

    public Options withColumns(List<String> c) { return new Options(method, alpha, test, score, colliderRule, prior, bootstrap, seed, c, nuisance, effects, threads); }

    public Options withNuisance(List<String> n) { return new Options(method, alpha, test, score, colliderRule, prior, bootstrap, seed, columns, n, effects, threads); }

    public Options withEffects(List<Effect> e) { return new Options(method, alpha, test, score, colliderRule, prior, bootstrap, seed, columns, nuisance, e, threads); }

    public Options withThreads(int t) { return new Options(method, alpha, test, score, colliderRule, prior, bootstrap, seed, columns, nuisance, effects, t); }
  }

  /**
   * What was found.
   *
   * @param source the table's file name (or the name the caller gave it)
   * @param options the options of the run
   * @param table the searched table: the selected columns, nuisance columns last, complete rows only
   * @param droppedRows rows of the file left out for a missing value
   * @param test the independence test used (PC, FCI), resolved from the data when not given
   * @param score the score used (GES), resolved from the data when not given
   * @param graph the found graph (CPDAG, PAG or DAG)
   * @param edges its edges with bootstrap confidence and LiNGAM coefficient where there are any
   * @param bootstrap the bootstrap frequencies, when resampled
   * @param pairwise the IGCI and ANM decisions (pairwise only)
   * @param effects the requested effect estimates
   * @param notes what the user should know (rows dropped, ...)
   */
  public record Result(String source, Options options, DescriptorTable table, int droppedRows, Optional<Test> test, Optional<ScoreType> score,
      Graph graph, List<AnnotatedEdge> edges, Optional<BootstrapResult> bootstrap, List<PairwiseResult> pairwise, List<Effects.Estimate> effects,
      List<String> notes) {
    public Result {
      edges = List.copyOf(edges);
      pairwise = List.copyOf(pairwise);
      effects = List.copyOf(effects);
      notes = List.copyOf(notes);
    }
  }

  private final Options options;

  public DiscoverAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  /**
   * Reads the table from {@code file} (CSV or whitespace-separated; rows missing a value in an analysed column dropped)
   * and searches it.
   */
  public Result run(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
    List<String> used = options.columns().isEmpty() ? null : options.columns();
    // with chosen columns, a row is left out only when one of those is missing (not for a gap in a column not analysed)
    return run(TableReader.read(file, used, used != null), file.getFileName().toString());
  }

  /** Searches a table already read ({@code source} names it in messages). */
  public Result run(TableReader.Result read, String source) throws IOException {
    DescriptorTable selected = nuisanceLast(selectColumns(read.table(), source), source);
    int[] complete = selected.completeRows();
    int droppedRows = read.droppedRows() + selected.rows() - complete.length;
    DescriptorTable table = complete.length == selected.rows() ? selected : selected.rows(complete);
    boolean[] discrete = new boolean[table.width()];
    for (int j = 0; j < discrete.length; j++) discrete[j] = read.isDiscrete(table.names().get(j));
    List<String> notes = new ArrayList<>();
    if (!read.textColumns().isEmpty()) notes.add(source + ": left out text column(s) not among the columns analysed: " + String.join(", ", read.textColumns()));
    if (droppedRows > 0) notes.add(source + ": dropped " + droppedRows + " rows with missing values");
    boolean allDiscrete = allDiscrete(discrete);
    DiscoveryChecks.check(table, source, allDiscrete);
    Knowledge knowledge = knowledge(table.names());
    Test test = options.test().orElse(allDiscrete ? Test.CHI_SQUARE : Test.FISHER_Z);
    ScoreType score = options.score().orElse(allDiscrete ? ScoreType.BDEU : ScoreType.BIC);
    Method method = options.method();
    if (method == Method.PAIRWISE && table.width() != 2) {
      throw new OptionsException("`method` pairwise needs exactly two columns; " + source + " has " + table.width() + " " + table.names()
          + " (choose two with `columns` a,b)");
    }
    Search search = new Search(source, knowledge, test, score, discrete);

    Map<EdgeKey, Double> coefficients = new LinkedHashMap<>();
    List<PairwiseResult> pairwise = new ArrayList<>();
    Graph graph;
    if (method == Method.LINGAM) {
      LingamResult lr = search.lingam(table, options.threads());
      for (LingamResult.WeightedEdge e : lr.edges()) {
        coefficients.put(new EdgeKey(table.names().get(e.from()), table.names().get(e.to())), e.coefficient());
      }
      graph = lr.toGraph();
    } else if (method == Method.PAIRWISE) {
      pairwise.addAll(pairwiseResults(table));
      graph = pairwiseGraph(table, pairwise);
    } else {
      graph = search.search(table, options.threads());
    }

    Map<EdgeKey, Double> confidence = new LinkedHashMap<>();
    BootstrapResult boot = null;
    if (options.bootstrap() > 0) {
      boot = new Bootstrap(new Bootstrap.Options(options.bootstrap(), options.seed(), options.threads()))
          .run(table, data -> method == Method.PAIRWISE ? pairwiseGraph(data, pairwiseResults(data)) : search.search(data, 1));
      for (AnnotatedEdge e : GraphFormats.plainEdges(graph)) {
        confidence.put(e.key(), boot.frequency(table.indexOf(e.from()), table.indexOf(e.to()), e.type()));
      }
    }
    List<AnnotatedEdge> edges = annotate(graph, confidence, coefficients);
    List<Effects.Estimate> estimates = estimateEffects(graph, table, allDiscrete, source);
    return new Result(source, options, table, droppedRows,
        method == Method.PC || method == Method.FCI ? Optional.of(test) : Optional.empty(),
        method == Method.GES ? Optional.of(score) : Optional.empty(),
        graph, edges, Optional.ofNullable(boot), pairwise, estimates, notes);
  }

  /** One search configuration: the chosen method with its test or score and knowledge. */
  private final class Search {
    private final String source;
    private final Knowledge knowledge;
    private final Test test;
    private final ScoreType score;
    private final boolean[] discrete;

    Search(String source, Knowledge knowledge, Test test, ScoreType score, boolean[] discrete) {
      this.source = source;
      this.knowledge = knowledge;
      this.test = test;
      this.score = score;
      this.discrete = discrete;
    }

    /** One run of the chosen search (pc, fci, ges or lingam) on {@code data}. */
    Graph search(DescriptorTable data, int threads) {
      return switch (options.method()) {
        case PC -> new PcStable(PcStable.Options.defaults().withColliderRule(PcStable.ColliderRule.valueOf(options.colliderRule().name())).withKnowledge(knowledge)
            .withThreads(threads)).search(makeTest(data));
        case FCI -> new Fci(new Fci.Options(knowledge, -1, -1, threads)).search(makeTest(data));
        case GES -> new Ges(new Ges.Options(knowledge, -1, threads)).search(makeScore(data));
        case LINGAM -> lingam(data, threads).toGraph();
        case PAIRWISE -> throw new IllegalStateException("pairwise is not a graph search");
      };
    }

    LingamResult lingam(DescriptorTable data, int threads) {
      DirectLingam.Options o = new DirectLingam.Options(DirectLingam.Estimator.ADAPTIVE_LASSO, null, threads);
      if (knowledge != null) o = o.withPrior(lingamPrior(knowledge, data.width()));
      return new DirectLingam(o).fit(data);
    }

    private IndependenceTest makeTest(DescriptorTable data) {
      double alpha = options.alpha();
      return switch (test) {
        case FISHER_Z -> new FisherZTest(data.names(), data.columns(), alpha);
        case CHI_SQUARE -> new ChiSquareTest(requireDiscrete(data, "`test` chi-square"), alpha);
        case G2 -> new GSquareTest(requireDiscrete(data, "`test` g2"), alpha);
        case KCI -> new KciTest(data, new KciTest.Options(alpha, 1500, 100, 1e-3, options.seed()));
      };
    }

    private Score makeScore(DescriptorTable data) {
      return switch (score) {
        case BIC -> new BicScore(data, BicScore.Options.defaults());
        case BDEU -> new BdeuScore(requireDiscrete(data, "`score` bdeu"), BdeuScore.Options.defaults());
      };
    }

    private DescriptorTable requireDiscrete(DescriptorTable data, String what) {
      for (int j = 0; j < discrete.length; j++) {
        if (!discrete[j]) {
          throw new OptionsException(what + " needs integer-coded columns; column '" + data.names().get(j) + "' of " + source + " has non-integer values");
        }
      }
      return data;
    }
  }

  /** IGCI (uniform reference, slope estimator) and ANM (kernel regression + HSIC) on the two columns. */
  private List<PairwiseResult> pairwiseResults(DescriptorTable data) {
    String x = data.names().get(0);
    String y = data.names().get(1);
    double[] cx = data.columns()[0];
    double[] cy = data.columns()[1];
    return List.of(new Igci(Igci.Options.defaults()).direction(x, y, cx, cy), new Anm(new Anm.Options(500, options.seed())).direction(x, y, cx, cy));
  }

  /**
   * The edge follows ANM (the method with a test behind it: the direction whose residuals are
   * independent of the cause while the other direction's are not); x --- y when ANM cannot decide.
   * IGCI, which assumes a near-deterministic relation, is reported next to it in the result.
   */
  private static Graph pairwiseGraph(DescriptorTable data, List<PairwiseResult> results) {
    Graph g = new Graph(data.names());
    PairwiseResult.Direction d = PairwiseResult.Direction.UNDECIDED;
    for (PairwiseResult r : results) if (r.method().equals("anm")) d = r.direction();
    if (d == PairwiseResult.Direction.X_CAUSES_Y) g.addDirected(0, 1);
    else if (d == PairwiseResult.Direction.Y_CAUSES_X) g.addDirected(1, 0);
    else g.addUndirected(0, 1);
    return g;
  }

  /** The effect estimates in the found graph. */
  private List<Effects.Estimate> estimateEffects(Graph graph, DescriptorTable table, boolean allDiscrete, String source) {
    if (options.effects().isEmpty()) return List.of();
    if (allDiscrete) {
      throw new BadInputException(source + ": `effect` estimates linear (OLS) effects and needs continuous columns; every column here is integer-coded");
    }
    List<Effects.Estimate> out = new ArrayList<>();
    for (Effect e : options.effects()) {
      for (String name : List.of(e.cause(), e.effect())) {
        if (table.indexOf(name) < 0) {
          throw new BadInputException(source + ": no column '" + name + "' (from `effect` " + e.cause() + "," + e.effect() + "); columns are "
              + table.names());
        }
      }
      out.add(Effects.estimate(graph, table, e.cause(), e.effect()));
    }
    return out;
  }

  private DescriptorTable selectColumns(DescriptorTable t, String source) {
    List<String> columns = options.columns();
    if (columns.isEmpty()) return t;
    List<String> missing = new ArrayList<>();
    for (String c : columns) if (t.indexOf(c) < 0) missing.add(c);
    if (!missing.isEmpty()) {
      throw new BadInputException(source + ": no column " + String.join(", ", missing.stream().map(s -> "'" + s + "'").toList())
          + " (from `columns`); columns are " + t.names());
    }
    return t.select(columns);
  }

  private static boolean allDiscrete(boolean[] d) {
    for (boolean b : d) if (!b) return false;
    return d.length > 0;
  }

  /** The table with the nuisance columns moved to the end; checks they exist. */
  private DescriptorTable nuisanceLast(DescriptorTable t, String source) {
    List<String> nuisance = options.nuisance();
    if (nuisance.isEmpty()) return t;
    List<String> missing = new ArrayList<>();
    for (String c : nuisance) if (t.indexOf(c) < 0) missing.add("'" + c + "'");
    if (!missing.isEmpty()) {
      throw new BadInputException(source + ": no column " + String.join(", ", missing) + " (from `nuisance`); columns"
          + (options.columns().isEmpty() ? "" : " selected by `columns`") + " are " + t.names());
    }
    List<String> order = new ArrayList<>();
    for (String c : t.names()) if (!nuisance.contains(c)) order.add(c);
    if (order.isEmpty()) throw new OptionsException("`nuisance` names every column; nothing is left to search");
    order.addAll(nuisance);
    return t.select(order);
  }

  /** The prior (over the non-nuisance columns) with the nuisance columns exogenous; null when there is neither. */
  private Knowledge knowledge(List<String> names) throws IOException {
    List<String> nuisance = options.nuisance();
    if (nuisance.isEmpty()) return options.prior().isEmpty() ? null : readPrior(names);
    List<String> searched = names.subList(0, names.size() - nuisance.size());
    Knowledge base = options.prior().isEmpty() ? Knowledge.none(searched) : readPrior(searched);
    return base.withExogenous(nuisance);
  }

  private Knowledge readPrior(List<String> names) throws IOException {
    Path prior = options.prior().orElseThrow();
    String text = org.causalem.io.TextFiles.readUtf8(prior, "`prior` file");
    try {
      return Knowledge.parse(text, names, prior.getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  /** Tiers and forbidden edges become "not an ancestor", required edges "an ancestor". */
  static LingamPrior lingamPrior(Knowledge k, int p) {
    int[][] m = LingamPrior.none(p).matrix();
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        if (i == j) continue;
        // m[to][from]: is 'from' an ancestor of 'to'
        if (k.isRequired(j, i)) m[i][j] = LingamPrior.PRESENT;
        else if (k.isForbidden(j, i)) m[i][j] = LingamPrior.ABSENT;
      }
    }
    return new LingamPrior(m);
  }

  private static List<AnnotatedEdge> annotate(Graph g, Map<EdgeKey, Double> confidence, Map<EdgeKey, Double> coefficients) {
    List<AnnotatedEdge> out = new ArrayList<>();
    for (AnnotatedEdge e : GraphFormats.plainEdges(g)) {
      EdgeKey key = e.key();
      out.add(new AnnotatedEdge(e.from(), e.to(), e.type(), confidence.get(key), coefficients.get(key)));
    }
    return out;
  }
}
