package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.causalem.causal.EdgeKey;
import org.causalem.causal.Graph;
import org.causalem.report.FerroicReport;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.FerroicAnalysis;
import org.causalem.workflow.FerroicImageAnalysis;

/** The outputs of the ferroic workflow: its parameters, the report directory ({@link FerroicReport}) and the printed summary. */
public final class FerroicOutput {
  private FerroicOutput() {}

  /** The run's parameters recorded in results.json and run.json; {@code latticeConstant} as the user gave it. */
  public static Map<String, Object> parameters(FerroicAnalysis.Options opts, Optional<String> latticeConstant) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("alpha", opts.alpha());
    p.put("bootstrap", opts.bootstrap());
    p.put("consensus_threshold", opts.consensusThreshold());
    p.put("variables", opts.variables());
    p.put("prior", opts.priorText() == null ? "physics tiers: intensities < lattice < polarization" : opts.priorText());
    p.put("predictability", opts.predictability());
    latticeConstant.ifPresent(l -> p.put("lattice_constant", l));
    return p;
  }

  /** As {@link #parameters(FerroicAnalysis.Options, Optional)}, with the lattice and the contrast of the atoms stage. */
  public static Map<String, Object> parameters(FerroicImageAnalysis.Options opts, Optional<String> latticeConstant) {
    Map<String, Object> p = parameters(opts.causal(), latticeConstant);
    p.put("lattice", opts.atoms().lattice().label());
    p.put("contrast", opts.atoms().contrast().label());
    return p;
  }

  /**
   * Writes report.html, results.json, cells.csv and the figures into {@code dir}.
   *
   * @param truth the true graph when known (a simulation), else null
   * @return the results.json document
   */
  public static Map<String, Object> write(Path dir, String title, AtomsAnalysis.Result atoms, FerroicAnalysis.Result res, Graph truth,
                                          Map<String, Object> parameters, long seed) throws IOException {
    return FerroicReport.write(dir, title, atoms.image(), atoms.atoms(), atoms.notes(), res, truth, parameters, seed);
  }

  /** The summary printed after a run: the consensus edges with their status, the confounding check, the report. */
  public static List<String> summary(FerroicAnalysis.Result res, Path target) {
    List<String> out = new ArrayList<>();
    out.add("Consensus causal graph (" + res.rowsUsed() + " unit cells):");
    res.consensus().graph().edges().forEach(e -> {
      String from = res.variables().get(e.a());
      String to = res.variables().get(e.b());
      Double c = res.consensus().confidence().get(new EdgeKey(from, to));
      Double k = res.consensus().coefficient().get(new EdgeKey(from, to));
      FerroicAnalysis.EdgeCheck check = res.check(from, to);
      out.add(String.format("  %-18s %s %-18s confidence %s  coefficient %s  %s", from, e.type(), to,
          c == null ? "-" : String.format(Locale.ROOT, "%.2f", c),
          k == null ? "-" : String.format(Locale.ROOT, "%+.4g", k), check == null ? "" : check.status().label()));
    });
    for (FerroicAnalysis.EdgeCheck c : res.edgeChecks()) if (c.status() != FerroicAnalysis.Status.SUPPORTED) out.add("  ! " + c.sentence());
    long supported = res.edgeChecks().stream().filter(c -> c.status() == FerroicAnalysis.Status.SUPPORTED).count();
    out.add(supported == 0 ? "No edge is supported: nothing here survives the instrument check as a causal claim."
        : supported + " of " + res.edgeChecks().size() + " edges supported (found in the full image and in every half, not explained by the instrument).");
    out.add("Confounding check:");
    boolean any = false;
    for (FerroicAnalysis.Confounding c : res.confounding()) {
      if (!c.misleading()) continue;
      out.add("  ! " + c.sentence());
      any = true;
    }
    if (!any) out.add("  no correlation here is misleading about its cause");
    out.add("Report: " + target.resolve("report.html"));
    return out;
  }

  /** Each edge of {@code g} as {@code from TYPE to}, with its confidence in parentheses where {@code confidence} has one. */
  public static List<String> edgesAsText(Graph g, Map<EdgeKey, Double> confidence) {
    return g.edges().stream().map(e -> {
      String from = g.nodes().get(e.a());
      String to = g.nodes().get(e.b());
      Double c = confidence.get(new EdgeKey(from, to));
      return from + " " + e.type() + " " + to + (c == null ? "" : String.format(Locale.ROOT, "  (%.2f)", c));
    }).toList();
  }
}
