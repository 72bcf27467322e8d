package org.causalem.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.causalem.structure.Elements;
import org.causalem.structure.StructureExport;
import org.causalem.structure.StructureModel;
import org.causalem.workflow.AtomsAnalysis;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atoms --structure xyz,cif --elements A=Sr,B=Ti}: the option checks and the structure files. */
final class StructureFiles {
  private StructureFiles() {}

  /** The requested formats, validated ({@code xyz}, {@code cif}); empty when {@code --structure} was not given. */
  static Set<String> formats(CommandSpec spec, String structure) {
    Set<String> f = new LinkedHashSet<>();
    if (structure == null) return f;
    for (String p : structure.split(",")) {
      String t = p.trim().toLowerCase(java.util.Locale.ROOT);
      if (!t.equals("xyz") && !t.equals("cif")) throw OptionChecks.usage(spec, "--structure takes xyz, cif or xyz,cif, got '" + structure + "'");
      f.add(t);
    }
    return f;
  }

  /** The element mapping, validated for syntax and symbols; empty when not given. */
  static Map<String, String> elements(CommandSpec spec, String text, Set<String> formats) {
    if (text == null) return Map.of();
    if (formats.isEmpty()) throw OptionChecks.usage(spec, "--elements needs --structure (it names the elements of the structure files)");
    try {
      return Elements.parseMapping(text);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--elements: " + e.getMessage());
    }
  }

  /**
   * Checks what needs the result (a pixel size, known sublattice names) before anything is written: a usage error
   * naming the option otherwise.
   */
  static StructureModel model(CommandSpec spec, AtomsAnalysis.Result atoms, Map<String, String> elements) {
    var res = atoms.atoms();
    if (!Double.isFinite(res.pixelSizeNm())) {
      throw OptionChecks.usage(spec, "--structure needs positions in Å, but the image has no pixel size: give --lattice-constant (e.g. 3.905A)");
    }
    List<String> names = res.lattice().siteNames();
    try {
      Elements.requireKnown(elements, names);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--elements: " + e.getMessage());
    }
    return StructureModel.of(res, elements);
  }

  static void write(Path dir, Set<String> formats, StructureModel model) throws IOException {
    if (formats.contains("xyz")) StructureExport.writeXyz(dir.resolve("structure.xyz"), model);
    if (formats.contains("cif")) StructureExport.writeCif(dir.resolve("structure.cif"), model);
  }
}
