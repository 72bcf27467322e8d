package org.causalem.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;
import org.causalem.data.Spectrum;
import org.causalem.data.SpectrumImage;

/** Turns an n-D array with calibrated axes into the dataset kind its rank and units say. */
final class Hdf5Shapes {
  private Hdf5Shapes() {}

  /**
   * The axis names for an array of {@code rank} dimensions, slowest first: 1-D energy or the file's
   * name; 2-D y, x; 3-D y, x, energy when the last axis is in eV, else frame, y, x; 4-D ry, rx, qy, qx.
   */
  static List<String> names(int rank, boolean lastIsEnergy, List<String> fileNames) {
    switch (rank) {
      case 1: return List.of(lastIsEnergy ? "energy" : fileNames.get(0));
      case 2: return List.of("y", "x");
      case 3: return lastIsEnergy ? List.of("y", "x", "energy") : List.of("frame", "y", "x");
      case 4: return List.of("ry", "rx", "qy", "qx");
      default: return fileNames;
    }
  }

  /** Renames the axes as {@link #names} says. */
  static List<Axis> named(List<Axis> axes, List<String> fileNames) { return named(axes, fileNames, false); }

  /**
   * Renames the axes as {@link #names} says; {@code spectral}: the file states that the last axis is the
   * spectral one (then it is {@code energy}, or {@code wavelength} when in a length unit, as in CL).
   */
  static List<Axis> named(List<Axis> axes, List<String> fileNames, boolean spectral) {
    boolean energy = !axes.isEmpty() && (spectral || axes.get(axes.size() - 1).unit().equals("eV"));
    List<String> n = names(axes.size(), energy, fileNames);
    List<Axis> out = new ArrayList<>();
    for (int i = 0; i < axes.size(); i++) {
      String name = n.get(i);
      if (name.equals("energy") && axes.get(i).unit().equals("nm")) name = SPECTRAL_WAVELENGTH;
      out.add(axes.get(i).withName(name));
    }
    return out;
  }

  /** The name of a spectral axis in a length unit (a light wavelength, as in cathodoluminescence). */
  static final String SPECTRAL_WAVELENGTH = "wavelength";

  private static boolean spectralAxis(Axis a) { return a.name().equals("energy") || a.name().equals(SPECTRAL_WAVELENGTH); }

  /** A dataset of rank 1–3 (or any rank as an {@link NdArray}); 4-D cubes are made by {@link Hdf5Cubes}. */
  static Dataset make(String name, Pixels p, List<Axis> axes, Metadata md) {
    int rank = axes.size();
    if (rank == 1 && spectralAxis(axes.get(0))) return new Spectrum(name, p, axes.get(0), md);
    if (rank == 2 && isPointList(axes.get(0).size(), axes.get(1).size())) return pointList(name, p, axes, md);
    if (rank == 2) return new Image(name, p, axes.get(0), axes.get(1), md);
    if (rank == 3 && spectralAxis(axes.get(2))) return new SpectrumImage(name, p, axes.get(0), axes.get(1), axes.get(2), md);
    if (rank == 3 && axes.get(0).name().equals("frame")) {
      return new ImageStack(name, p, axes.get(0), axes.get(1), axes.get(2), null, null, md);
    }
    return new NdArray(name, p, axes, md);
  }

  /** A side of a 2-D array this short (or shorter) may be coordinates (x, y; x, y, z; ...) rather than pixels. */
  static final int MAX_COORDINATES = 4;
  /** ... when the other side is at least this long and at least twice as long. */
  static final int MIN_POINTS = 8;

  /**
   * Whether a 2-D array of {@code rows × cols} is a table of points (Atomap's N × 2 atom positions, an N × 3 list of
   * xyz) rather than an image: one side at most {@value #MAX_COORDINATES}, the other at least {@value #MIN_POINTS} and
   * twice as long.
   */
  static boolean isPointList(long rows, long cols) {
    long shortSide = Math.min(rows, cols);
    long longSide = Math.max(rows, cols);
    return shortSide <= MAX_COORDINATES && longSide >= MIN_POINTS && longSide >= 2 * shortSide;
  }

  /** A 2-D point table as an array (axes {@code point}, {@code coordinate}), with a note saying why it is not an image. */
  private static NdArray pointList(String name, Pixels p, List<Axis> axes, Metadata md) {
    int rows = axes.get(0).size();
    int cols = axes.get(1).size();
    boolean pointsFirst = rows > cols;
    int n = Math.max(rows, cols);
    int k = Math.min(rows, cols);
    List<Axis> named = List.of(axes.get(0).withName(pointsFirst ? "point" : "coordinate"), axes.get(1).withName(pointsFirst ? "coordinate" : "point"));
    String what = k == 1 ? "a single " + (pointsFirst ? "column" : "row") + " of " + n + " values"
        : "a list of " + n + " points with " + k + " coordinates" + (pointsFirst ? "" : " (one row per coordinate)");
    String note = rows + " × " + cols + " values: " + what + " rather than an image; read as an array, not analysed as an image";
    return new NdArray(name, p, named, md.withNote(note));
  }

  /**
   * The dataset of the HDF5 array {@code array} with its {@code axes} already {@link #named}: a 4-D cube
   * opened by {@link Hdf5Cubes} (loaded whole up to {@code maxInMemoryBytes}), any other rank read whole or,
   * above {@code mapAboveBytes}, memory-mapped.
   */
  static Dataset open(Path file, long fileSize, io.jhdf.api.Dataset array, String name, List<Axis> axes, Metadata md,
                      long maxInMemoryBytes, long mapAboveBytes) throws IOException {
    if (axes.size() == 4) return Hdf5Cubes.open(file, fileSize, array, name, axes, md, maxInMemoryBytes);
    return make(name, Hdf5Arrays.readOrMap(array, file, fileSize, mapAboveBytes), axes, md);
  }

  /** Releases the cubes among {@code sets} (after a failure part-way through a file). */
  static void close(List<Dataset> sets) {
    for (Dataset d : sets) if (d instanceof org.causalem.data.DataCube4D c) c.close();
  }
}
