package org.causalem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.causalem.causal.BdeuScore;
import org.causalem.causal.Anm;
import org.causalem.causal.BicScore;
import org.causalem.causal.Bootstrap;
import org.causalem.causal.BootstrapResult;
import org.causalem.causal.ChiSquareTest;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.Effects;
import org.causalem.causal.DiscoveryChecks;
import org.causalem.causal.Fci;
import org.causalem.causal.FisherZTest;
import org.causalem.causal.Ges;
import org.causalem.causal.Graph;
import org.causalem.causal.GSquareTest;
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
import org.causalem.io.AtomicFiles;
import org.causalem.io.GraphFormats;
import org.causalem.io.GraphFormats.AnnotatedEdge;
import org.causalem.io.Json;
import org.causalem.io.TableReader;
import org.causalem.report.GraphSvg;
import org.causalem.report.OutputReport;
import org.causalem.table.DescriptorTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem discover TABLE --out DIR}: causal discovery on a table of descriptors. */
@Command(name = "discover", description = {
    "Causal discovery on a table of descriptors (CSV with a header row, or whitespace-separated text).",
    "Writes DIR/graph.json, graph.dot, graph.svg, edges.csv and run.json (and effects.csv with --effect)."})
public final class DiscoverCommand extends OutputCommand {
  /** The search methods. */
  enum Method { pc, fci, ges, lingam, pairwise }

  @Parameters(index = "0", paramLabel = "TABLE", description = "CSV with a header row, or whitespace-separated text.")
  Path input;

  @Option(names = "--method", paramLabel = "M", defaultValue = "pc",
      description = "pc | fci | ges | lingam | pairwise (default: ${DEFAULT-VALUE}).")
  Method method;

  @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.05", description = "Significance level of the independence test (default: ${DEFAULT-VALUE}).")
  @Range(min = 0, max = 1, minExclusive = true, maxExclusive = true)
  double alpha;

  @Option(names = "--test", paramLabel = "T",
      description = "fisher-z | chi-square | g2 | kci (default: chi-square when every column is integer-coded, else fisher-z).")
  String test;

  @Option(names = "--score", paramLabel = "S", description = "bic | bdeu, for ges (default: bdeu when every column is integer-coded, else bic).")
  String score;

  @Option(names = "--collider-rule", paramLabel = "R", defaultValue = "sepset",
      description = "pc only: sepset | conservative | majority (default: ${DEFAULT-VALUE}).")
  String colliderRule;

  @Option(names = "--prior", paramLabel = "PRIOR.txt", description = "Background knowledge: lines 'tier 1: a b', 'require a -> b', 'forbid a -> b'.")
  Path prior;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0", description = "Resample the rows N times and report edge confidences (default: off).")
  @Range(min = 0, max = 10000, why = "0 = no bootstrap, no confidences; each replicate reruns the search")
  int bootstrap;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--columns", paramLabel = "a,b,c", split = ",", description = "Use only these columns, in this order.")
  List<String> columns;

  @Option(names = "--nuisance", paramLabel = "a,b,c", split = ",",
      description = {"Declare these columns exogenous nuisance nodes (e.g. the instrument's x_px, y_px,",
          "scan_line_offset_px, sampling_x): nothing causes them and no edge joins two of them; they may affect any",
          "other column. Searched with the rest (moved to the end of the column order); not with --method pairwise."})
  List<String> nuisance;

  @Option(names = "--effect", paramLabel = "CAUSE,EFFECT",
      description = {"Estimate the linear effect of CAUSE on EFFECT in the found graph: every valid adjustment set,",
          "the adjusted and the naive (unadjusted) OLS slope with standard errors, and whether they differ",
          "(confounding). Repeatable; written to effects.csv. Not with --method fci (a PAG) or discrete data."})
  List<String> effects = new ArrayList<>();

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    validateOptions();
    run.seed(seed);
    run.input(input);
    if (prior != null) run.input(prior);
    if (!Files.isRegularFile(input)) throw new BadInputException(input + ": no such file");
    TableReader.Result read = run.step("read", () -> TableReader.read(input));
    DescriptorTable table = nuisanceLast(selectColumns(read.table()));
    boolean[] discrete = discreteFlags(read, table);
    if (read.droppedRows() > 0) note(input.getFileName() + ": dropped " + read.droppedRows() + " rows with missing values");
    DiscoveryChecks.check(table, input.getFileName().toString(), allDiscrete(discrete));
    Knowledge knowledge = knowledge(table.names());

