package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code causalem COMMAND --help} prints that command's usage and exits 0, required options and parameters notwithstanding. */
class HelpOptionTest {
  @Test
  void everyCommandPrintsItsHelp() {
    CommandLine cl = new CommandLine(new Main());
    assertThat(cl.getSubcommands()).hasSizeGreaterThan(10);
    for (String name : cl.getSubcommands().keySet()) {
      if (name.equals("help")) continue;
      for (String flag : new String[] {"--help", "-h"}) {
        CliRun r = CliRun.of(name, flag);
        assertThat(r.code()).as(name + " " + flag + ": " + r.err()).isZero();
        assertThat(r.out()).as(name + " " + flag).startsWith("Usage: causalem " + name).contains("--help");
        assertThat(r.err()).as(name + " " + flag).isEmpty();
      }
    }
  }

  @Test
  void aWrongEnumValueIsAUsageErrorListingTheChoices() {
    CliRun r = CliRun.of("discover", "x.csv", "--test", "t-test", "--out", "unused");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--test").contains("fisher-z, chi-square, g2, kci");
  }
}
