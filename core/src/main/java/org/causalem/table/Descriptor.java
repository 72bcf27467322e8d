package org.causalem.table;

import java.util.Objects;
import java.util.Set;

/**
 * One named physical variable of a {@link DescriptorTable}: its unit and what it measures. The role, not the name,
 * decides how an analysis treats a descriptor (its tier in the physics prior, its colour map in a figure).
 *
 * @param name column name
 * @param unit unit ({@code ""} when dimensionless or unknown)
 * @param role what the descriptor measures
 */
public record Descriptor(String name, String unit, Role role) {
  /** What a descriptor measures. */
  public enum Role {
    /** A composition proxy: the integrated intensity of a sublattice's columns (raw or sampling-normalised). */
    COMPOSITION,
    /** The geometry of the cell: lattice parameters, angle, area, tetragonality, strain, rotation. */
    LATTICE,
    /** The B-site off-centring (polarization) components. */
    POLARIZATION,
    /** A per-pixel spectral or diffraction map: EELS edge signals and onsets, decomposition scores, 4D-STEM images. */
    SPECTRAL,
    /** What the microscope and the fit did at a cell: scan line offsets, sampling, fitted widths, background. */
    INSTRUMENT,
    /** Where a row is: cell indices and positions. */
    POSITION,
    /** Anything else, including the standard-error companions of other descriptors. */
    OTHER;

    /**
     * The tier of a descriptor in the default physics prior (a later tier cannot cause an earlier one):
     * composition 1, polarization 3, everything else 2.
     */
    public int physicsTier() {
      return this == COMPOSITION ? 1 : this == POLARIZATION ? 3 : 2;
    }

    /** Whether a map of it is signed around zero and drawn with a diverging colour map. */
    public boolean diverging() { return this == POLARIZATION; }
  }

  /** The instrument-level columns of the cells table (see {@code lattice.InstrumentDescriptors}). */
  private static final Set<String> INSTRUMENT = Set.of("scan_line_offset_px", "sampling_x", "sampling_y", "width_A_px",
      "width_B_px", "background", "fit_residual", "edge_distance_px");
  private static final Set<String> POSITION = Set.of("row", "col", "x_px", "y_px", "x_nm", "y_nm");
  private static final Set<String> LATTICE = Set.of("a_px", "b_px", "a_nm", "b_nm", "gamma_deg", "area_px2", "area_nm2",
      "tetragonality", "rotation_deg");

  public Descriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(role, "role");
  }

  /** A descriptor whose role is known from the name the project gives it ({@link #roleOf}). */
  public static Descriptor named(String name, String unit) { return new Descriptor(name, unit, roleOf(name)); }

  /**
   * The role of a column by the names the project's tables use (the one place that reads roles off names; a table
   * read from a file only has names): {@code intensity_*} composition, {@code polarization_*} polarization, cell
   * geometry and {@code strain_*} lattice, the instrument descriptors instrument, positions and cell indices position,
   * EELS and 4D-STEM per-pixel maps ({@code eels_*}, {@code fourd_*}, {@code virtual_*}, {@code com_*}, {@code dpc_*},
   * {@code pca<k>}, {@code nmf<k>}) spectral; a standard-error column ({@code *_sigma}, {@code *_sigma_*}) and
   * anything else other.
   */
  public static Role roleOf(String name) {
    if (name.endsWith("_sigma") || name.contains("_sigma_")) return Role.OTHER;
    if (INSTRUMENT.contains(name)) return Role.INSTRUMENT;
    if (POSITION.contains(name)) return Role.POSITION;
    if (name.startsWith("intensity_")) return Role.COMPOSITION;
    if (name.startsWith("polarization_")) return Role.POLARIZATION;
    if (LATTICE.contains(name) || name.startsWith("strain_")) return Role.LATTICE;
    if (name.startsWith("eels_") || name.startsWith("fourd_") || name.startsWith("virtual_") || name.startsWith("com_")
        || name.startsWith("dpc_") || component(name)) {
      return Role.SPECTRAL;
    }
    return Role.OTHER;
  }

  /** True for {@code pca<k>} and {@code nmf<k>} (k ASCII digits): a loop, not a regex, whose compilation would start the lambda machinery (≈ 20 ms in a fresh JVM) for every table read. */
  private static boolean component(String name) {
    if (name.length() < 4 || !(name.startsWith("pca") || name.startsWith("nmf"))) return false;
    for (int i = 3; i < name.length(); i++) if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
    return true;
  }

  /**
   * The role of a column of a per-pixel map table (EELS, 4D-STEM), whatever its name: its positions and cell indices
   * position, a standard error ({@code *_sigma}, {@code *_sigma_*}) other, every map spectral.
   */
  public static Role mapRole(String name) {
    Role r = roleOf(name);
    return r == Role.POSITION || r == Role.OTHER && (name.endsWith("_sigma") || name.contains("_sigma_")) ? r : Role.SPECTRAL;
  }

  /**
   * The name of the column holding this descriptor's per-row standard error: {@code a_px} → {@code a_sigma_px} for a
   * length in px, {@code intensity_A} → {@code intensity_A_sigma} otherwise. The table may not have it.
   */
  public String sigmaName() { return sigmaName(name); }

  /** As {@link #sigmaName()}, for the column {@code name}. */
  public static String sigmaName(String name) {
    return name.endsWith("_px") ? name.substring(0, name.length() - 3) + "_sigma_px" : name + "_sigma";
  }

  /**
   * Whether the values are signed around zero (the polarization, a strain, the lattice rotation), so that a map of it
   * takes a diverging colour map.
   */
  public boolean signed() { return role.diverging() || name.startsWith("strain") || name.startsWith("rotation"); }
}