    String testName = test != null ? test : allDiscrete(discrete) ? "chi-square" : "fisher-z";
    String scoreName = score != null ? score : allDiscrete(discrete) ? "bdeu" : "bic";
    recordParameters(run, read, table, testName, scoreName);

    if (method == Method.pairwise && table.width() != 2) {
      throw OptionChecks.usage(spec, "--method pairwise needs exactly two columns; " + input.getFileName() + " has "
          + table.width() + " " + table.names() + " (choose two with --columns a,b)");
    }
    if (method == Method.pairwise && knowledge != null) throw OptionChecks.usage(spec, "--prior does not apply to --method pairwise");

    Map<String, Double> coefficients = new LinkedHashMap<>();
    List<PairwiseResult> pairwise = new ArrayList<>();
    Graph graph = run.step("search", () -> {
      if (method == Method.lingam) {
        LingamResult lr = lingam(table, knowledge, threads());
        for (LingamResult.WeightedEdge e : lr.edges()) {
          coefficients.put(table.names().get(e.from()) + "\u0000" + table.names().get(e.to()), e.coefficient());
        }
        return lr.toGraph();
      }
      if (method == Method.pairwise) {
        pairwise.addAll(pairwiseResults(table));
        return pairwiseGraph(table, pairwise);
      }
      return search(table, knowledge, testName, scoreName, discrete, threads());
    });

    Map<String, Double> confidence = new LinkedHashMap<>();
    BootstrapResult boot = null;
    if (bootstrap > 0) {
      boot = run.step("bootstrap", () -> new Bootstrap(new Bootstrap.Options(bootstrap, seed, threads()))
          .run(table, data -> method == Method.pairwise ? pairwiseGraph(data, pairwiseResults(data))
              : search(data, knowledge, testName, scoreName, discrete, 1)));
      for (AnnotatedEdge e : GraphFormats.plainEdges(graph)) {
        confidence.put(e.from() + "\u0000" + e.to(), boot.frequency(table.indexOf(e.from()), table.indexOf(e.to()), e.type()));
      }
    }

