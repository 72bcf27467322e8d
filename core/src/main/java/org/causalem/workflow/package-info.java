/**
 * The science cases as analyses: each is a small composition of the analysis packages with typed options in and a
 * typed result out.
 *
 * <ul>
 *   <li>{@link org.causalem.workflow.FerroicAnalysis}: composition, lattice and polarization of a perovskite's unit
 *       cells and what drives what among them, with {@link org.causalem.workflow.EdgeConfidence} and
 *       {@link org.causalem.workflow.InstrumentCheck} (how much the instrument may have shaped the table).</li>
 *   <li>{@link org.causalem.workflow.TransitionAnalysis}: a phase transition in a movie of a 2-D material.</li>
 *   <li>{@link org.causalem.workflow.FerroicImageAnalysis}: the same from an image (atoms, then the causal analysis);
 *       {@link org.causalem.workflow.DemoAnalysis}: on a built-in simulated image whose mechanism is known, compared
 *       with it ({@link org.causalem.workflow.KnownTruth}).</li>
 *   <li>{@link org.causalem.workflow.MultimodalAnalysis}: structure and spectrum (EELS or 4D-STEM) registered onto
 *       shared rows, then discovery across modalities.</li>
 *   <li>One per command on a file or a table: {@link org.causalem.workflow.AtomsAnalysis},
 *       {@link org.causalem.workflow.EelsAnalysis}, {@link org.causalem.workflow.FourdAnalysis},
 *       {@link org.causalem.workflow.LocalAnalysis}, {@link org.causalem.workflow.DiscoverAnalysis},
 *       {@link org.causalem.workflow.GpAnalysis}, {@link org.causalem.workflow.BayesAnalysis},
 *       {@link org.causalem.workflow.LawsAnalysis}, {@link org.causalem.workflow.SuggestAnalysis}.</li>
 * </ul>
 * Each has typed {@code Options} (a validated record with a builder or withers) and a typed {@code Result}; its verb
 * is {@code run}. Messages speak of parameters, never of command-line flags.
 *
 * <p>May import: {@code data}, {@code table}, {@code numeric}, the analysis packages ({@code image}, {@code lattice},
 * {@code spectra}, {@code fourd}, {@code causal}, {@code bayes}, {@code sparse}, {@code local}), {@code simulate} (the
 * built-in scenes) and the readers of {@code io} (a workflow may take a file). Not {@code report}, {@code output} or the
 * command line.
 */
package org.causalem.workflow;
