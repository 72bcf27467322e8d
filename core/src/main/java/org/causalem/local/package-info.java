/**
 * Local crystallography: order parameters and phases from the neighbourhood of every atom column.
 * Entry point: {@link org.causalem.local.LocalCrystallography#run} on an image and its
 * {@link org.causalem.lattice.AtomsResult}: a descriptor per column (neighbour displacements, an image patch, or
 * both), PCA, a Gaussian mixture per sublattice chosen by BIC, classes merged across sublattices, and domain walls.
 *
 * <p>May import: {@code data}, {@code image}, {@code lattice}, {@code table}, {@code bayes} (the Gaussian mixture).
 */
package org.causalem.local;
