package org.causalem.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.causalem.numeric.Units;

/**
 * JEOL SightX (TEM Center) TIFFs: an XML {@code <TemReporter>} in ImageDescription, Make {@code JEOL Ltd.}.
 * The camera images the viewing screen, so a pixel covers {@code 1 / PixelsPerMeter} m on the screen
 * (the {@code <DrawImageInformation>} of the saved image; without it XResolution/ResolutionUnit, which
 * SightX writes as the same pitch in dpi, rounded). The specimen-plane calibration follows from the mode:
 * <ul>
 *   <li>TEM ({@code EosMode} eosTEM), {@code ModeString} MAG: pixel = pitch / nominal magnification
 *       ({@code SelectorValue}), in nm;</li>
 *   <li>TEM, DIFF: reciprocal pixel = pitch / (camera length × electron wavelength at
 *       {@code AccelerationVoltage}), in 1/nm;</li>
 *   <li>anything else (STEM, eosASID, where the screen shows a Ronchigram and the magnification is the
 *       scan's): no calibration.</li>
 * </ul>
 * The TIFF resolution tags alone (93 dpi) are the screen pitch, never the specimen's pixel size.
 */
final class TiffJeol {
  private static final double PLANCK = 6.62607015e-34;
  private static final double ELECTRON_MASS = 9.1093837015e-31;
  private static final double ELEMENTARY_CHARGE = 1.602176634e-19;
  private static final double LIGHT_SPEED = 299792458.0;

  /** What the XML says about the image: its calibration (null when none) and the facts for the summary. */
  record Result(TiffCalibration.Cal x, TiffCalibration.Cal y, String source, List<String> notes, double voltageKv,
                double magnification, double cameraLengthMm) {}

  private TiffJeol() {}

  /** Whether the page is a JEOL SightX image: Make JEOL and an XML TemReporter description. */
  static boolean is(String make, String description) {
    return make != null && make.trim().startsWith("JEOL") && description != null && description.contains("<TemReporter");
  }

  /**
   * The calibration of a SightX image; {@code resPitchXm}/{@code resPitchYm} are the screen pitch from the
   * resolution tags in m per pixel, NaN when absent.
   */
  static Result read(String xml, double resPitchXm, double resPitchYm) {
    List<String> notes = new ArrayList<>();
    String eos = element(section(xml, "Eos"), "EosMode");
    String imaging = section(xml, "ImageFormingSystem");
    String mode = element(imaging, "ModeString");
    double selector = number(element(imaging, "SelectorValue"));
    String selectorUnit = element(imaging, "SelectorUnitString");
    String selectorText = element(imaging, "SelectorString");
    double volts = number(element(section(xml, "ElectronGun"), "AccelerationVoltage"));
    double kv = volts / 1000;
    String draw = section(xml, "DrawImageInformation");
    String ppm = section(draw.isEmpty() ? xml : draw, "PixelsPerMeter");
    double px = 1 / number(element(ppm, "Horizontal"));
    double py = 1 / number(element(ppm, "Vertical"));
    String pitchFrom = "PixelsPerMeter";
    if (!(px > 0 && Double.isFinite(px))) {
      px = resPitchXm;
      py = resPitchYm;
      pitchFrom = "XResolution";
    }
    if (!(py > 0 && Double.isFinite(py))) py = px;
    boolean tem = "eosTEM".equals(eos);
    String what = "JEOL SightX " + (tem ? "TEM" : "eosASID".equals(eos) ? "STEM (eosASID)" : eos == null ? "image" : eos) + (mode == null ? "" : " " + mode)
        + (selectorText == null ? "" : " " + selectorText);
    if (!(px > 0 && Double.isFinite(px))) {
      notes.add(what + ": no screen-camera pitch (PixelsPerMeter or XResolution) in the file; axes in px");
      return new Result(null, null, "none", notes, kv, Double.NaN, Double.NaN);
    }
    String pitch = fmt(1 / px) + " px/m";
    if (tem && "MAG".equals(mode) && selector > 0) {
      notes.add(what + ": pixel size = screen-camera pitch (" + pitchFrom + " " + pitch + ") / nominal magnification "
          + fmt(selector) + "; as accurate as the magnification calibration");
      return new Result(new TiffCalibration.Cal("x", 0, px / selector * 1e9, "nm"), new TiffCalibration.Cal("y", 0, py / selector * 1e9, "nm"),
          "JEOL SightX PixelsPerMeter / magnification", notes, kv, selector, Double.NaN);
    }
    double lengthM = selector * metresPer(selectorUnit);
    if (tem && "DIFF".equals(mode) && lengthM > 0 && kv > 0) {
      double lambdaNm = wavelengthNm(volts);
      notes.add(what + ": reciprocal pixel size = screen-camera pitch (" + pitchFrom + " " + pitch + ") / (camera length "
          + fmt(lengthM * 1e3) + " mm × wavelength " + String.format(Locale.ROOT, "%.5g", lambdaNm * 1e3) + " pm at " + fmt(kv)
          + " kV); as accurate as the camera-length calibration");
      double perNm = 1 / (lengthM * 1e9 * lambdaNm); // q per nm of screen = 1 / (L λ), all in nm
      return new Result(new TiffCalibration.Cal("x", 0, px * 1e9 * perNm, "1/nm"), new TiffCalibration.Cal("y", 0, py * 1e9 * perNm, "1/nm"),
          "JEOL SightX PixelsPerMeter / (camera length × wavelength)", notes, kv, Double.NaN, lengthM * 1e3);
    }
    notes.add(what + ": the screen-camera image of this mode has no specimen calibration in the file"
        + (tem ? "" : " (in STEM the screen shows a Ronchigram; the magnification is the scan's)") + "; axes in px");
    return new Result(null, null, "none", notes, kv, Double.NaN, Double.NaN);
  }

  /** The relativistic electron wavelength in nm at an accelerating voltage in V. */
  static double wavelengthNm(double volts) {
    double eV = ELEMENTARY_CHARGE * volts;
    double p = Math.sqrt(2 * ELECTRON_MASS * eV * (1 + eV / (2 * ELECTRON_MASS * LIGHT_SPEED * LIGHT_SPEED)));
    return PLANCK / p * 1e9;
  }

  private static double metresPer(String unit) {
    return unit == null ? Double.NaN : Units.nmPer(unit) * 1e-9;
  }

  /** The text between the first {@code <name>} and its {@code </name>}, or "" when absent. */
  static String section(String xml, String name) {
    if (xml == null) return "";
    int a = xml.indexOf("<" + name + ">");
    if (a < 0) return "";
    int b = xml.indexOf("</" + name + ">", a);
    return b < 0 ? "" : xml.substring(a + name.length() + 2, b);
  }

  /** The trimmed text of the first {@code <name>value</name>}, or null. */
  static String element(String xml, String name) {
    String s = section(xml, name);
    return s.isEmpty() ? null : s.trim();
  }

  private static double number(String s) { return Numbers.orNaN(s); }

  private static String fmt(double v) { return Plausibility.fmt(v); }
}
