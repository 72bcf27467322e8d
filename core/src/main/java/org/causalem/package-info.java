/**
 * CausalEM: from raw electron-microscopy files to causal knowledge. This root package holds only
 * {@link org.causalem.Version}, the build's version recorded in every output; the work is in the sub-packages, whose
 * dependencies point one way (see each package's documentation):
 * {@code io} → {@code data}; analysis packages ({@code image}, {@code lattice}, {@code local}, {@code spectra},
 * {@code fourd}, {@code causal}, {@code bayes}, {@code sparse}) → {@code data}, {@code table}; {@code workflow} →
 * analysis packages; {@code report} → {@code workflow} and the results it writes; the {@code cli} module on top.
 *
 * <p>May import: the JDK only.
 */
package org.causalem;
