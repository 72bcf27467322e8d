/**
 * Causal discovery and effects.
 *
 * <ul>
 *   <li>Graphs: {@link org.causalem.causal.Graph} (DAG, CPDAG, PAG) of {@link org.causalem.causal.Edge edges} with a
 *       {@link org.causalem.causal.Mark} at each end, typed by {@link org.causalem.causal.EdgeType}; per-edge values
 *       are keyed by {@link org.causalem.causal.EdgeKey}, never by strings; {@link org.causalem.causal.Cpdag},
 *       {@link org.causalem.causal.Meek}, {@link org.causalem.causal.GraphComparison}.</li>
 *   <li>Searches: {@link org.causalem.causal.PcStable} (over {@link org.causalem.causal.Skeleton}),
 *       {@link org.causalem.causal.Fci}, {@link org.causalem.causal.Ges} with a {@link org.causalem.causal.Score}
 *       ({@link org.causalem.causal.BicScore}, {@link org.causalem.causal.BdeuScore}),
 *       {@link org.causalem.causal.DirectLingam}; pairwise methods {@link org.causalem.causal.Anm} and
 *       {@link org.causalem.causal.Igci}; {@link org.causalem.causal.Knowledge} (tiers, required and forbidden
 *       edges) and {@link org.causalem.causal.Bootstrap} confidences.</li>
 *   <li>{@link org.causalem.causal.IndependenceTest independence tests}: {@link org.causalem.causal.FisherZTest},
 *       {@link org.causalem.causal.KciTest}, {@link org.causalem.causal.ChiSquareTest},
 *       {@link org.causalem.causal.GSquareTest}, and the oracle {@link org.causalem.causal.DSeparationTest}.</li>
 *   <li>{@link org.causalem.causal.Effects}: adjustment sets and effect sizes a graph implies;
 *       {@link org.causalem.causal.DiscoveryChecks}: tables a search cannot use.</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code table}; EJML, Hipparchus.
 */
package org.causalem.causal;
