package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.causal.BootstrapResult;
import org.causalem.causal.Effects;
import org.causalem.causal.PairwiseResult;
import org.causalem.io.Decimals;
import org.causalem.io.GraphFormats;
import org.causalem.io.GraphFormats.AnnotatedEdge;
import org.causalem.causal.EdgeKey;
import org.causalem.io.Json;
import org.causalem.report.GraphSvg;
import org.causalem.workflow.DiscoverAnalysis;
import org.causalem.workflow.DiscoverAnalysis.Method;

/**
 * The files of a {@link DiscoverAnalysis}: {@code graph.json}, {@code graph.dot}, {@code graph.svg} (Graphviz's
 * drawing when {@code dot} is on the PATH, else our own), {@code edges.csv}, and when there is one,
 * {@code bootstrap.csv}, {@code pairwise.json} and {@code effects.csv}.
 */
public final class DiscoverOutput {
  private DiscoverOutput() {}

  /** The parameters of the run as recorded in graph.json (and run.json). */
  public static Map<String, Object> parameters(DiscoverAnalysis.Result r) {
    DiscoverAnalysis.Options o = r.options();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("input", r.source());
    p.put("columns", r.table().names());
    p.put("rows", r.table().rows());
    p.put("dropped_rows", r.droppedRows());
    if (o.method() == Method.PC || o.method() == Method.FCI) {
      p.put("alpha", o.alpha());
      p.put("test", r.test().orElseThrow().label());
    }
    if (o.method() == Method.PC) p.put("collider_rule", o.colliderRule().label());
    if (o.method() == Method.GES) p.put("score", r.score().orElseThrow().label());
    p.put("bootstrap", o.bootstrap());
    if (!o.nuisance().isEmpty()) p.put("nuisance", o.nuisance());
    p.put("prior", o.prior().map(f -> f.getFileName().toString()).orElse(null));
    if (!o.effects().isEmpty()) {
      List<String> effects = new ArrayList<>();
      for (DiscoverAnalysis.Effect e : o.effects()) effects.add(e.cause() + "," + e.effect());
      p.put("effects", effects);
    }
    return p;
  }

  /** Writes every file of {@code r} into {@code dir}. */
  public static void write(Path dir, DiscoverAnalysis.Result r) throws IOException {
    Json.write(dir.resolve("graph.json"), GraphFormats.toJsonDocument(r.options().method().label(), r.graph(), r.edges(), r.options().seed(),
        parameters(r)));
    Map<EdgeKey, String> labels = new LinkedHashMap<>();
    for (AnnotatedEdge e : r.edges()) {
      String label = e.confidence() != null ? Decimals.fixed(e.confidence(), 2)
          : e.coefficient() != null ? Decimals.general(e.coefficient(), 3) : null;
      if (label != null) labels.put(e.key(), label);
    }
    String dot = GraphFormats.toDot(r.graph(), labels);
    TextOutput.write(dir.resolve("graph.dot"), dot);
    String svg = Graphviz.svg(dir.resolve("graph.dot"));
    TextOutput.write(dir.resolve("graph.svg"), svg != null ? svg : GraphSvg.render(r.graph(), labels));
    StringBuilder csv = new StringBuilder("from,to,type,confidence,coefficient\n");
    for (AnnotatedEdge e : r.edges()) {
      csv.append(TextOutput.csvField(e.from())).append(',').append(TextOutput.csvField(e.to())).append(',').append(e.type()).append(',')
          .append(e.confidence() == null ? "" : e.confidence().toString()).append(',')
          .append(e.coefficient() == null ? "" : e.coefficient().toString()).append('\n');
    }
    TextOutput.write(dir.resolve("edges.csv"), csv.toString());
    if (r.bootstrap().isPresent()) writeBootstrap(dir.resolve("bootstrap.csv"), r.bootstrap().get());
    if (!r.pairwise().isEmpty()) writePairwise(dir.resolve("pairwise.json"), r.pairwise());
    if (!r.effects().isEmpty()) writeEffects(dir.resolve("effects.csv"), r.effects());
  }

