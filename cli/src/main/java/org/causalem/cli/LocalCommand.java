package org.causalem.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.causalem.data.Image;
import org.causalem.io.Json;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.lattice.LatticeKind;
import org.causalem.local.LocalCrystallography;
import org.causalem.report.LocalMaps;
import org.causalem.report.OutputReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code causalem local IMAGE --out DIR}: order parameters, phases and walls from every column's neighbourhood. */
@Command(name = "local", description = {
    "Local crystallography: describe every atom column by its neighbourhood, decompose (PCA) and classify (Gaussian",
    "mixture, classes by BIC) per sublattice; maps of the order parameters, of the classes (phases/domains) and walls.",
    "Writes local.csv (one row per column), local_cells.csv, classes.png, pc1.png.., summary.json and run.json into DIR."})
public final class LocalCommand extends OutputCommand {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "Atomic-resolution HAADF image (any supported format).")
  Path input;

  @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset to use when the file holds several (default: the first image).")
  String dataset;

  @Option(names = "--lattice", paramLabel = "KIND", defaultValue = "auto", description = "perovskite, hexagonal, simple or auto (default: ${DEFAULT-VALUE}).")
  String lattice;

  @Option(names = "--contrast", paramLabel = "C", defaultValue = "bright", description = "bright (HAADF; default) or dark (ABF, BF: the image is inverted).")
  String contrast;

  @Option(names = "--descriptor", paramLabel = "D", defaultValue = "positions",
      description = "positions (neighbour displacements; default), patch (image patch) or both.")
  String descriptor;

  @Option(names = "--offsets", paramLabel = "K", defaultValue = "4", description = "Nearest neighbour offsets describing each column (default: ${DEFAULT-VALUE}).")
  @Range(min = 2, max = 24)
  int neighbours;

  @Option(names = "--components", paramLabel = "K", defaultValue = "4", description = "Principal components kept as order parameters (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10)
  int components;

  @Option(names = "--max-classes", paramLabel = "N", defaultValue = "6", description = "Largest number of classes BIC may choose (default: ${DEFAULT-VALUE}).")
  @Range(min = 1, max = 10)
  int maxClasses;

  @Option(names = "--patch-radius", paramLabel = "PX", description = "Half-width of the image patch in px (default: the shortest neighbour distance).")
  @Range(min = 1, max = 50)
  Double patchRadius;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of the mixture's random starts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override protected void execute(OutputDirectory dir, RunRecord run) throws Exception {
    LatticeKind kind = LatticeKind.parse(lattice);
    if (!contrast.equals("bright") && !contrast.equals("dark")) throw OptionChecks.usage(spec, "--contrast must be bright or dark, got '" + contrast + "'");
    LocalCrystallography.Descriptor desc;
    try {
      desc = LocalCrystallography.Descriptor.parse(descriptor);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--" + e.getMessage());
    }
    LocalCrystallography.Options opts = new LocalCrystallography.Options(neighbours, components, maxClasses, desc,
        patchRadius == null ? Double.NaN : patchRadius, seed);
    run.input(input);
    run.seed(seed);
    run.parameter("lattice", kind.label());
    run.parameter("descriptor", desc.label());
    run.parameter("neighbours", neighbours);
    run.parameter("components", components);
    run.parameter("max_classes", maxClasses);
    Image read = run.step("read", () -> AtomsCommand.readImage(input, dataset));
    Image image = contrast.equals("dark") ? AtomsCommand.inverted(read) : read;
    run.parameter("dataset", image.name());
    AtomsResult atoms;
    try (ProgressBars.Bar bar = progress("refining columns")) {
      atoms = run.step("atoms", () -> new AtomsPipeline(AtomsPipeline.Options.of(kind)).run(image, bar));
    }
    LocalCrystallography.Result res = run.step("local", () -> new LocalCrystallography(opts).run(image, atoms));
    for (String n : res.notes()) note("note: " + n);
    run.step("write", () -> {
      Path d = dir.path();
      writeCsv(d.resolve("local.csv"), res.columns(), atoms.lattice().siteNames());
      writeCsv(d.resolve("local_cells.csv"), res.cells(), atoms.lattice().siteNames());
      double r = Math.max(1.5, Math.min(0.12 * Math.min(atoms.reference().aPx(), atoms.reference().bPx()), 6));
      LocalMaps.writeClasses(d.resolve("classes.png"), image, res.columns(), r);
      for (int c = 1; c <= Math.min(components, 3); c++) LocalMaps.writeScore(d.resolve("pc" + c + ".png"), image, res.columns(), "pc" + c, r);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("input", input.toString());
      summary.put("dataset", image.name());
      summary.put("lattice", atoms.lattice().kind().label());
      summary.put("descriptor", desc.label());
      summary.putAll(res.summary());
      Json.write(d.resolve("summary.json"), summary);
      return null;
    });
    run.step("figures", () -> {
      OutputReport.write(dir.path(), "local: " + input.getFileName(), res.notes(), "classes.png", "pc*.png", "summary.json", "local_cells.csv");
      return null;
    });
    note("local: " + res.columns().rows() + " columns, " + res.classes() + " classes, " + res.summary().get("wall_columns") + " wall columns -> " + out);
  }

  private static final java.util.Set<String> INTEGER = java.util.Set.of("row", "col", "complete", "class", "wall", "columns");

  /** CSV with the sublattice as its name, integer columns without a decimal point, NaN empty. */
  static void writeCsv(Path file, org.causalem.table.DescriptorTable t, java.util.List<String> sublattices) throws java.io.IOException {
    java.util.List<String> names = t.names();
    org.causalem.io.CsvWriter.write(file, t, (sb, j, v) -> {
      String name = names.get(j);
      if (name.equals("sublattice")) {
        int k = (int) v;
        sb.append(k >= 0 && k < sublattices.size() ? sublattices.get(k) : "unindexed");
      } else if (INTEGER.contains(name) && org.causalem.io.CsvWriter.isWhole(v)) {
        sb.append((long) v);
      } else {
        sb.append(Double.toString(v));
      }
    });
  }
}
