package org.causalem.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;

/**
 * Physical-range checks applied by {@link Readers#open} to every dataset a reader returns, whatever
 * the format: a calibration outside its physical range (a 1e-20 1/nm pixel) is dropped (the axis
 * becomes uncalibrated, in px) and said in a note; a missing spatial or energy calibration, and a
 * dwell time, exposure or voltage outside its range, are notes. Notes live in the dataset's
 * {@link Metadata#notes()}, which {@code info} prints and commands copy into their outputs.
 */
public final class Plausibility {
  /** A length per pixel, in nm: 1 fm … 1 m. */
  public static final double MIN_PIXEL_NM = 1e-6;
  public static final double MAX_PIXEL_NM = 1e9;
  /** A reciprocal length per pixel, in 1/nm: 1e-6 … 1000 (a d-spacing of 1 pm per pixel). */
  public static final double MIN_RECIPROCAL_PER_NM = 1e-6;
  public static final double MAX_RECIPROCAL_PER_NM = 1e3;
  /** An energy per channel, in eV: 0.1 meV … 1 keV. */
  public static final double MIN_DISPERSION_EV = 1e-4;
  public static final double MAX_DISPERSION_EV = 1e3;
  /** A dwell time per scan position, in s: 1 ns … 100 s. */
  public static final double MIN_DWELL_S = 1e-9;
  public static final double MAX_DWELL_S = 100;
  /** A camera exposure, in s: 100 ns … 1 h. */
  public static final double MIN_EXPOSURE_S = 1e-7;
  public static final double MAX_EXPOSURE_S = 3600;
  /** An accelerating voltage, in kV: 1 kV … 3 MV. */
  public static final double MIN_VOLTAGE_KV = 1;
  public static final double MAX_VOLTAGE_KV = 3000;

  private Plausibility() {}

  /** Every dataset of {@code df} checked ({@link #check(Dataset)}); the file's own metadata is kept. */
  static DataFile check(DataFile df) {
    List<Dataset> out = new ArrayList<>(df.datasets().size());
    for (Dataset d : df.datasets()) out.add(check(d));
    return new DataFile(df.path(), df.format(), out, df.metadata());
  }

  /**
   * The dataset with implausible calibrations dropped and every note added to its metadata; the same
   * object when there is nothing to say. Pixels are shared, not copied.
   */
  public static Dataset check(Dataset d) {
    List<String> notes = new ArrayList<>();
    List<Axis> axes = new ArrayList<>();
    for (Axis a : d.axes()) axes.add(axis(a, notes));
    if (!(d instanceof NdArray)) uncalibrated(d, axes, notes);
    boolean dropped = false;
    for (int i = 0; i < axes.size(); i++) dropped |= axes.get(i) != d.axes().get(i);
    if (dropped) notes.replaceAll(n -> n.replace(" not calibrated in the file (", " unknown (the file's calibration is implausible; "));
    summary(d.metadata().summary(), notes);
    if (notes.isEmpty() && axes.equals(d.axes())) return d;
    Metadata md = d.metadata();
    for (String n : notes) md = md.withNote(n);
    return rebuild(d, axes, md);
  }

  /** The axis, or an uncalibrated copy with a note when its step is outside the physical range of its unit. */
  static Axis axis(Axis a, List<String> notes) {
    double s = Math.abs(a.scale());
    String what;
    double lo;
    double hi;
    switch (a.unit()) {
      case "nm" -> {
        what = "pixel size";
        lo = MIN_PIXEL_NM;
        hi = MAX_PIXEL_NM;
      }
      case "1/nm" -> {
        what = "reciprocal pixel size";
        lo = MIN_RECIPROCAL_PER_NM;
        hi = MAX_RECIPROCAL_PER_NM;
      }
      case "eV" -> {
        what = "energy dispersion";
        lo = MIN_DISPERSION_EV;
        hi = MAX_DISPERSION_EV;
      }
      default -> {
        return a;
      }
    }
    if (s >= lo && s <= hi) return a;
    notes.add("axis " + a.name() + ": " + what + " " + fmt(s) + " " + a.unit() + " per " + (a.unit().equals("eV") ? "channel" : "pixel")
        + " is outside the physical range " + fmt(lo) + " … " + fmt(hi) + " " + a.unit() + "; calibration dropped (axis in px)");
    return Axis.pixels(a.name(), a.size());
  }

