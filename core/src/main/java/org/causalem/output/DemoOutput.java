package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.causalem.report.FerroicReport;
import org.causalem.workflow.DemoAnalysis;
import org.causalem.workflow.FerroicAnalysis;

/** The outputs of {@link DemoAnalysis}: the ferroic report with the true graph beside the recovered one. */
public final class DemoOutput {
  private DemoOutput() {}

  /** Title of the demo's report. */
  public static final String TITLE = "CausalEM demo: a doped ferroelectric with a known mechanism";

  /** The run's parameters: the causal analysis's, the simulated scene and its scan distortion. */
  public static Map<String, Object> parameters(DemoAnalysis.Result r) {
    Map<String, Object> params = FerroicOutput.parameters(r.options().analysis().causal(), Optional.empty());
    params.put("scenario", r.scenario().toString().replaceAll("render=Options\\[.*?ScanDistortion\\[[^\\]]*\\][^\\]]*\\], ", ""));
    params.put("scan_distortion", r.options().distortion().asMap());
    return params;
  }

  /** Writes the report directory (as {@link FerroicOutput#write}, with the true graph). */
  public static Map<String, Object> write(Path dir, DemoAnalysis.Result r, Map<String, Object> parameters) throws IOException {
    return FerroicReport.write(dir, TITLE, r.simulation().image(), r.analysis().atoms().atoms(), r.analysis().atoms().notes(),
        r.analysis().causal(), r.truth().truth(), parameters, r.options().seed());
  }

  /** The true and the recovered graph side by side, the distances between them, then the ferroic summary. */
  public static List<String> summary(DemoAnalysis.Result r, Path target) {
    FerroicAnalysis.Result res = r.analysis().causal();
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("True mechanism:            Recovered (consensus of PC + DirectLiNGAM, bootstrap " + r.options().bootstrap() + "):");
    List<String> t = FerroicOutput.edgesAsText(r.truth().truth(), Map.of());
    List<String> g = FerroicOutput.edgesAsText(res.consensus().graph(), res.consensus().confidence());
    for (int i = 0; i < Math.max(t.size(), g.size()); i++) {
      out.add(String.format("  %-40s %s", i < t.size() ? t.get(i) : "", i < g.size() ? g.get(i) : ""));
    }
    int shd = r.truth().shd();
    out.add(shd == 0 ? "Structural Hamming distance 0: the true graph is recovered exactly."
        : "Structural Hamming distance " + shd + " from the true graph.");
    int shdSupported = r.truth().shdSupported();
    out.add("Supported edges only (those read as causal): structural Hamming distance " + shdSupported
        + (shdSupported == 0 ? ", the true graph." : " from the true graph."));
    out.add("");
    out.addAll(FerroicOutput.summary(res, target));
    return out;
  }
}
