/**
 * Small dense numerics shared by every analysis package: the one place where a matrix is factored, a
 * least-squares system solved, a median taken or a unit converted.
 *
 * <p><b>Owns</b>
 * <ul>
 *   <li>{@link org.causalem.numeric.Cholesky} — the only Cholesky/SPD factorisation: positive definite
 *       ({@code of}), positive semi-definite with dependent rows dropped and reported
 *       ({@code ofSemiDefinite}, for normal equations whose regressors may be collinear), and allocation-free
 *       in-place kernels for hot loops ({@code factorInPlace}, {@code solveInPlace}). EJML's blocked solver
 *       does the work from 200 rows.</li>
 *   <li>{@link org.causalem.numeric.SmallSolve} — general small systems: 3×3 by Cramer's rule, n×n by
 *       Gauss–Jordan with partial pivoting.</li>
 *   <li>{@link org.causalem.numeric.Stats} — {@code dot} and the two named medians ({@code median}: mean of
 *       the middle pair; {@code upperMedian}: the value at index n/2), NaN ignored.</li>
 *   <li>{@link org.causalem.numeric.Units} — the one table of unit spellings and factors to nm, 1/nm, eV
 *       and s, and the one meaning of an unknown unit.</li>
 * </ul>
 *
 * <p><b>One failure behaviour.</b> A factorisation or solve that meets an unusable pivot throws
 * {@link org.causalem.numeric.SingularMatrixException} (unchecked; it names the pivot and its value).
 * Nothing here clamps a pivot, skips one silently or returns null; the semi-definite factorisation drops
 * dependent rows only because the caller asked for it, and says which. Callers that expect singular
 * matrices (a likelihood that is −∞, a fit that stops, a table refused as collinear) catch the exception
 * where they call.
 *
 * <p><b>May import</b> the JDK and EJML only: nothing from {@code org.causalem}, so every layer
 * ({@code io}, analysis packages, workflows) may use it.
 */
package org.causalem.numeric;
