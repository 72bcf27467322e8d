package org.causalem.spectra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Metadata;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;

/**
 * Which datasets of a file are EELS, and which one the {@code eels} command analyses.
 *
 * <p>The signal type is the one the file states ({@link Metadata#SIGNAL}: EELS; EDS, EDX or X-ray
 * for X-ray spectra); when the file says nothing, the energy axis decides: an EDS spectrum spans keV
 * at several eV per channel, an EELS spectrum is recorded at 2 eV per channel or finer.
 *
 * <p>The default among several EELS spectrum images (a dual or triple EELS acquisition) is the lowest
 * core-loss range, the first one whose energy axis does not contain 0 eV: that is where the edges
 * are. Without such a range, the first EELS dataset. The others are listed in a note.
 */
public final class EelsData {
  /** Channels wider than this (eV) are EDS when the file states no signal type. */
  public static final double MAX_EELS_DISPERSION_EV = 2.5;

  /** The dataset chosen and what the user should know about the choice. */
  public record Choice(SpectrumImage data, List<String> notes) {}

  private EelsData() {}

  /** The signal of a spectrum whose axis is a light wavelength (cathodoluminescence), never analysed as EELS. */
  public static final String SIGNAL_LIGHT = "CL";

  /**
   * {@code EELS}, {@code EDS}, {@link #SIGNAL_LIGHT} (a spectral axis in a length unit: a wavelength, or a
   * stated CL signal), or null for a dataset without a spectral axis.
   */
  public static String signal(Dataset d) {
    Axis e = energy(d);
    if (e == null) return null;
    String s = d.metadata().signal();
    if (s != null) {
      String u = s.toUpperCase(Locale.ROOT);
      if (u.contains("EELS")) return Metadata.SIGNAL_EELS;
      if (u.contains("EDS") || u.contains("EDX") || u.contains("X-RAY") || u.contains("XRAY")) return Metadata.SIGNAL_EDS;
      if (u.equals("CL") || u.contains("CATHODOLUMINESCENCE")) return SIGNAL_LIGHT;
    }
    if (e.unit().equals("nm")) return SIGNAL_LIGHT;
    return e.calibrated() && Math.abs(e.scale()) > MAX_EELS_DISPERSION_EV ? Metadata.SIGNAL_EDS : Metadata.SIGNAL_EELS;
  }

  /**
   * The dataset called {@code name}, or the default EELS dataset.
   *
   * @throws BadInputException when the named dataset is EDS or not a spectrum, or the file holds no EELS data
   */
  public static Choice choose(DataFile df, String name) {
    String fn = df.path().getFileName().toString();
    List<String> notes = new ArrayList<>();
    if (name != null) {
      Dataset d = df.dataset(name);
      if (energy(d) == null) {
        throw new BadInputException(fn + ": dataset '" + name + "' is a " + d.kind().label() + ", expected an EELS spectrum image or spectrum");
      }
      if (Metadata.SIGNAL_EDS.equals(signal(d))) {
        throw new BadInputException(fn + ": dataset '" + name + "' is EDS (X-ray spectra, " + range(energy(d))
            + "), not EELS; eels analyses electron energy-loss spectra only" + others(df, null));
      }
      if (SIGNAL_LIGHT.equals(signal(d))) {
        throw new BadInputException(fn + ": dataset '" + name + "' is cathodoluminescence (light spectra, " + range(energy(d))
            + "), not EELS; eels analyses electron energy-loss spectra only" + others(df, null));
      }
      return new Choice(asSpectrumImage(d), notes);
    }
    List<Dataset> eels = new ArrayList<>();
    List<String> eds = new ArrayList<>();
    List<String> light = new ArrayList<>();
    for (Dataset d : df.datasets()) {
      String s = signal(d);
      if (Metadata.SIGNAL_EELS.equals(s)) eels.add(d);
      else if (Metadata.SIGNAL_EDS.equals(s)) eds.add(d.name());
      else if (SIGNAL_LIGHT.equals(s)) light.add(d.name());
    }
    if (eels.isEmpty()) {
      if (!eds.isEmpty()) {
        throw new BadInputException(fn + ": holds no EELS data; " + String.join(", ", eds)
            + (eds.size() == 1 ? " is" : " are") + " EDS (X-ray spectra), which eels does not analyse");
      }
      if (!light.isEmpty()) {
        throw new BadInputException(fn + ": holds no EELS data; " + String.join(", ", light)
            + (light.size() == 1 ? " is" : " are") + " cathodoluminescence (light spectra over a wavelength in nm), which eels"
            + " does not analyse");
      }
      df.first(SpectrumImage.class); // throws, naming what the file holds
    }
    boolean anyImage = eels.stream().anyMatch(d -> d instanceof SpectrumImage);
    List<Dataset> sameKind = new ArrayList<>();
    for (Dataset d : eels) if (!anyImage || d instanceof SpectrumImage) sameKind.add(d);
    Dataset chosen = sameKind.get(0);
    Dataset core = null;
    for (Dataset d : sameKind) {
      if (contains(energy(d), 0)) continue;
      if (core == null || Math.min(energy(d).value(0), energy(d).value(energy(d).size() - 1))
          < Math.min(energy(core).value(0), energy(core).value(energy(core).size() - 1))) {
        core = d;
      }
    }
    if (core != null) chosen = core;
    if (sameKind.size() > 1) {
      StringBuilder sb = new StringBuilder();
      for (Dataset d : sameKind) {
        if (d == chosen) continue;
        sb.append(sb.length() == 0 ? "" : ", ").append(d.name()).append(" (").append(range(energy(d))).append(")");
      }
      notes.add("EELS dataset " + chosen.name() + " (" + range(energy(chosen)) + ") analysed"
          + (contains(energy(chosen), 0) ? "" : ": the lowest core-loss range") + "; the file also holds " + sb
          + "; choose one with `dataset`");
    }
    if (!eds.isEmpty()) notes.add("EDS data in the file not analysed: " + String.join(", ", eds));
    return new Choice(asSpectrumImage(chosen), notes);
  }

  private static boolean contains(Axis e, double ev) {
    double a = e.value(0);
    double b = e.value(e.size() - 1);
    return Math.min(a, b) <= ev && Math.max(a, b) >= ev;
  }

  private static SpectrumImage asSpectrumImage(Dataset d) {
    return d instanceof SpectrumImage si ? si : EelsPipeline.asSpectrumImage((Spectrum) d);
  }

  private static Axis energy(Dataset d) {
    if (d instanceof SpectrumImage si) return si.energy();
    if (d instanceof Spectrum s) return s.energy();
    return null;
  }

  private static String range(Axis e) {
    return String.format(Locale.ROOT, "%.4g … %.4g %s", e.value(0), e.value(e.size() - 1), e.unit());
  }

  private static String others(DataFile df, Dataset except) {
    List<String> n = new ArrayList<>();
    for (Dataset d : df.datasets()) if (d != except && Metadata.SIGNAL_EELS.equals(signal(d))) n.add(d.name());
    return n.isEmpty() ? "" : "; EELS datasets in the file: " + String.join(", ", n);
  }
}
