/**
 * The common currency between measurement and inference: {@link org.causalem.table.DescriptorTable} (named physical
 * variables with units, one row per site, cell or pixel, stored as primitive columns), each column a
 * {@link org.causalem.table.Descriptor} whose role (composition, lattice, polarization, spectral, instrument, position,
 * other) decides its physics tier and colour map, and
 * {@link org.causalem.table.Registration} (where a per-pixel map lies on an image, to bring modalities onto shared
 * rows).
 *
 * <p>May import: the JDK only.
 */
package org.causalem.table;
