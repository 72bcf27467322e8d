package org.causalem.simulate;

import java.util.Objects;
import org.causalem.data.Image;

/**
 * A perovskite HAADF image with known phases and domains, for local crystallography: the upper rows of cells hold two
 * ferroelectric domains of opposite polarization (B columns off-centre by +d and −d along x, the wall vertical
 * between cell columns {@code wallCol − 1} and {@code wallCol}); the rows from {@code phaseRow} down are a different
 * phase: non-polar (B centred) and tetragonally distorted, cells elongated along y by {@code strain} (whole rows, so
 * the lattice stays coherent). {@code homogeneous} puts every cell in the +d domain.
 *
 * <p>Region of a site: 0 (+d), 1 (−d), 2 (distorted phase) from the cell it belongs to; an A (corner) site shared by
 * cells of different regions has region −1 (on the boundary).
 */
public final class DomainImageSimulator {
  /**
   * @param rows cells down
   * @param cols cells across
   * @param aPx cell edge (px)
   * @param displacementPx B off-centring of the polar domains (px)
   * @param strain relative elongation along y of the distorted phase's cells
   */
  public record Options(int rows, int cols, double aPx, double displacementPx, double strain, int wallCol, int phaseRow,
                        boolean homogeneous, HaadfRenderer.Options render) {
    public Options {
      Objects.requireNonNull(render, "render");
      if (rows < 4 || cols < 4) throw new IllegalArgumentException("need at least 4×4 cells, got " + rows + "×" + cols);
      if (!(aPx > 4)) throw new IllegalArgumentException("aPx must be > 4, got " + aPx);
      if (wallCol < 1 || wallCol >= cols) throw new IllegalArgumentException("wallCol must be in [1, cols), got " + wallCol);
      if (phaseRow < 1 || phaseRow > rows) throw new IllegalArgumentException("phaseRow must be in [1, rows], got " + phaseRow);
    }

    /** 14 × 16 cells of 20 px, d = 1.2 px, 6 % elongation from row 9, wall after cell column 8. */
    public static Options defaults(long seed) {
      return new Options(14, 16, 20, 1.2, 0.06, 8, 9, false, new HaadfRenderer.Options(2.2, 150, 5, 1, 0, 0, 0, true, seed));
    }

    public Options homogeneousImage() { return new Options(rows, cols, aPx, displacementPx, strain, wallCol, phaseRow, true, render); }
  }

  /**
   * @param region per site of {@code structure}: 0, 1, 2, or −1 for a corner shared by two regions
   * @param cellRegion per cell {@code [row][col]}
   */
  public record Simulation(Image image, Structure structure, int[] region, int[][] cellRegion) {}

  private final Options o;

  public DomainImageSimulator(Options options) { this.o = Objects.requireNonNull(options, "options"); }

  /** Region of cell (i, j). */
  public int cellRegion(int i, int j) {
    if (o.homogeneous()) return 0;
    if (i >= o.phaseRow()) return 2;
    return j < o.wallCol() ? 0 : 1;
  }

  public Simulation simulate() {
    int rows = o.rows();
    int cols = o.cols();
    double[][] a = PerovskiteSimulator.fill(rows, cols, o.aPx());
    double[][] b = PerovskiteSimulator.fill(rows, cols, o.aPx());
    double[][] dx = new double[rows][cols];
    double[][] dy = new double[rows][cols];
    int[][] reg = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        reg[i][j] = cellRegion(i, j);
        if (reg[i][j] == 2) b[i][j] = o.aPx() * (1 + o.strain());
        dx[i][j] = reg[i][j] == 0 ? o.displacementPx() : reg[i][j] == 1 ? -o.displacementPx() : 0;
      }
    }
    PerovskiteSimulator.Options po = PerovskiteSimulator.Options.uniform(rows, cols, o.aPx(), o.aPx(), o.render())
        .withLattice(a, b).withDisplacement(dx, dy).withPlacement(14.5, 13.5, 0.7);
    PerovskiteSimulator.Simulation sim = new PerovskiteSimulator(po).simulate();
    Structure s = sim.structure();
    int nA = (rows + 1) * (cols + 1);
    int[] region = new int[s.size()];
    for (int k = 0; k < s.size(); k++) {
      int i = s.row()[k];
      int j = s.col()[k];
      if (k >= nA) {
        region[k] = reg[i][j];
        continue;
      }
      int r = Integer.MIN_VALUE;
      for (int ii = i - 1; ii <= i; ii++) {
        for (int jj = j - 1; jj <= j; jj++) {
          if (ii < 0 || jj < 0 || ii >= rows || jj >= cols) continue;
          if (r == Integer.MIN_VALUE) r = reg[ii][jj];
          else if (r != reg[ii][jj]) r = -1;
        }
      }
      region[k] = r;
    }
    return new Simulation(sim.image(), s, region, reg);
  }
}
