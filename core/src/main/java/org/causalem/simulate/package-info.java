/**
 * Synthetic data with known truth, for tests, benchmarks and {@code causalem demo}.
 *
 * <ul>
 *   <li>Images: {@link org.causalem.simulate.PerovskiteSimulator}, {@link org.causalem.simulate.HexagonalSimulator},
 *       {@link org.causalem.simulate.DomainImageSimulator} build a {@link org.causalem.simulate.Structure};
 *       {@link org.causalem.simulate.HaadfRenderer} images it, through a {@link org.causalem.simulate.ScanDistortion}
 *       whose true scan is a {@link org.causalem.simulate.ScanMap}; {@link org.causalem.simulate.TransitionMovieSimulator}
 *       makes movies.</li>
 *   <li>Spectra and cubes: {@link org.causalem.simulate.EelsSimulator}, {@link org.causalem.simulate.FourdSimulator}.</li>
 *   <li>Causal models: {@link org.causalem.simulate.RandomDag}, {@link org.causalem.simulate.LinearSem},
 *       {@link org.causalem.simulate.BifNetwork}; the scenarios behind the demo and the multimodal simulation,
 *       {@link org.causalem.simulate.FerroicScenario} and {@link org.causalem.simulate.MultimodalScenario}.</li>
 * </ul>
 * Every random choice takes a seed.
 *
 * <p>May import: {@code data}, {@code table}, {@code causal} (graphs of the causal models), {@code spectra} (edge
 * onsets).
 */
package org.causalem.simulate;
