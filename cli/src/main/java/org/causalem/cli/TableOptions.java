package org.causalem.cli;

import java.util.ArrayList;
import java.util.List;

/** Comma-separated lists of column names in command-line options. */
final class TableOptions {
  private TableOptions() {}

  /** Splits a comma-separated option value into names. */
  static List<String> names(picocli.CommandLine.Model.CommandSpec spec, String value, String option) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      String t = s.strip();
      if (t.isEmpty()) throw OptionChecks.usage(spec, option + " '" + value + "': empty name");
      if (out.contains(t)) throw OptionChecks.usage(spec, option + " '" + value + "': '" + t + "' given twice");
      out.add(t);
    }
    return out;
  }
}
