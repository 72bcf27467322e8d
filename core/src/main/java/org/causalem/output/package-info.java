/**
 * The output layer: what a workflow's result becomes on disk and on the console. One class per workflow
 * ({@link org.causalem.output.AtomsOutput}, {@link org.causalem.output.FerroicOutput},
 * {@link org.causalem.output.DemoOutput}, {@link org.causalem.output.MultimodalOutput},
 * {@link org.causalem.output.EelsOutput}, {@link org.causalem.output.FourdOutput},
 * {@link org.causalem.output.LocalOutput}, {@link org.causalem.output.DiscoverOutput},
 * {@link org.causalem.output.GpOutput}, {@link org.causalem.output.BayesOutput},
 * {@link org.causalem.output.LawsOutput}), each with the same entry points: {@code parameters} (what run.json and the
 * results record), {@code write} (JSON, CSV, NPY, HDF5/EMD), {@code writeFigures} (PNG, report.html) and
 * {@code summary} (the lines a command prints). Helpers (plots: {@link org.causalem.report.SvgChart}):
 * {@link org.causalem.output.MapFiles}, {@link org.causalem.output.TextOutput}, {@link org.causalem.output.Graphviz}.
 *
 * <p>May import: {@code workflow} (the results it writes), {@code data}, {@code table}, the result types of the
 * analysis packages, {@code io} (atomic writers, JSON), {@code report} (HTML reports and figures), {@code structure};
 * XChart. Not the command line.
 */
package org.causalem.output;
