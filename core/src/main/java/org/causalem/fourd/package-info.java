/**
 * 4D-STEM: everything computed from a {@link org.causalem.data.DataCube4D} in a streaming pass or from a sample of its
 * frames.
 *
 * <ul>
 *   <li>Entry point: {@link org.causalem.fourd.FourdPipeline#run} (cube → {@link org.causalem.fourd.FourdResult}).</li>
 *   <li>Its steps: the bright-field {@link org.causalem.fourd.Probe} and detector
 *       {@link org.causalem.fourd.Saturation}; one {@link org.causalem.fourd.CubeScan} pass for
 *       {@link org.causalem.fourd.VirtualDetector virtual images}, centre of mass and the mean pattern
 *       ({@link org.causalem.fourd.CubeMaps}); {@link org.causalem.fourd.Descan} and
 *       {@link org.causalem.fourd.RotationCalibration} of the {@link org.causalem.fourd.ShiftField};
 *       {@link org.causalem.fourd.PatternClustering} into a {@link org.causalem.fourd.PhaseMap}; Bragg-disk strain
 *       ({@link org.causalem.fourd.BraggDiskFinder}, {@link org.causalem.fourd.LatticeFitter},
 *       {@link org.causalem.fourd.StrainMapper}).</li>
 * </ul>
 *
 * <p>May import: {@code data}, {@code table}; EJML, JTransforms.
 */
package org.causalem.fourd;
