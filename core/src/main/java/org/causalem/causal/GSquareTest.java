package org.causalem.causal;

import org.causalem.table.DescriptorTable;

/** The likelihood-ratio (G²) test of conditional independence for discrete (integer-coded) data. */
public final class GSquareTest extends ContingencyTest {
  public GSquareTest(DiscreteData data, double alpha) { super(data, alpha); }

  public GSquareTest(DescriptorTable table, double alpha) { this(DiscreteData.of(table), alpha); }

  @Override double cell(double observed, double expected) {
    return observed > 0 ? 2 * observed * Math.log(observed / expected) : 0;
  }
}
