package org.causalem.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The nodes under {@code root} that jhdf cannot fully decode (path without the trailing slash → what was
   * skipped and why): attributes of a type it does not know, or a group whose members cannot be listed
   * because one member's header holds such an attribute. A reader reports them; everything else is read.
   */
  static Map<String, String> undecodable(Group root) {
    Map<String, String> out = new LinkedHashMap<>();
    walk(root, 0, new HashSet<>(), n -> {
      String why = Hdf5Arrays.attributeFailure(n);
      if (why != null) out.put(stripSlash(n.getPath()), "attributes not decoded (" + why + "); skipped");
      if (n instanceof Group g) {
        try {
          g.getChildren();
        } catch (RuntimeException e) {
          if (!Hdf5Arrays.undecodableType(e)) throw e;
          out.put(stripSlash(n.getPath()), "members not decoded (" + Hdf5Arrays.rootCause(e) + "); skipped");
        }
      }
    });
    return out;
  }

  /** Every external link (to a dataset or group in another file) under {@code root}; none is followed. */
  static List<Node> externalLinks(Group root) {
    List<Node> out = new ArrayList<>();
    walk(root, 0, new HashSet<>(), n -> {
      if (n instanceof Group g) {
        for (Node c : children(g).values()) if (c instanceof io.jhdf.links.ExternalLink) out.add(c);
      }
    });
    return out;
  }

  static String stripSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static void walk(Node node, int depth, Set<Long> seen, java.util.function.Consumer<Node> visit) {
    if (depth > MAX_DEPTH || seen.size() > MAX_NODES) return;
    if (node.isLink()) return;
    if (!seen.add(node.getAddress())) return;
    visit.accept(node);
    if (node instanceof Group g) {
      for (Node child : children(g).values()) walk(child, depth + 1, seen, visit);
    }
  }

  /** The children of {@code g}; none when jhdf cannot decode the type of an attribute in a member's header. */
  static Map<String, Node> children(Group g) {
    try {
      return g.getChildren();
    } catch (RuntimeException e) {
      if (!Hdf5Arrays.undecodableType(e)) throw e;
      return Map.of();
    }
  }

  /** The node at an absolute or relative {@code path} under {@code root} (no links followed), or null. */
  static io.jhdf.api.Node node(Group root, String path) {
    Node n = root;
    for (String part : path.split("/")) {
      if (part.isEmpty()) continue;
      if (!(n instanceof Group g) || n.isLink()) return null;
      n = children(g).get(part);
      if (n == null) return null;
    }
    return n == null || n.isLink() ? null : n;
  }

  /** The child of {@code g} called {@code name} if it is a group, else null. */
  static Group group(Group g, String name) {
    Node n = children(g).get(name);
    return n instanceof Group c && !n.isLink() ? c : null;
  }

  /** The child of {@code g} called {@code name} if it is a dataset, else null. */
  static Dataset dataset(Group g, String name) {
    Node n = children(g).get(name);
    return n instanceof Dataset d && !n.isLink() ? d : null;
  }
}
