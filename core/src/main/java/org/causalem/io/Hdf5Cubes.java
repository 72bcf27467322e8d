package org.causalem.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.List;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.FrameSource;
import org.causalem.data.MappedFrames;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Pixels;

/**
 * Opens a 4-D HDF5 dataset (ry, rx, qy, qx) as a {@link DataCube4D}: memory-mapped when it is stored
 * contiguously without filters, loaded when it is small, otherwise read frame by frame through jhdf.
 */
final class Hdf5Cubes {
  /** How a cube's frames are reached. */
  enum Access { MAPPED, IN_MEMORY, SLICED }

  private Hdf5Cubes() {}

  /** Which access the cube will get, given the largest size to load into memory. */
  static Access access(Dataset d, long maxInMemoryBytes) {
    if (d instanceof ContiguousDataset c && d.getFilters().isEmpty() && c.getDataAddress() > 0
        && c.getDataAddress() != -1L) {
      return Access.MAPPED;
    }
    PixelType type = Hdf5Arrays.pixelType(d);
    long bytes = Hdf5Arrays.count(d, "") * type.bytes();
    return bytes <= maxInMemoryBytes ? Access.IN_MEMORY : Access.SLICED;
  }

  /**
   * @param d a dataset of a file that may be closed after this returns (a sliced cube opens its own)
   * @param axes ry, rx, qy, qx
   */
  static DataCube4D open(Path file, long fileSize, Dataset d, String name, List<Axis> axes, Metadata metadata,
                         long maxInMemoryBytes) throws IOException {
    String fn = file.getFileName().toString();
    PixelType type = Hdf5Arrays.pixelType(d);
    long[] dims = d.getDimensionsAsLong();
    if (dims.length != 4) throw new IllegalArgumentException("not 4-D: " + d.getPath());
    long frameValuesL = dims[2] * dims[3];
    if (frameValuesL > Integer.MAX_VALUE / 8) {
      throw new BadInputException(fn + ": dataset " + d.getPath() + " has frames of " + dims[2] + "×" + dims[3]
          + " values; too large for one frame");
    }
    int frameValues = (int) frameValuesL;
    long frames = dims[0] * dims[1];
    Access access = access(d, maxInMemoryBytes);
    switch (access) {
      case MAPPED: {
        long address = ((ContiguousDataset) d).getDataAddress();
        long frameBytes = frameValuesL * type.bytes();
        FrameSource src = new MappedFrames(file, address, frameBytes, frames, frameValues, type, Hdf5Arrays.order(d));
        return new DataCube4D(name, axes.get(0), axes.get(1), axes.get(2), axes.get(3), type,
            metadata.withSummary("storage", "memory-mapped"), src);
      }
      case IN_MEMORY: {
        Pixels p = Hdf5Arrays.read(d, fn, fileSize);
        return DataCube4D.inMemory(name, p, axes.get(0), axes.get(1), axes.get(2), axes.get(3),
            metadata.withSummary("storage", "in-memory"));
      }
      default: {
        HdfFile own = new HdfFile(file);
        try {
          Dataset od = own.getDatasetByPath(d.getPath());
          return new DataCube4D(name, axes.get(0), axes.get(1), axes.get(2), axes.get(3), type,
              metadata.withSummary("storage", "hdf5-slices"), new SliceFrames(own, od, (int) dims[1], frameValues, fn));
        } catch (RuntimeException e) {
          own.close();
          throw e;
        }
      }
    }
  }

  /** Frames read one at a time with jhdf's slicing, from the slice's own open file; reads are serialised. */
  static final class SliceFrames implements FrameSource {
    private final HdfFile hdf;
    private final Dataset dataset;
    private final int scanX;
    private final int frameValues;
    private final int[] shape;
    private final String file;

    SliceFrames(HdfFile hdf, Dataset dataset, int scanX, int frameValues, String file) {
      this.hdf = hdf;
      this.dataset = dataset;
      this.scanX = scanX;
      this.frameValues = frameValues;
      int[] dims = dataset.getDimensions();
      this.shape = new int[] {1, 1, dims[2], dims[3]};
      this.file = file;
    }

    @Override public int frameValues() { return frameValues; }

    @Override public void readFrame(long index, float[] into) {
      long ry = index / scanX;
      long rx = index % scanX;
      Object block;
      synchronized (this) {
        try {
          block = dataset.getData(new long[] {ry, rx, 0, 0}, shape);
        } catch (RuntimeException e) {
          throw new BadInputException(file + ": cannot read frame " + index + " of " + dataset.getPath() + " ("
              + e.getMessage() + ")", e);
        }
      }
      Object rows = Array.get(Array.get(block, 0), 0);
      int qy = shape[2];
      int qx = shape[3];
      for (int r = 0; r < qy; r++) {
        Object row = Array.get(rows, r);
        int base = r * qx;
        if (row instanceof float[] f) {
          System.arraycopy(f, 0, into, base, qx);
        } else if (row instanceof double[] v) {
          for (int c = 0; c < qx; c++) into[base + c] = (float) v[c];
        } else if (row instanceof int[] v) {
          for (int c = 0; c < qx; c++) into[base + c] = v[c];
        } else if (row instanceof short[] v) {
          for (int c = 0; c < qx; c++) into[base + c] = v[c];
        } else if (row instanceof byte[] v) {
          for (int c = 0; c < qx; c++) into[base + c] = v[c];
        } else if (row instanceof long[] v) {
          for (int c = 0; c < qx; c++) into[base + c] = v[c];
        } else {
          throw new BadInputException(file + ": unsupported value type " + row.getClass().getSimpleName() + " in " + dataset.getPath());
        }
      }
    }

    @Override public void close() { hdf.close(); }
  }
}
