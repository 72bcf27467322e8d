/**
 * A projected structural model from an atomic-resolution image: {@link org.causalem.structure.StructureModel#of}
 * turns an {@link org.causalem.lattice.AtomsResult} and a sublattice-to-element mapping
 * ({@link org.causalem.structure.Elements}) into one atom per lattice site with uncertainties and flags;
 * {@link org.causalem.structure.StructureExport} writes it as extended XYZ and CIF and reads it back.
 *
 * <p>May import: {@code lattice}, {@code table}, {@code io} (atomic file writes).
 */
package org.causalem.structure;
