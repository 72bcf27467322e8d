package org.causalem.causal;

import org.causalem.table.DescriptorTable;

/** Pearson's chi-square test of conditional independence for discrete (integer-coded) data. */
public final class ChiSquareTest extends ContingencyTest {
  public ChiSquareTest(DiscreteData data, double alpha) { super(data, alpha); }

  public ChiSquareTest(DescriptorTable table, double alpha) { this(DiscreteData.of(table), alpha); }

  @Override double cell(double observed, double expected) {
    double d = observed - expected;
    return d * d / expected;
  }
}
