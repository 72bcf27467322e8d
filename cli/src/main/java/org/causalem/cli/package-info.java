/**
 * The {@code causalem} command line (picocli): parses what the user typed, runs an analysis, writes its results.
 *
 * <ul>
 *   <li>Entry point: {@link org.causalem.cli.Main#main} (and {@link org.causalem.cli.Main#run}, which tests call),
 *       with one {@code *Command} class per subcommand ({@code info}, {@code atoms}, {@code local}, {@code discover},
 *       {@code bayes}, {@code gp}, {@code laws}, {@code eels}, {@code fourd}, {@code ferroic}, {@code transition},
 *       {@code multimodal}, {@code demo}).</li>
 *   <li>Exit codes, decided in {@link org.causalem.cli.Main} only: 0 ok; 2 bad usage (a picocli parameter error, a
 *       {@link org.causalem.cli.UsageException}, or a value refused where the command line checks it: see
 *       {@link org.causalem.cli.OptionChecks} and {@link org.causalem.cli.Range}); 3 bad input data
 *       ({@link org.causalem.data.BadInputException}); 1 anything else. Core messages speak of parameters; flag hints
 *       are added here.</li>
 *   <li>The output side: {@link org.causalem.cli.OutputCommand} and {@link org.causalem.cli.OutputDirectory} (results
 *       built in a hidden sibling and moved into place whole, nothing of the user's ever deleted),
 *       {@link org.causalem.cli.RunRecord} (run.json), {@link org.causalem.cli.ProgressBars}; shared option groups
 *       {@link org.causalem.cli.CommonOptions} and {@link org.causalem.cli.TableOptions}.</li>
 * </ul>
 *
 * <p>May import: every core package. The target (issue 14) is narrower: the command line calls one workflow per
 * command and hands its result to the output layer, importing no analysis package ({@code causal}, {@code bayes},
 * {@code sparse}, {@code lattice}, {@code image}, {@code spectra}, {@code fourd}) directly.
 */
package org.causalem.cli;