    List<AnnotatedEdge> edges = annotate(graph, confidence, coefficients);
    List<Effects.Estimate> estimates = estimateEffects(graph, table, discrete);
    Graph result = graph;
    BootstrapResult bootResult = boot;
    run.step("write", () -> {
      write(dir.path(), result, edges, run);
      if (bootResult != null) writeBootstrap(dir.path().resolve("bootstrap.csv"), bootResult);
      if (!pairwise.isEmpty()) writePairwise(dir.path().resolve("pairwise.json"), pairwise);
      if (!estimates.isEmpty()) writeEffects(dir.path().resolve("effects.csv"), estimates);
      return null;
    });
    run.step("figures", () -> {
      OutputReport.write(dir.path(), "discover: " + input.getFileName(), List.of(), "graph.svg", "edges.csv", "effects.csv", "bootstrap.csv", "graph.json");
      return null;
    });
    pairwiseShown = pairwise;
    effectsShown = estimates;
    printSummary(result, edges, read, table);
  }

  private static int threads() { return Runtime.getRuntime().availableProcessors(); }

  /** One run of the chosen search (pc, fci, ges or lingam) on {@code data}. */
  private Graph search(DescriptorTable data, Knowledge knowledge, String testName, String scoreName, boolean[] discrete, int threads) {
    return switch (method) {
      case pc -> new PcStable(pcOptions(knowledge).withThreads(threads)).search(makeTest(testName, data, discrete));
      case fci -> new Fci(new Fci.Options(knowledge, -1, -1, threads)).search(makeTest(testName, data, discrete));
      case ges -> new Ges(new Ges.Options(knowledge, -1, threads)).search(makeScore(scoreName, data, discrete));
      case lingam -> lingam(data, knowledge, threads).toGraph();
      case pairwise -> throw new IllegalStateException("pairwise is not a graph search");
    };
  }

  /** IGCI (uniform reference, slope estimator) and ANM (kernel regression + HSIC) on the two columns. */
  private List<PairwiseResult> pairwiseResults(DescriptorTable data) {
    String x = data.names().get(0);
    String y = data.names().get(1);
    double[] cx = data.columns()[0];
    double[] cy = data.columns()[1];
    return List.of(new Igci(Igci.Options.defaults()).direction(x, y, cx, cy),
        new Anm(new Anm.Options(500, seed)).direction(x, y, cx, cy));
  }

  /**
   * The edge follows ANM (the method with a test behind it: the direction whose residuals are
   * independent of the cause while the other direction's are not); x --- y when ANM cannot decide.
   * IGCI, which assumes a near-deterministic relation, is reported next to it in pairwise.json.
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

  /** The --effect estimates in the found graph. */
  private List<Effects.Estimate> estimateEffects(Graph graph, DescriptorTable table, boolean[] discrete) {
    if (effects.isEmpty()) return List.of();
    if (allDiscrete(discrete)) {
      throw new BadInputException(input.getFileName() + ": --effect estimates linear (OLS) effects and needs continuous columns; "
          + "every column here is integer-coded");
    }
    List<Effects.Estimate> out = new ArrayList<>();
    for (String e : effects) {
      String[] parts = e.split(",");
      String cause = parts[0].trim();
      String effect = parts[1].trim();
      for (String name : List.of(cause, effect)) {
        if (table.indexOf(name) < 0) {
          throw new BadInputException(input.getFileName() + ": no column '" + name + "' (from --effect " + e + "); columns are "
              + table.names());
        }
      }
      out.add(Effects.estimate(graph, table, cause, effect));
    }
    return out;
  }

  private static void writeEffects(Path file, List<Effects.Estimate> estimates) throws IOException {
    StringBuilder sb = new StringBuilder("cause,effect,identifiable,adjusted,adjusted_se,naive,naive_se,confounded,adjustment_set,"
        + "valid_sets\n");
    for (Effects.Estimate e : estimates) {
      List<String> sets = new ArrayList<>();
      for (List<String> set : e.adjustmentSets()) sets.add("{" + String.join(" ", set) + "}");
      sb.append(csvField(e.cause())).append(',').append(csvField(e.effect())).append(',').append(e.identifiable()).append(',')
          .append(number(e.adjusted())).append(',').append(number(e.adjustedSe())).append(',').append(number(e.naive())).append(',')
          .append(number(e.naiveSe())).append(',').append(e.confounded()).append(',')
          .append(csvField(e.usedSet() == null ? "" : String.join(" ", e.usedSet()))).append(',')
          .append(csvField(String.join(" ", sets) + (e.allSetsListed() ? "" : " ..."))).append('\n');
    }
    writeText(file, sb.toString());
  }

  private static String number(double v) { return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v); }

  private static void writeBootstrap(Path file, BootstrapResult boot) throws IOException {
    StringBuilder sb = new StringBuilder("a,b,edge_frequency,type_frequencies\n");
    for (BootstrapResult.PairFrequency f : boot.table()) {
      StringBuilder types = new StringBuilder();
      f.types().forEach((t, v) -> types.append(types.length() == 0 ? "" : " ").append(t).append(':')
          .append(String.format(Locale.ROOT, "%.4f", v)));
      sb.append(csvField(f.a())).append(',').append(csvField(f.b())).append(',')
          .append(String.format(Locale.ROOT, "%.4f", f.edge())).append(',').append(types).append('\n');
    }
    writeText(file, sb.toString());
  }

  private static void writePairwise(Path file, List<PairwiseResult> results) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PairwiseResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", r.method());
      m.put("x", r.x());
      m.put("y", r.y());
      m.put("direction", switch (r.direction()) {
        case X_CAUSES_Y -> r.x() + " --> " + r.y();
        case Y_CAUSES_X -> r.y() + " --> " + r.x();
        case UNDECIDED -> "undecided";
      });
      m.put("score", r.score());
      m.put("p_value_x_to_y", r.pValueXtoY());
      m.put("p_value_y_to_x", r.pValueYtoX());
      if (!r.reason().isEmpty()) m.put("reason", r.reason());
      out.add(m);
    }
    Json.write(file, out);
  }

  private void validateOptions() {
    if (!(alpha > 0 && alpha < 1)) throw OptionChecks.usage(spec, "--alpha must be in (0, 1), got " + alpha);
    if (bootstrap < 0) throw OptionChecks.usage(spec, "--bootstrap must be >= 0, got " + bootstrap);
    if (test != null && !List.of("fisher-z", "chi-square", "g2", "kci").contains(test)) {
      throw OptionChecks.usage(spec, "--test must be fisher-z, chi-square, g2 or kci, got '" + test + "'");
    }
    if (score != null && !List.of("bic", "bdeu").contains(score)) {
      throw OptionChecks.usage(spec, "--score must be bic or bdeu, got '" + score + "'");
    }
    if (!List.of("sepset", "conservative", "majority").contains(colliderRule)) {
      throw OptionChecks.usage(spec, "--collider-rule must be sepset, conservative or majority, got '" + colliderRule + "'");
    }
    if (test != null && !(method == Method.pc || method == Method.fci)) {
      throw OptionChecks.usage(spec, "--test applies to --method pc or fci, not " + method);
    }
    if (score != null && method != Method.ges) throw OptionChecks.usage(spec, "--score applies to --method ges, not " + method);
    for (String e : effects) {
      String[] parts = e.split(",", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[0].trim().equals(parts[1].trim())) {
        throw OptionChecks.usage(spec, "--effect takes CAUSE,EFFECT (two different columns), got '" + e + "'");
      }
    }
    if (!effects.isEmpty() && method == Method.fci) {
      throw OptionChecks.usage(spec, "--effect needs a DAG or CPDAG (pc, ges, lingam, pairwise); FCI's PAG leaves "
          + "latent confounding open");
    }
  }

  private DescriptorTable selectColumns(DescriptorTable t) {
    if (columns == null || columns.isEmpty()) return t;
    List<String> missing = new ArrayList<>();
    for (String c : columns) if (t.indexOf(c) < 0) missing.add(c);
    if (!missing.isEmpty()) {
      throw new BadInputException(input.getFileName() + ": no column " + String.join(", ", missing.stream().map(s -> "'" + s + "'").toList())
          + " (from --columns); columns are " + t.names());
    }
    if (columns.stream().distinct().count() != columns.size()) throw OptionChecks.usage(spec, "--columns lists a column twice: " + columns);
    return t.select(columns);
  }

  private static boolean[] discreteFlags(TableReader.Result read, DescriptorTable table) {
    boolean[] d = new boolean[table.width()];
    for (int j = 0; j < d.length; j++) d[j] = read.isDiscrete(table.names().get(j));
    return d;
  }

  private static boolean allDiscrete(boolean[] d) {
    for (boolean b : d) if (!b) return false;
    return d.length > 0;
  }

  /** The table with the --nuisance columns moved to the end; checks they exist. */
  private DescriptorTable nuisanceLast(DescriptorTable t) {
    if (nuisance == null || nuisance.isEmpty()) return t;
    if (method == Method.pairwise) throw new IllegalArgumentException("--nuisance does not apply to --method pairwise");
    if (nuisance.stream().distinct().count() != nuisance.size()) throw new IllegalArgumentException("--nuisance lists a column twice: " + nuisance);
    List<String> missing = new ArrayList<>();
    for (String c : nuisance) if (t.indexOf(c) < 0) missing.add("'" + c + "'");
    if (!missing.isEmpty()) {
      throw new BadInputException(input.getFileName() + ": no column " + String.join(", ", missing) + " (from --nuisance); columns"
          + (columns == null ? "" : " selected by --columns") + " are " + t.names());
    }
    List<String> order = new ArrayList<>();
    for (String c : t.names()) if (!nuisance.contains(c)) order.add(c);
    if (order.isEmpty()) throw new IllegalArgumentException("--nuisance names every column; nothing is left to search");
    order.addAll(nuisance);
    return t.select(order);
  }

  /** The prior (over the non-nuisance columns) with the nuisance columns exogenous; null when there is neither. */
  private Knowledge knowledge(List<String> names) throws IOException {
    if (nuisance == null || nuisance.isEmpty()) return prior == null ? null : readPrior(names);
    List<String> searched = names.subList(0, names.size() - nuisance.size());
    Knowledge base = prior == null ? Knowledge.none(searched) : readPrior(searched);
    return base.withExogenous(nuisance);
  }

  private Knowledge readPrior(List<String> names) throws IOException {
    String text = org.causalem.io.TextFiles.readUtf8(prior, "--prior file");
    try {
      return Knowledge.parse(text, names, prior.getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  private PcStable.Options pcOptions(Knowledge k) {
    PcStable.ColliderRule rule = PcStable.ColliderRule.valueOf(colliderRule.toUpperCase(Locale.ROOT));
    return PcStable.Options.defaults().withColliderRule(rule).withKnowledge(k);
  }

  private IndependenceTest makeTest(String name, DescriptorTable data, boolean[] discrete) {
    return switch (name) {
      case "fisher-z" -> new FisherZTest(data.names(), data.columns(), alpha);
      case "chi-square" -> new ChiSquareTest(requireDiscrete(data, discrete, "--test chi-square"), alpha);
      case "g2" -> new GSquareTest(requireDiscrete(data, discrete, "--test g2"), alpha);
      case "kci" -> new KciTest(data, new KciTest.Options(alpha, 1500, 100, 1e-3, seed));
      default -> throw OptionChecks.usage(spec, "unknown test " + name);
    };
  }

  private Score makeScore(String name, DescriptorTable data, boolean[] discrete) {
    return switch (name) {
      case "bic" -> new BicScore(data, BicScore.Options.defaults());
      case "bdeu" -> new BdeuScore(requireDiscrete(data, discrete, "--score bdeu"), BdeuScore.Options.defaults());
      default -> throw OptionChecks.usage(spec, "unknown score " + name);
    };
  }

  private DescriptorTable requireDiscrete(DescriptorTable data, boolean[] discrete, String what) {
    for (int j = 0; j < discrete.length; j++) {
      if (!discrete[j]) {
        throw OptionChecks.usage(spec, what + " needs integer-coded columns; column '" + data.names().get(j)
            + "' of " + input.getFileName() + " has non-integer values");
      }
    }
    return data;
  }

  private LingamResult lingam(DescriptorTable data, Knowledge k, int threads) {
    DirectLingam.Options o = new DirectLingam.Options(DirectLingam.Estimator.ADAPTIVE_LASSO, null, threads);
    if (k != null) o = o.withPrior(lingamPrior(k, data.width()));
    return new DirectLingam(o).fit(data);
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

  /** The parameters of this run, as recorded in run.json and graph.json. */
  private final Map<String, Object> parameters = new LinkedHashMap<>();

  private void recordParameters(RunRecord run, TableReader.Result read, DescriptorTable table, String testName, String scoreName) {
    parameters.put("input", input.getFileName().toString());
    parameters.put("columns", table.names());
    parameters.put("rows", table.rows());
    parameters.put("dropped_rows", read.droppedRows());
    if (method == Method.pc || method == Method.fci) {
      parameters.put("alpha", alpha);
      parameters.put("test", testName);
    }
    if (method == Method.pc) parameters.put("collider_rule", colliderRule);
    if (method == Method.ges) parameters.put("score", scoreName);
    parameters.put("bootstrap", bootstrap);
    if (nuisance != null && !nuisance.isEmpty()) parameters.put("nuisance", nuisance);
    parameters.put("prior", prior == null ? null : prior.getFileName().toString());
    if (!effects.isEmpty()) parameters.put("effects", effects);
    run.parameter("method", method.name());
    parameters.forEach(run::parameter);
  }

  private static List<AnnotatedEdge> annotate(Graph g, Map<String, Double> confidence, Map<String, Double> coefficients) {
    List<AnnotatedEdge> out = new ArrayList<>();
    for (AnnotatedEdge e : GraphFormats.plainEdges(g)) {
      String key = e.from() + "\u0000" + e.to();
      out.add(new AnnotatedEdge(e.from(), e.to(), e.type(), confidence.get(key), coefficients.get(key)));
    }
    return out;
  }

  private void write(Path dir, Graph g, List<AnnotatedEdge> edges, RunRecord run) throws IOException {
    Json.write(dir.resolve("graph.json"), GraphFormats.toJsonDocument(method.name(), g, edges, seed, parameters));
    Map<String, String> labels = new LinkedHashMap<>();
    for (AnnotatedEdge e : edges) {
      String label = e.confidence() != null ? String.format(Locale.ROOT, "%.2f", e.confidence())
          : e.coefficient() != null ? String.format(Locale.ROOT, "%.3g", e.coefficient()) : null;
      if (label != null) labels.put(e.from() + "\u0000" + e.to(), label);
    }
    String dot = GraphFormats.toDot(g, labels);
    writeText(dir.resolve("graph.dot"), dot);
    String svg = graphvizSvg(dir.resolve("graph.dot"));
    writeText(dir.resolve("graph.svg"), svg != null ? svg : GraphSvg.render(g, labels));
    StringBuilder csv = new StringBuilder("from,to,type,confidence,coefficient\n");
    for (AnnotatedEdge e : edges) {
      csv.append(csvField(e.from())).append(',').append(csvField(e.to())).append(',').append(e.type()).append(',')
          .append(e.confidence() == null ? "" : e.confidence().toString()).append(',')
          .append(e.coefficient() == null ? "" : e.coefficient().toString()).append('\n');
    }
    writeText(dir.resolve("edges.csv"), csv.toString());
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static void writeText(Path file, String text) throws IOException {
    AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The SVG Graphviz's {@code dot} draws, or null when it is not on the PATH or fails. */
  static String graphvizSvg(Path dotFile) {
    if (System.getenv("CAUSALEM_NO_GRAPHVIZ") != null) return null;
    try {
      Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      String svg = new String(out, StandardCharsets.UTF_8);
      return p.exitValue() == 0 && svg.contains("<svg") ? svg : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void printSummary(Graph g, List<AnnotatedEdge> edges, TableReader.Result read, DescriptorTable table) {
    if (common.quiet) return;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%s: %d variables, %d rows%s; %s found %d edges%n", input.getFileName(), table.width(), table.rows(),
        read.droppedRows() > 0 ? " (" + read.droppedRows() + " with missing values dropped)" : "", method, edges.size());
    for (AnnotatedEdge e : edges) {
      out.printf(Locale.ROOT, "  %s %s %s%s%s%n", e.from(), e.type(), e.to(),
          e.confidence() == null ? "" : String.format(Locale.ROOT, "  confidence %.2f", e.confidence()),
          e.coefficient() == null ? "" : String.format(Locale.ROOT, "  coefficient %.4g", e.coefficient()));
    }
    for (PairwiseResult r : pairwiseShown) {
      out.printf(Locale.ROOT, "  %s: %s%n", r.method(), switch (r.direction()) {
        case X_CAUSES_Y -> r.x() + " --> " + r.y();
        case Y_CAUSES_X -> r.y() + " --> " + r.x();
        case UNDECIDED -> "undecided" + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
      });
    }
    for (Effects.Estimate e : effectsShown) {
      if (!e.identifiable()) {
        out.printf(Locale.ROOT, "  effect %s -> %s: not identifiable in this graph (no valid adjustment set); naive slope %.4g%n",
            e.cause(), e.effect(), e.naive());
      } else {
        out.printf(Locale.ROOT, "  effect %s -> %s: %.4g ± %.2g adjusting for {%s}; naive %.4g ± %.2g%s%n", e.cause(), e.effect(),
            e.adjusted(), e.adjustedSe(), String.join(", ", e.usedSet()), e.naive(), e.naiveSe(),
            e.confounded() ? "  (confounded: they differ)" : "");
      }
    }
    out.println("results in " + out().toAbsolutePath().normalize());
  }

  private Path out() { return out; }

  private List<PairwiseResult> pairwiseShown = List.of();
  private List<Effects.Estimate> effectsShown = List.of();
}
