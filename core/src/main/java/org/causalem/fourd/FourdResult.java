package org.causalem.fourd;

import java.util.List;
import java.util.Map;
import org.causalem.table.DescriptorTable;

/**
 * What {@link FourdPipeline} found; every map row-major (scanY × scanX).
 *
 * @param probe the bright-field disk (half-maximum region, or its fitted edge when cut or saturated)
 * @param saturation pixels at the counter's maximum in the frames sampled for the probe
 * @param maps by output name ({@code virtual_bf}, {@code com_x}, {@code strain_xx}, ...), in output order
 * @param clusters phase label per position, or null when not asked for
 * @param rotation the detector rotation used for the DPC field, or null without CoM
 * @param strain strain maps and reference lattice, or null when not asked for
 * @param meanPattern mean diffraction pattern (detY × detX)
 * @param notes what was skipped and why
 * @param pixels one row per scan position: {@code row, col, x_px, y_px} and one column per map
 */
public record FourdResult(int width, int height, int detX, int detY, Probe probe, Saturation saturation, Map<String, float[]> maps,
                          int[] clusters, RotationCalibration rotation, StrainMaps strain, double[] meanPattern,
                          List<String> notes, DescriptorTable pixels) {
  public FourdResult {
    notes = List.copyOf(notes);
  }
}