  private static void uncalibrated(Dataset d, List<Axis> axes, List<String> notes) {
    if (d instanceof Image) {
      spatial(axes.get(0), axes.get(1), "pixel size", notes);
    } else if (d instanceof ImageStack) {
      spatial(axes.get(1), axes.get(2), "pixel size", notes);
    } else if (d instanceof SpectrumImage) {
      spatial(axes.get(0), axes.get(1), "scan step", notes);
      energy(axes.get(2), notes);
    } else if (d instanceof Spectrum) {
      energy(axes.get(0), notes);
    } else if (d instanceof DataCube4D) {
      spatial(axes.get(0), axes.get(1), "scan step", notes);
      if (!axes.get(2).calibrated() || !axes.get(3).calibrated()) {
        notes.add("detector not calibrated in the file (q axes in px): scattering vectors and angles are in detector pixels only");
      }
    }
  }

  private static void spatial(Axis y, Axis x, String what, List<String> notes) {
    if (y.size() <= 1 && x.size() <= 1) return;
    if (!y.calibrated() || !x.calibrated()) {
      notes.add(what + " not calibrated in the file (axes in px): lengths are in pixels only; "
          + "give a known lattice constant or calibrate the image to get nm");
    }
  }

  private static void energy(Axis e, List<String> notes) {
    if (!e.calibrated()) notes.add("energy axis not calibrated in the file (channels only): edges cannot be identified by energy");
  }

  private static void summary(Map<String, Object> s, List<String> notes) {
    range(s, Metadata.DWELL_TIME_S, "dwell time", "s", MIN_DWELL_S, MAX_DWELL_S, notes);
    range(s, Metadata.EXPOSURE_S, "exposure", "s", MIN_EXPOSURE_S, MAX_EXPOSURE_S, notes);
    range(s, Metadata.VOLTAGE_KV, "accelerating voltage", "kV", MIN_VOLTAGE_KV, MAX_VOLTAGE_KV, notes);
  }

  private static void range(Map<String, Object> s, String key, String what, String unit, double lo, double hi, List<String> notes) {
    if (!(s.get(key) instanceof Number n)) return;
    double v = n.doubleValue();
    if (v >= lo && v <= hi) return;
    notes.add(what + " " + fmt(v) + " " + unit + " is outside the physical range " + fmt(lo) + " … " + fmt(hi) + " " + unit
        + ": the file's metadata is suspect");
  }

  /** Six significant digits without trailing zeros: 1.00127e-20, 0.0100127, 1e+09. */
  static String fmt(double v) {
    if (v == 0 || !Double.isFinite(v)) return String.valueOf(v);
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e6) return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    String[] p = String.format(Locale.ROOT, "%.5e", v).split("e");
    String m = p[0].contains(".") ? p[0].replaceAll("0+$", "").replaceAll("\\.$", "") : p[0];
    return m + "e" + p[1];
  }

  /** {@code d} with other axes and metadata, sharing its pixels. */
  static Dataset rebuild(Dataset d, List<Axis> a, Metadata md) {
    if (d instanceof Image im) return new Image(im.name(), im.pixels(), a.get(0), a.get(1), md);
    if (d instanceof ImageStack st) {
      return new ImageStack(st.name(), st.pixels(), a.get(0), a.get(1), a.get(2), st.frameTimesS(), st.frameDose(), md);
    }
    if (d instanceof Spectrum sp) return new Spectrum(sp.name(), sp.pixels(), a.get(0), md);
    if (d instanceof SpectrumImage si) return new SpectrumImage(si.name(), si.pixels(), a.get(0), a.get(1), a.get(2), md);
    if (d instanceof DataCube4D c) return c.with(a.get(0), a.get(1), a.get(2), a.get(3), md);
    NdArray nd = (NdArray) d;
    return new NdArray(nd.name(), nd.pixels(), a, md);
  }
}
