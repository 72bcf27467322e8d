package org.causalem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.causalem.data.Axis;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;
import org.causalem.io.Json;
import org.causalem.io.Readers;
import org.causalem.workflow.FourdAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code causalem info FILE [--json]}: what a file holds. */
@Command(name = "info", description = "Print every dataset in a microscope file: kind, shape, pixel type, calibrated axes, key metadata.")
public final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "DM3/DM4, EMD/HDF5, SER/EMI, MRC, TIFF, NPY/NPZ, Panta Rhei .prz, MIB, blockfile, EMPAD .xml, TVIPS, EMSA/MSA, ripple (.rpl/.raw), HyperSpy .zspy or PNG/JPEG/BMP/GIF file.")
  Path file;

  @Option(names = "--json", description = "Print exactly one JSON object.")
  boolean json;

  @Option(names = "--scan-shape", paramLabel = "RYxRX[+FIRST]",
      description = "Read a TVIPS recording (which records no scan shape) as a RY x RX scan from frame FIRST (default 0).")
  String scanShape;

  @Option(names = "--full", description = "Include the file's whole metadata tree (long for DM files).")
  boolean full;

  @Mixin CommonOptions common;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (DataFile df = open()) {
      Map<String, Object> desc = describe(df, full);
      if (json) {
        out.println(Json.toString(desc));
      } else {
        printText(out, df);
      }
    }
    return Main.OK;
  }

  private DataFile open() throws java.io.IOException {
    if (scanShape == null) return Readers.open(file);
    FourdAnalysis.ScanShape s;
    try {
      s = FourdAnalysis.ScanShape.parse(scanShape);
    } catch (IllegalArgumentException e) {
      throw OptionChecks.usage(spec, "--scan-shape " + e.getMessage());
    }
    return Readers.openTvipsScan(file, s.ry(), s.rx(), s.first());
  }

  /** The JSON description of a file, as {@code info --json} prints it. */
  static Map<String, Object> describe(DataFile df, boolean full) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", df.path().toString());
    m.put("format", df.format());
    List<Object> sets = new ArrayList<>();
    for (Dataset d : df.datasets()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", d.name());
      s.put("kind", d.kind().label());
      s.put("shape", d.shape());
      s.put("dtype", d.pixelType().numpyName());
      List<Object> axes = new ArrayList<>();
      for (Axis a : d.axes()) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("name", a.name());
        am.put("size", a.size());
        am.put("offset", a.offset());
        am.put("scale", a.scale());
        am.put("unit", a.unit());
        axes.add(am);
      }
      s.put("axes", axes);
      Map<String, Object> meta = new LinkedHashMap<>(d.metadata().summary());
      meta.remove(Metadata.NOTES);
      if (full) meta.put("original", d.metadata().tree());
      s.put("metadata", meta);
      s.put("notes", d.metadata().notes());
      sets.add(s);
    }
    m.put("datasets", sets);
    if (df.metadata().summary().get("not_read") instanceof Map<?, ?> skipped && !skipped.isEmpty()) m.put("not_read", skipped);
    return m;
  }

  private static void printText(PrintWriter out, DataFile df) {
    out.println(df.path() + "  (" + df.format() + ", " + df.datasets().size() + " dataset"
        + (df.datasets().size() == 1 ? "" : "s") + ")");
    for (Dataset d : df.datasets()) {
      long[] shape = d.shape();
      StringBuilder sh = new StringBuilder();
      for (int i = 0; i < shape.length; i++) sh.append(i == 0 ? "" : " × ").append(shape[i]);
      out.println();
      out.println("  " + d.name() + ": " + d.kind().label() + ", " + sh + ", " + d.pixelType().numpyName());
      for (Axis a : d.axes()) {
        out.printf("    %-7s %7d  offset %-12s scale %-12s %s%n", a.name(), a.size(), fmt(a.offset()), fmt(a.scale()), a.unit());
      }
      d.metadata().summary().forEach((k, v) -> {
        if (!k.equals(Metadata.NOTES)) out.printf("    %-16s %s%n", k, v instanceof double[] a ? java.util.Arrays.toString(a) : v);
      });
      for (String n : d.metadata().notes()) out.println("    note: " + n);
    }
    if (df.metadata().summary().get("not_read") instanceof Map<?, ?> skipped && !skipped.isEmpty()) {
      out.println();
      out.println("  not read:");
      skipped.forEach((k, v) -> out.println("    " + k + ": " + v));
    }
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
    return String.format("%.6g", v);
  }
}
