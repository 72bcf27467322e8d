package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.causalem.Version;
import org.causalem.data.BadInputException;
import org.causalem.io.AtomicFiles;
import org.causalem.io.Json;
import org.causalem.report.SuggestFigure;
import org.causalem.table.DescriptorTable;
import org.causalem.workflow.SpatialHypotheses;
import org.causalem.workflow.SuggestAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem suggest MEASURED.csv --value COL --grid WxH --out DIR}: where to measure next. */
@Command(name = "suggest", description = {
    "Where to measure next: from the measurements so far (positions and a value, or spectra whose channels are summed)",
    "rank the unmeasured positions of a scan grid (or a candidate list) by a Gaussian-process acquisition:",
    "expected error reduction (learn the map), uncertainty, expected improvement, or hypothesis learning (competing physical models scored by their",
    "Bayesian evidence; the next point where they disagree most).",
    "Writes suggestions.csv, suggest.json, map_mean.png, map_acquisition.png and run.json into DIR."})
public final class SuggestCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "MEASURED.csv", description = "Numeric CSV with a header: position column(s) and the measured value or spectrum channels.")
  Path table;

  @Option(names = "--x", defaultValue = "x", paramLabel = "COLUMN", description = "Position column along the fast scan (default: ${DEFAULT-VALUE}).")
  String xName;

  @Option(names = "--y", paramLabel = "COLUMN", description = "Position column along the slow scan; leave out for a 1-D scan (default: y when the table has it).")
  String yName;

  @Option(names = "--value", paramLabel = "COLUMN", description = "The measured scalar.")
  String value;

  @Option(names = "--channels", paramLabel = "FIRST:LAST",
      description = "Instead of --value: sum the spectrum channels from column FIRST to column LAST (header order), e.g. an edge window.")
  String channels;

  @Option(names = "--grid", paramLabel = "WxH", description = "Candidates: every cell of a W×H scan grid (x = 0..W-1, y = 0..H-1; W for 1-D) not yet measured.")
  String grid;

  @Option(names = "--candidates", paramLabel = "FILE.csv", description = "Candidates: the positions in this CSV (same position column names).")
  Path candidatesFile;

  @Option(names = "--acquisition", defaultValue = "error", paramLabel = "NAME",
      description = "error (expected reduction of the map's error: learn the map), uncertainty (the GP's sd), ei (expected improvement: find the extreme) "
          + "or hypothesis (default: ${DEFAULT-VALUE}).")
  String acquisition;

  @Option(names = "--hypotheses", defaultValue = "plane,wall,peak", paramLabel = "A,B,...",
      description = "Models for --acquisition hypothesis: plane, wall, peak, step (abrupt change, 1-D scans), ramp (gradual change) (default: ${DEFAULT-VALUE}).")
  String hypotheses;

  @Option(names = "--budget", defaultValue = "10", paramLabel = "N", description = "How many next positions to rank (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 100000)
  int budget;

  @Option(names = "--minimise", description = "For --acquisition ei: look for the minimum (default: the maximum).")
  boolean minimise;

  @Option(names = "--kernel", defaultValue = "matern52", paramLabel = "NAME", description = "rbf, matern32 or matern52 (default: ${DEFAULT-VALUE}).")
  String kernel;

  @Option(names = "--inducing", defaultValue = "300", paramLabel = "M",
      description = "Inducing points of the map GP; the GP is exact up to M measurements (default: ${DEFAULT-VALUE}).")
  @Range(min = 10, max = 2000, why = "the cost grows as M² per grid point")
  int inducing;

  @Option(names = "--max-optimisation-points", defaultValue = "200", paramLabel = "N",
      description = "Fit the GP hyperparameters on a random subset of at most N measurements (default: ${DEFAULT-VALUE}).")
  @Range(min = 10, max = 2000, why = "the optimisation costs N³ per step")
  int maxPoints;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  /** Most candidates accepted (a 2000 × 2000 scan). */
  static final int MAX_CANDIDATES = 4_000_000;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    SuggestAnalysis.Acquisition acq = switch (acquisition.toLowerCase(Locale.ROOT)) {
      case "error" -> SuggestAnalysis.Acquisition.ERROR;
      case "uncertainty" -> SuggestAnalysis.Acquisition.UNCERTAINTY;
      case "ei" -> SuggestAnalysis.Acquisition.EI;
      case "hypothesis" -> SuggestAnalysis.Acquisition.HYPOTHESIS;
      default -> throw OptionChecks.usage(spec, "--acquisition must be error, uncertainty, ei or hypothesis, got '" + acquisition + "'");
    };
    if ((value == null) == (channels == null)) throw OptionChecks.usage(spec, "give exactly one of --value COLUMN and --channels FIRST:LAST");
    if ((grid == null) == (candidatesFile == null)) throw OptionChecks.usage(spec, "give exactly one of --grid WxH and --candidates FILE.csv");
    List<String> models = TableOptions.names(spec, hypotheses, "--hypotheses");
    for (String m : models) {
      if (!SpatialHypotheses.NAMES.contains(m)) throw OptionChecks.usage(spec, "--hypotheses: unknown model '" + m + "'; expected " + SpatialHypotheses.NAMES);
    }
    if (acq == SuggestAnalysis.Acquisition.HYPOTHESIS && models.size() < 2) throw OptionChecks.usage(spec, "--hypotheses needs at least two models, got '" + hypotheses + "'");
    run.seed(seed);
    run.input(table);
    DescriptorTable csv = run.step("read table", () -> readTable(table));
    String yCol = yName != null ? yName : csv.indexOf("y") >= 0 && !"y".equals(xName) ? "y" : null;
    List<String> posNames = yCol == null ? List.of(xName) : List.of(xName, yCol);
    if (acq == SuggestAnalysis.Acquisition.HYPOTHESIS && posNames.size() == 2 && models.contains("step")) {
      throw OptionChecks.usage(spec, "--hypotheses: the step model is for 1-D scans (no --y column); on a map use wall or ramp");
    }
    double[] v = values(csv);
    List<String> used = new ArrayList<>(posNames);
    int[] rows = completeRows(csv, table, used, "--x/--y");
    List<Integer> keep = new ArrayList<>();
    for (int r : rows) if (Double.isFinite(v[r])) keep.add(r);
    int n = keep.size();
    if (n < 3) throw new BadInputException(table + ": only " + n + " complete measurements; at least 3 are needed");
    double[][] pos = new double[n][posNames.size()];
    double[] val = new double[n];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < posNames.size(); d++) pos[i][d] = column(csv, table, posNames.get(d), "--x/--y")[keep.get(i)];
      val[i] = v[keep.get(i)];
    }
    if (csv.rows() > n) note((csv.rows() - n) + " of " + csv.rows() + " rows of " + table.getFileName() + " have a missing position or value and are left out");
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) if (val[i] != val[0]) constant = false;
    if (constant) throw new BadInputException(table + ": every measured value is " + val[0] + "; a GP cannot learn from a constant");
    int[] wh = grid == null ? null : parseGrid(grid, posNames.size());
    double[][] cand = wh != null ? gridCandidates(wh, pos) : fileCandidates(posNames);
    if (cand.length == 0) throw new BadInputException("every candidate position has been measured already");
    SuggestAnalysis.Options o;
    try {
      o = SuggestAnalysis.Options.of(acq, Math.min(budget, cand.length), !minimise, kernel, inducing, maxPoints, models, seed);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--kernel: " + e.getMessage());
    }
    if (budget > cand.length) note("--budget " + budget + " is more than the " + cand.length + " unmeasured candidates: all are ranked");
    run.parameter("acquisition", acq.name().toLowerCase(Locale.ROOT));
    run.parameter("budget", o.budget());
    run.parameter("kernel", o.kernel().label());
    run.parameter("inducing", inducing);
    run.parameter("max_optimisation_points", maxPoints);
    if (acq == SuggestAnalysis.Acquisition.HYPOTHESIS) run.parameter("hypotheses", models);
    long t0 = System.nanoTime();
    SuggestAnalysis.Result res;
    try {
      res = run.step("rank candidates", () -> SuggestAnalysis.run(pos, val, cand, o, null));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(table + ": " + e.getMessage());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (res.hyper().noiseSd() > res.hyper().signalSd()) {
      note(String.format(Locale.ROOT, "the GP's noise sd (%.4g) exceeds its signal sd (%.4g): at this sampling the map is mostly noise, so repeated or "
          + "neighbouring measurements where the calibrated error is largest are what reduces it most", res.hyper().noiseSd(), res.hyper().signalSd()));
    }
    int unscored = 0;
    for (double a : res.acquisition()) if (Double.isNaN(a)) unscored++;
    if (unscored > 0) {
      note(unscored + " of " + cand.length + " candidates were not scored (the error acquisition scores a random " + (SuggestAnalysis.MAX_SCORED * 2 / 3)
          + " and the " + (SuggestAnalysis.MAX_SCORED - SuggestAnalysis.MAX_SCORED * 2 / 3) + " most uncertain ones); they are blank in map_acquisition.png");
    }
    writeCsv(dir.path().resolve("suggestions.csv"), posNames, res);
    Json.write(dir.path().resolve("suggest.json"), json(acq, posNames, n, cand.length, res, seconds));
    if (wh != null) writeMaps(dir.path(), wh, pos, cand, res, acq);
    else note("no maps: candidates from a file are not a grid (give --grid WxH for map_mean.png and map_acquisition.png)");
    SuggestAnalysis.Ranked first = res.ranked().get(0);
    note(String.format(Locale.ROOT, "%d measurements, %d candidates, GP %s; next: %s (score %.4g)%s", n, cand.length,
        res.exact() ? "exact" : "with " + res.inducing() + " inducing points", java.util.Arrays.toString(first.position()), first.score(),
        res.evidences().isEmpty() ? "" : String.format(Locale.ROOT, "; most probable model %s (p = %.3f)", res.evidences().get(0).model(),
            res.evidences().get(0).probability())));
  }

  private String yName() { return yName != null ? yName : "y"; }

  private double[] values(DescriptorTable csv) {
    if (value != null) return column(csv, table, value, "--value");
    String[] p = channels.split(":");
    if (p.length != 2) throw OptionChecks.usage(spec, "--channels must be FIRST:LAST, got '" + channels + "'");
    int a = csv.indexOf(p[0].strip());
    int b = csv.indexOf(p[1].strip());
    if (a < 0 || b < 0) throw new BadInputException(table + ": no column '" + (a < 0 ? p[0] : p[1]) + "' (from --channels); columns are " + csv.names());
    if (b < a) throw OptionChecks.usage(spec, "--channels " + channels + ": " + p[1] + " comes before " + p[0] + " in " + table.getFileName());
    double[] sum = new double[csv.rows()];
    for (int j = a; j <= b; j++) {
      double[] col = csv.columns()[j];
      for (int i = 0; i < sum.length; i++) sum[i] += col[i];
    }
    return sum;
  }

  private int[] parseGrid(String s, int dims) {
    String[] p = s.toLowerCase(Locale.ROOT).split("x");
    try {
      int w = Integer.parseInt(p[0].strip());
      int h = p.length == 2 ? Integer.parseInt(p[1].strip()) : 1;
      if (p.length <= 2 && w >= 1 && h >= 1 && (long) w * h <= MAX_CANDIDATES && (dims == 2 ? p.length == 2 : h == 1)) return new int[] {w, h};
    } catch (NumberFormatException e) {
      // fall through
    }
    throw OptionChecks.usage(spec, "--grid must be WxH (2-D positions) or W (1-D) with at most " + MAX_CANDIDATES + " cells, got '" + s + "'"
        + (dims == 1 ? " (the table has one position column, " + xName + ")" : " (the table has two position columns, " + xName + " and " + yName() + ")"));
  }

  private double[][] gridCandidates(int[] wh, double[][] pos) {
    Set<Long> measured = new HashSet<>();
    for (double[] p : pos) {
      for (double c : p) {
        if (Math.abs(c - Math.rint(c)) > 1e-6) {
          throw new BadInputException(table + ": measured position " + java.util.Arrays.toString(p) + " is not a cell of the scan grid (--grid cells are "
              + "whole numbers 0..W-1); give the candidate positions with --candidates FILE.csv instead");
        }
      }
      long x = Math.round(p[0]);
      long y = p.length > 1 ? Math.round(p[1]) : 0;
      if (x < 0 || x >= wh[0] || y < 0 || y >= wh[1]) {
        throw new BadInputException(table + ": measured position " + java.util.Arrays.toString(p) + " is outside the " + wh[0] + "x" + wh[1] + " grid (--grid)");
      }
      measured.add(y * wh[0] + x);
    }
    List<double[]> out = new ArrayList<>();
    for (int y = 0; y < wh[1]; y++) for (int x = 0; x < wh[0]; x++) {
      if (!measured.contains((long) y * wh[0] + x)) out.add(pos[0].length == 2 ? new double[] {x, y} : new double[] {x});
    }
    return out.toArray(new double[0][]);
  }

  private double[][] fileCandidates(List<String> posNames) throws java.io.IOException {
    DescriptorTable c = readTable(candidatesFile);
    int[] rows = completeRows(c, candidatesFile, posNames, "--x/--y");
    if (rows.length > MAX_CANDIDATES) throw new BadInputException(candidatesFile + ": " + rows.length + " candidates; at most " + MAX_CANDIDATES);
    double[][] out = new double[rows.length][posNames.size()];
    for (int d = 0; d < posNames.size(); d++) {
      double[] col = column(c, candidatesFile, posNames.get(d), "--x/--y");
      for (int i = 0; i < rows.length; i++) out[i][d] = col[rows[i]];
    }
    return out;
  }

  private static void writeCsv(Path file, List<String> posNames, SuggestAnalysis.Result res) throws java.io.IOException {
    AtomicFiles.write(file, os -> {
      PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8));
      w.println("rank," + String.join(",", posNames) + ",score,mean,sd");
      for (SuggestAnalysis.Ranked r : res.ranked()) {
        StringBuilder sb = new StringBuilder().append(r.rank());
        for (double p : r.position()) sb.append(',').append(num(p));
        sb.append(',').append(num(r.score())).append(',').append(num(r.mean())).append(',').append(num(r.sd()));
        w.println(sb);
      }
      w.flush();
    });
  }

  private static String num(double v) { return org.causalem.io.CsvWriter.isWhole(v) ? Long.toString((long) v) : Double.toString(v); }

  private Map<String, Object> json(SuggestAnalysis.Acquisition acq, List<String> posNames, int n, int candidates, SuggestAnalysis.Result res, double seconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", Version.get());
    m.put("seed", seed);
    m.put("acquisition", acq.name().toLowerCase(Locale.ROOT));
    m.put("table", table.toString());
    m.put("value", value != null ? value : "sum of channels " + channels);
    m.put("positions", posNames);
    m.put("measurements", n);
    m.put("candidates", candidates);
    Map<String, Object> gp = new LinkedHashMap<>();
    gp.put("kernel", kernel);
    gp.put("exact", res.exact());
    gp.put("inducing_points", res.inducing());
    gp.put("signal_sd", res.hyper().signalSd());
    gp.put("noise_sd", res.hyper().noiseSd());
    Map<String, Object> ls = new LinkedHashMap<>();
    for (int d = 0; d < posNames.size(); d++) ls.put(posNames.get(d), res.hyper().lengthScales()[d]);
    gp.put("length_scales", ls);
    gp.put("seconds", seconds);
    m.put("gp", gp);
    if (acq == SuggestAnalysis.Acquisition.EI) m.put("best_observed", res.bestObserved());
    if (!res.evidences().isEmpty()) {
      List<Object> ev = new ArrayList<>();
      for (SuggestAnalysis.Evidence e : res.evidences()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("model", e.model());
        x.put("log_evidence", Double.isFinite(e.logEvidence()) ? e.logEvidence() : null);
        x.put("probability", e.probability());
        Map<String, Object> par = new LinkedHashMap<>();
        for (int j = 0; j < e.parameterNames().size(); j++) par.put(e.parameterNames().get(j), e.parameters()[j]);
        x.put("parameters", par);
        ev.add(x);
      }
      m.put("model_evidences", ev);
      m.put("note", "Log evidence of each structured GP (nats; the noise integrated numerically, the other parameters by Laplace); probabilities assume equal prior odds. Position parameters are on the scan "
          + "scaled to -1..1 per axis. A step's evidence is summed over the gaps between the measurements where it may lie (its d is the middle of the most "
          + "probable gap). A model absent from the list cannot win.");
    }
    List<Object> next = new ArrayList<>();
    for (SuggestAnalysis.Ranked r : res.ranked()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("rank", r.rank());
      x.put("position", r.position());
      x.put("score", r.score());
      x.put("mean", r.mean());
      x.put("sd", r.sd());
      next.add(x);
      if (next.size() >= 100) break;
    }
    m.put("next", next);
    return m;
  }

  private static void writeMaps(Path dir, int[] wh, double[][] pos, double[][] cand, SuggestAnalysis.Result res, SuggestAnalysis.Acquisition acq)
      throws java.io.IOException {
    int w = wh[0];
    int h = wh[1];
    float[] mean = new float[w * h];
    float[] score = new float[w * h];
    java.util.Arrays.fill(mean, Float.NaN);
    java.util.Arrays.fill(score, Float.NaN);
    for (int i = 0; i < cand.length; i++) {
      int c = (int) Math.round(cand[i][0]) + (cand[i].length > 1 ? (int) Math.round(cand[i][1]) * w : 0);
      mean[c] = (float) res.mean()[i];
      score[c] = (float) res.acquisition()[i];
    }
    double[][] next = new double[res.ranked().size()][];
    for (int i = 0; i < next.length; i++) next[i] = res.ranked().get(i).position();
    byte[] a = SuggestFigure.png(mean, w, h, "GP mean (measured: circles, next: squares)", pos, next);
    byte[] b = SuggestFigure.png(score, w, h, "acquisition: " + acq.name().toLowerCase(Locale.ROOT), pos, next);
    AtomicFiles.write(dir.resolve("map_mean.png"), os -> os.write(a));
    AtomicFiles.write(dir.resolve("map_acquisition.png"), os -> os.write(b));
  }

  /** Reads {@code file}; refuses a missing file and a table without data rows. */
  private static DescriptorTable readTable(Path file) throws java.io.IOException {
    if (!java.nio.file.Files.isRegularFile(file)) throw new BadInputException(file + ": no such file");
    DescriptorTable t = org.causalem.io.TableReader.readKeepingMissing(file).table();
    if (t.rows() == 0) throw new BadInputException(file + ": no data rows after the header");
    return t;
  }

  private static double[] column(DescriptorTable t, Path file, String name, String option) {
    int j = t.indexOf(name);
    if (j < 0) throw new BadInputException(file + ": no column '" + name + "' (from " + option + "); columns are " + t.names());
    return t.columns()[j];
  }

  private static int[] completeRows(DescriptorTable t, Path file, List<String> names, String option) {
    for (String n : names) column(t, file, n, option);
    return t.select(names).completeRows();
  }
}
