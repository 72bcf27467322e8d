package org.causalem.causal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the pairwise methods agree on each pair of variables. The methods rest on different assumptions
 * (IGCI: a near-deterministic relation; ANM: additive noise independent of the cause; RECI: an invertible
 * relation with small noise; MDL: the causal factorisation compresses better), so a direction all of them
 * give is more credible than one they split on; none of them is reliable under a hidden common cause.
 *
 * @param x first variable
 * @param y second variable
 * @param directions method → "x -> y", "y -> x" or "undecided", in the order the results came
 * @param forward methods giving x → y
 * @param backward methods giving y → x
 * @param verdict "agree: x -> y", "agree: y -> x", "split a:b" or "no method decided"
 */
public record PairwiseAgreement(String x, String y, Map<String, String> directions, int forward, int backward, String verdict) {
  /** True when at least two methods decided and all decided ones point the same way. */
  public boolean agree() { return verdict.startsWith("agree"); }

  /** One entry per distinct (x, y) pair, in order of first appearance. */
  public static List<PairwiseAgreement> of(List<PairwiseResult> results) {
    Map<String, List<PairwiseResult>> byPair = new LinkedHashMap<>();
    for (PairwiseResult r : results) byPair.computeIfAbsent(r.x() + "\u0000" + r.y(), k -> new ArrayList<>()).add(r);
    List<PairwiseAgreement> out = new ArrayList<>();
    for (List<PairwiseResult> list : byPair.values()) {
      String x = list.get(0).x();
      String y = list.get(0).y();
      Map<String, String> dirs = new LinkedHashMap<>();
      int fwd = 0;
      int bwd = 0;
      for (PairwiseResult r : list) {
        switch (r.direction()) {
          case X_CAUSES_Y -> {
            fwd++;
            dirs.put(r.method(), x + " -> " + y);
          }
          case Y_CAUSES_X -> {
            bwd++;
            dirs.put(r.method(), y + " -> " + x);
          }
          case UNDECIDED -> dirs.put(r.method(), "undecided");
        }
      }
      String verdict;
      if (fwd + bwd == 0) verdict = "no method decided";
      else if (fwd + bwd >= 2 && bwd == 0) verdict = "agree: " + x + " -> " + y;
      else if (fwd + bwd >= 2 && fwd == 0) verdict = "agree: " + y + " -> " + x;
      else verdict = "split " + fwd + ":" + bwd;
      out.add(new PairwiseAgreement(x, y, dirs, fwd, bwd, verdict));
    }
    return out;
  }
}
