package org.causalem.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.causal.PairwiseAgreement;
import org.causalem.causal.PairwiseResult;

/** The report section and JSON block saying, per pair of variables, whether the pairwise methods agree. */
public final class PairwiseAgreementSection {
  private PairwiseAgreementSection() {}

  /** Appends a table (pair, each method's direction, verdict) to the page; nothing when there are no results. */
  public static void write(HtmlReport page, List<PairwiseResult> results) {
    List<PairwiseAgreement> agreement = PairwiseAgreement.of(results);
    if (agreement.isEmpty()) return;
    List<String> methods = new ArrayList<>();
    for (PairwiseAgreement a : agreement) for (String m : a.directions().keySet()) if (!methods.contains(m)) methods.add(m);
    List<String> header = new ArrayList<>();
    header.add("pair");
    header.addAll(methods);
    header.add("verdict");
    List<List<String>> rows = new ArrayList<>();
    int agree = 0;
    for (PairwiseAgreement a : agreement) {
      List<String> row = new ArrayList<>();
      row.add(a.x() + " / " + a.y());
      for (String m : methods) row.add(a.directions().getOrDefault(m, "–").replace("->", "→"));
      row.add(a.verdict().replace("->", "→"));
      rows.add(row);
      if (a.agree()) agree++;
    }
    page.paragraph("Do the pairwise methods agree? They rest on different assumptions (IGCI: near-deterministic relation; ANM: "
        + "independent additive noise; RECI: invertible relation, small noise; MDL: the causal factorisation compresses better); "
        + agree + " of " + agreement.size() + " pairs get one direction from every method that decided. None of them is reliable "
        + "under a hidden common cause (accuracy near chance on the confounded benchmark family, BENCHMARKS.md).");
    page.table(header, rows);
  }

  /** The agreement as JSON-ready maps (pair, per-method directions, forward/backward counts, verdict). */
  public static List<Object> json(List<PairwiseResult> results) {
    List<Object> out = new ArrayList<>();
    for (PairwiseAgreement a : PairwiseAgreement.of(results)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("x", a.x());
      m.put("y", a.y());
      m.put("directions", a.directions());
      m.put("x_to_y", a.forward());
      m.put("y_to_x", a.backward());
      m.put("verdict", a.verdict());
      out.add(m);
    }
    return out;
  }
}
