/**
 * EELS: which datasets of a file are EELS, and what a spectrum image says.
 *
 * <ul>
 *   <li>Entry point: {@link org.causalem.spectra.EelsPipeline#run} (spectrum image →
 *       {@link org.causalem.spectra.EelsResult}), with {@link org.causalem.spectra.EelsData} choosing the dataset.</li>
 *   <li>Its steps: {@link org.causalem.spectra.ZeroLossPeak} and {@link org.causalem.spectra.LogRatioThickness};
 *       pre-edge {@link org.causalem.spectra.BackgroundFit backgrounds}, {@link org.causalem.spectra.EdgeMapper}
 *       edge-integral maps and {@link org.causalem.spectra.OnsetFinder} onsets for the edges of
 *       {@link org.causalem.spectra.EdgeTable}; decomposition by {@link org.causalem.spectra.Pca} and
 *       {@link org.causalem.spectra.Nmf} into a {@link org.causalem.spectra.Decomposition}.</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code table}; EJML.
 */
package org.causalem.spectra;
