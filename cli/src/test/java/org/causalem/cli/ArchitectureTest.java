package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line parses options, calls one workflow and hands its result to the output layer: no class of the
 * {@code cli} module names an analysis package (by import or by qualified name).
 */
class ArchitectureTest {
  /** The analysis packages the command line must reach only through {@code org.causalem.workflow}. */
  static final Pattern ANALYSIS = Pattern.compile("org\\.causalem\\.(causal|bayes|sparse|lattice|image|spectra|fourd)\\b");

  @Test
  void cliNamesNoAnalysisPackage() throws IOException {
    Map<String, Set<String>> found = analysisReferences(Path.of("src/main/java"));
    assertThat(found).as("cli sources scanned").isNotNull();
    assertThat(found).as("cli classes naming an analysis package (go through a workflow and the output layer)").isEmpty();
  }

  @Test
  void theScanFindsAnImportAndAQualifiedName(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("A.java"), "package x;\nimport org.causalem.causal.Graph;\nclass A {}\n");
    Files.writeString(tmp.resolve("B.java"), "package x;\nclass B { Object o = new org.causalem.bayes.Kernel[0]; }\n");
    Files.writeString(tmp.resolve("C.java"), "package x;\nimport org.causalem.workflow.GpAnalysis;\nimport org.causalem.io.Json;\nclass C {}\n");
    Map<String, Set<String>> found = analysisReferences(tmp);
    assertThat(found).containsOnlyKeys("A.java", "B.java");
    assertThat(found.get("A.java")).containsExactly("causal");
    assertThat(found.get("B.java")).containsExactly("bayes");
  }

  /** File name → the analysis packages it names, for every Java source under {@code root}. */
  static Map<String, Set<String>> analysisReferences(Path root) throws IOException {
    assertThat(root).isDirectory();
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Matcher m = ANALYSIS.matcher(Files.readString(f));
        while (m.find()) out.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1));
      }
    }
    return out;
  }
}