  /** The summary lines for a terminal: the table, then one line per edge, pairwise decision and effect. */
  public static List<String> summary(DiscoverAnalysis.Result r) {
    List<String> out = new ArrayList<>();
    out.add(r.source() + ": " + r.table().width() + " variables, " + r.table().rows() + " rows"
        + (r.droppedRows() > 0 ? " (" + r.droppedRows() + " with missing values dropped)" : "") + "; " + r.options().method().label() + " found "
        + r.edges().size() + " edges");
    for (AnnotatedEdge e : r.edges()) {
      out.add("  " + e.from() + " " + e.type() + " " + e.to() + (e.confidence() == null ? "" : "  confidence " + Decimals.fixed(e.confidence(), 2))
          + (e.coefficient() == null ? "" : "  coefficient " + Decimals.general(e.coefficient(), 4)));
    }
    for (PairwiseResult p : r.pairwise()) {
      out.add("  " + p.method() + ": " + switch (p.direction()) {
        case X_CAUSES_Y -> p.x() + " --> " + p.y();
        case Y_CAUSES_X -> p.y() + " --> " + p.x();
        case UNDECIDED -> "undecided" + (p.reason().isEmpty() ? "" : " (" + p.reason() + ")");
      });
    }
    for (Effects.Estimate e : r.effects()) {
      if (!e.identifiable()) {
        out.add("  effect " + e.cause() + " -> " + e.effect() + ": not identifiable in this graph (no valid adjustment set); naive slope "
            + Decimals.general(e.naive(), 4));
      } else {
        out.add("  effect " + e.cause() + " -> " + e.effect() + ": " + Decimals.general(e.adjusted(), 4) + " ± " + Decimals.general(e.adjustedSe(), 2)
            + " adjusting for {" + String.join(", ", e.usedSet()) + "}; naive " + Decimals.general(e.naive(), 4) + " ± "
            + Decimals.general(e.naiveSe(), 2) + (e.confounded() ? "  (confounded: they differ)" : ""));
      }
    }
    return out;
  }

  private static void writeEffects(Path file, List<Effects.Estimate> estimates) throws IOException {
    StringBuilder sb = new StringBuilder("cause,effect,identifiable,adjusted,adjusted_se,naive,naive_se,confounded,adjustment_set,valid_sets\n");
    for (Effects.Estimate e : estimates) {
      List<String> sets = new ArrayList<>();
      for (List<String> set : e.adjustmentSets()) sets.add("{" + String.join(" ", set) + "}");
      sb.append(TextOutput.csvField(e.cause())).append(',').append(TextOutput.csvField(e.effect())).append(',').append(e.identifiable()).append(',')
          .append(number(e.adjusted())).append(',').append(number(e.adjustedSe())).append(',').append(number(e.naive())).append(',')
          .append(number(e.naiveSe())).append(',').append(e.confounded()).append(',')
          .append(TextOutput.csvField(e.usedSet() == null ? "" : String.join(" ", e.usedSet()))).append(',')
          .append(TextOutput.csvField(String.join(" ", sets) + (e.allSetsListed() ? "" : " ..."))).append('\n');
    }
    TextOutput.write(file, sb.toString());
  }

  private static String number(double v) { return Double.isNaN(v) ? "" : Decimals.general(v, 6); }

  private static void writeBootstrap(Path file, BootstrapResult boot) throws IOException {
    StringBuilder sb = new StringBuilder("a,b,edge_frequency,type_frequencies\n");
    for (BootstrapResult.PairFrequency f : boot.table()) {
      StringBuilder types = new StringBuilder();
      for (Map.Entry<?, Double> t : f.types().entrySet()) {
        types.append(types.length() == 0 ? "" : " ").append(t.getKey()).append(':').append(Decimals.fixed(t.getValue(), 4));
      }
      sb.append(TextOutput.csvField(f.a())).append(',').append(TextOutput.csvField(f.b())).append(',')
          .append(Decimals.fixed(f.edge(), 4)).append(',').append(types).append('\n');
    }
    TextOutput.write(file, sb.toString());
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
}
