/**
 * Figures and reports: what a person looks at.
 *
 * <ul>
 *   <li>Reports: {@link org.causalem.report.FerroicReport} and {@link org.causalem.report.TransitionReport} write a
 *       workflow's result as a self-contained {@link org.causalem.report.HtmlReport} with results.json and tables.</li>
 *   <li>Figures: {@link org.causalem.report.MapFigure} (a map with a colour bar, {@link org.causalem.report.Colormap}),
 *       {@link org.causalem.report.AtomsOverlay}, {@link org.causalem.report.LocalMaps},
 *       {@link org.causalem.report.GraphSvg} (causal graphs without external tools), {@link org.causalem.report.SvgChart} and
 *       {@link org.causalem.report.SvgMap} (charts and maps as SVG, no AWT); {@link org.causalem.report.Figures}
 *       and {@link org.causalem.report.Html} for encoding and escaping.</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code table}, {@code lattice}, {@code causal}, {@code workflow} (the results it
 * shows), {@code io} (atomic writers, JSON); {@code javax.imageio}.
 */
package org.causalem.report;
