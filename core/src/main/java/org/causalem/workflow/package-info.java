/**
 * The science cases as analyses: each is a small composition of the analysis packages with typed options in and a
 * typed result out.
 *
 * <ul>
 *   <li>{@link org.causalem.workflow.FerroicAnalysis}: composition, lattice and polarization of a perovskite's unit
 *       cells and what drives what among them, with {@link org.causalem.workflow.EdgeConfidence} and
 *       {@link org.causalem.workflow.InstrumentCheck} (how much the instrument may have shaped the table).</li>
 *   <li>{@link org.causalem.workflow.TransitionAnalysis}: a phase transition in a movie of a 2-D material.</li>
 *   <li>{@link org.causalem.workflow.MultimodalAnalysis}: structure and spectrum (EELS or 4D-STEM) registered onto
 *       shared rows, then discovery across modalities.</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code table} and the analysis packages ({@code image}, {@code lattice},
 * {@code spectra}, {@code fourd}, {@code causal}, {@code bayes}). Not {@code io}, {@code report} or the command line.
 */
package org.causalem.workflow;
