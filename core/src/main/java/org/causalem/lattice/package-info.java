/**
 * From atom columns to a lattice and per-cell descriptors: the atoms pipeline.
 *
 * <ul>
 *   <li>Entry point: {@link org.causalem.lattice.AtomsPipeline#run} (image → {@link org.causalem.lattice.AtomsResult}:
 *       columns, lattice, unit cells, sites and their uncertainties), with {@link org.causalem.lattice.LatticeKind}
 *       and {@link org.causalem.lattice.LatticeConstant} for what the caller expects.</li>
 *   <li>Its steps: {@link org.causalem.lattice.LatticeFinder} (sublattices and indexing into a
 *       {@link org.causalem.lattice.Lattice}), {@link org.causalem.lattice.ReferenceLattice},
 *       {@link org.causalem.lattice.UnitCells} (per-cell geometry, polarization, strain, intensities, vacancies),
 *       {@link org.causalem.lattice.PositionCalibration} into {@link org.causalem.lattice.PositionErrors},
 *       {@link org.causalem.lattice.ScanCorrection} and {@link org.causalem.lattice.ScanModel} (what the scan did),
 *       {@link org.causalem.lattice.OffCentring} and {@link org.causalem.lattice.InstrumentDescriptors} (what the
 *       microscope and the fit did in each cell).</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code image}, {@code table}. No files, flags or figures.
 */
package org.causalem.lattice;
