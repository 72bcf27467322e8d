package org.causalem.spectra;

import java.util.List;
import java.util.Map;
import org.causalem.table.DescriptorTable;

/**
 * What {@link EelsPipeline} found in a spectrum image. Every map is row-major (height × width).
 *
 * @param edgeSignal background-subtracted edge integral per edge name (counts)
 * @param onsetEv edge onset per edge name (eV)
 * @param shiftEv onset minus the median onset over the image, per edge name (eV)
 * @param onsets per edge name: onsets with their uncertainties, flags, jumps and the summed-spectrum onset
 * @param tOverLambda relative thickness, or null when the spectra hold no zero-loss peak
 * @param zeroLossEv ZLP centre before alignment, or null when there is no ZLP
 * @param pca principal components, or null when not asked for
 * @param nmf non-negative factors, or null when not asked for
 * @param notes what could not be done and why (e.g. no ZLP, so no thickness)
 * @param pixels one row per pixel: {@code row, col, x_px, y_px} and one column per map
 */
public record EelsResult(int height, int width, List<Edge> edges, Map<String, float[]> edgeSignal,
                         Map<String, float[]> onsetEv, Map<String, float[]> shiftEv,
                         Map<String, OnsetFinder.OnsetMap> onsets, float[] tOverLambda,
                         float[] zeroLossEv, Decomposition pca, Decomposition nmf, List<String> notes,
                         DescriptorTable pixels) {
  public EelsResult {
    edgeSignal = Map.copyOf(edgeSignal);
    onsetEv = Map.copyOf(onsetEv);
    shiftEv = Map.copyOf(shiftEv);
    onsets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(onsets));
    edges = List.copyOf(edges);
    notes = List.copyOf(notes);
  }
}
