/**
 * Image analysis on row-major float pixels: finding and refining atom columns, and what their fits can be trusted for.
 *
 * <ul>
 *   <li>{@link org.causalem.image.ColumnDetector}: candidate columns ({@link org.causalem.image.Detection}) as maxima
 *       of a scale-normalised Laplacian of Gaussian; {@link org.causalem.image.PowerSpectrum} for the dominant
 *       period that sets the default scale.</li>
 *   <li>{@link org.causalem.image.GaussianRefiner}: sub-pixel elliptical Gaussian fits into
 *       {@link org.causalem.image.Columns}, each with a {@link org.causalem.image.FitStatus};
 *       {@link org.causalem.image.FitCheck} for degenerate fits; {@link org.causalem.image.ColumnPresence}, a matched
 *       filter test of whether a site holds a column.</li>
 *   <li>{@link org.causalem.image.DriftCorrection} between movie frames; {@link org.causalem.image.Filters};
 *       {@link org.causalem.image.PointGrid} for neighbour queries over points.</li>
 * </ul>
 *
 * <p>May import: {@code data}; JTransforms (FFT). Inputs are never modified.
 */
package org.causalem.image;
