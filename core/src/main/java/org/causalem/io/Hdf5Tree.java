package org.causalem.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Walks an HDF5 tree once, depth-limited and cycle-safe (hard links can make loops). */
final class Hdf5Tree {
  private static final int MAX_DEPTH = 32;
  private static final int MAX_NODES = 100_000;

  private Hdf5Tree() {}

  /** Every group under {@code root} (itself included) that satisfies {@code test}, in file order. */
  static List<Group> groups(Group root, Predicate<Group> test) {
    List<Group> out = new ArrayList<>();
    walk(root, 0, new HashSet<>(), n -> {
      if (n instanceof Group g && test.test(g)) out.add(g);
    });
    return out;
  }

  /** Every dataset under {@code root}, in file order. */
  static List<Dataset> datasets(Group root) {
    List<Dataset> out = new ArrayList<>();
    walk(root, 0, new HashSet<>(), n -> {
      if (n instanceof Dataset d) out.add(d);
    });
    return out;
  }

  /** Every external link (to a dataset or group in another file) under {@code root}; none is followed. */
  static List<Node> externalLinks(Group root) {
    List<Node> out = new ArrayList<>();
    walk(root, 0, new HashSet<>(), n -> {
      if (n instanceof Group g) {
        for (Node c : g.getChildren().values()) if (c instanceof io.jhdf.links.ExternalLink) out.add(c);
      }
    });
    return out;
  }

  private static void walk(Node node, int depth, Set<Long> seen, java.util.function.Consumer<Node> visit) {
    if (depth > MAX_DEPTH || seen.size() > MAX_NODES) return;
    if (node.isLink()) return;
    if (!seen.add(node.getAddress())) return;
    visit.accept(node);
    if (node instanceof Group g) {
      for (Node child : g.getChildren().values()) walk(child, depth + 1, seen, visit);
    }
  }

  /** The child of {@code g} called {@code name} if it is a group, else null. */
  static Group group(Group g, String name) {
    Node n = g.getChildren().get(name);
    return n instanceof Group c && !n.isLink() ? c : null;
  }

  /** The child of {@code g} called {@code name} if it is a dataset, else null. */
  static Dataset dataset(Group g, String name) {
    Node n = g.getChildren().get(name);
    return n instanceof Dataset d && !n.isLink() ? d : null;
  }
}
