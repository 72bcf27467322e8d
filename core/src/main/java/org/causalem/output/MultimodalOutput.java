package org.causalem.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.causalem.io.CsvWriter;
import org.causalem.table.Registration;
import org.causalem.workflow.AtomsAnalysis;
import org.causalem.workflow.KnownTruth;
import org.causalem.workflow.MultimodalAnalysis;

/** The outputs of {@link MultimodalAnalysis}: the joint table (table.csv) and the ferroic report of its causal analysis. */
public final class MultimodalOutput {
  private MultimodalOutput() {}

  /**
   * The run's parameters: the causal analysis's (over the searched columns), its tiers, the modality, the lattice and
   * contrast, the registration (with where it came from) and the notes of the maps and of the descriptors.
   */
  public static Map<String, Object> parameters(MultimodalAnalysis.Options o, MultimodalAnalysis.Result res, String registrationSource) {
    Map<String, Object> params = FerroicOutput.parameters(o.causal().withVariables(res.searched()), Optional.empty());
    String prefix = res.maps().modality().prefix();
    params.put("prior", o.causal().priorText() != null ? o.causal().priorText() : o.modalityTiers()
        ? "modality tiers: intensities and " + prefix + "* < lattice < polarization"
        : "physics tiers: intensities < lattice and " + prefix + "* < polarization");
    params.put("modality", res.maps().modality().name().toLowerCase(Locale.ROOT));
    params.put("lattice", o.atoms().lattice().label());
    params.put("contrast", o.atoms().contrast().label());
    params.put("registration", registration(res, registrationSource));
    params.put("registered_columns", res.registered());
    params.put("map_notes", res.maps().notes());
    params.put("bin", o.eels().bin());
    params.put("descriptor_notes", res.notes());
    return params;
  }

  /** Writes table.csv (the joint table) and the ferroic report of the causal analysis into {@code dir}. */
  public static Map<String, Object> write(Path dir, String title, AtomsAnalysis.Result atoms, MultimodalAnalysis.Result res,
                                          KnownTruth truth, Map<String, Object> parameters, long seed) throws IOException {
    CsvWriter.write(dir.resolve("table.csv"), res.table());
    return FerroicOutput.write(dir, title, atoms, res.causal(), truth == null ? null : truth.truth(), parameters, seed);
  }

  /** The registration, the distance from a simulated truth (when given), then the ferroic summary. */
  public static List<String> summary(MultimodalAnalysis.Result res, KnownTruth truth, Path target) {
    List<String> out = new ArrayList<>();
    Registration r = res.registration();
    MultimodalAnalysis.Maps maps = res.maps();
    out.add(String.format(Locale.ROOT, "Registered %d %s maps of %d × %d pixels onto %d unit cells (offset %.4g,%.4g px, scale %.4g×%.4g px per pixel); %d cells outside the maps.",
        res.registered().size(), maps.modality() == MultimodalAnalysis.Modality.EELS ? "EELS" : "4D-STEM", maps.width(), maps.height(),
        res.table().rows(), r.offsetXPx(), r.offsetYPx(), r.scaleXPx(), r.scaleYPx(), res.cellsOutside()));
    if (truth != null) {
      out.add("True cross-modal mechanism: " + org.causalem.simulate.MultimodalScenario.SHIFT_COLUMN + " --> a_px --> polarization_x_px, "
          + org.causalem.simulate.MultimodalScenario.SHIFT_COLUMN + " --> polarization_y_px; structural Hamming distance of the consensus: "
          + truth.shd());
    }
    out.addAll(FerroicOutput.summary(res.causal(), target));
    return out;
  }

  private static Map<String, Object> registration(MultimodalAnalysis.Result res, String source) {
    Map<String, Object> m = new LinkedHashMap<>();
    Registration r = res.registration();
    m.put("offset_x_px", r.offsetXPx());
    m.put("offset_y_px", r.offsetYPx());
    m.put("scale_x_px", r.scaleXPx());
    m.put("scale_y_px", r.scaleYPx());
    m.put("source", source);
    m.put("map_width", res.maps().width());
    m.put("map_height", res.maps().height());
    m.put("cells", res.table().rows());
    m.put("cells_outside_maps", res.cellsOutside());
    return m;
  }
}
