package org.causalem.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 4D-STEM data cube (ry, rx, qy, qx): a diffraction pattern at every scan position. Never loaded
 * whole: frames are read one by one from a {@link FrameSource} (usually memory-mapped), and
 * reductions stream over them in parallel.
 */
public final class DataCube4D implements Dataset, AutoCloseable {
  private final String name;
  private final Axis ry;
  private final Axis rx;
  private final Axis qy;
  private final Axis qx;
  private final PixelType pixelType;
  private final Metadata metadata;
  private final FrameSource source;

  public DataCube4D(String name, Axis ry, Axis rx, Axis qy, Axis qx, PixelType pixelType, Metadata metadata,
                    FrameSource source) {
    this.name = Objects.requireNonNull(name, "name");
    this.ry = ry;
    this.rx = rx;
    this.qy = qy;
    this.qx = qx;
    this.pixelType = Objects.requireNonNull(pixelType, "pixelType");
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.source = Objects.requireNonNull(source, "source");
    if (source.frameValues() != (long) qy.size() * qx.size()) {
      throw new IllegalArgumentException("cube " + name + ": frames have " + source.frameValues() + " values, expected "
          + qy.size() + "×" + qx.size());
    }
  }

  /** A cube over in-memory pixels in (ry, rx, qy, qx) C order. */
  public static DataCube4D inMemory(String name, Pixels pixels, Axis ry, Axis rx, Axis qy, Axis qx, Metadata metadata) {
    if (pixels.count() != (long) ry.size() * rx.size() * qy.size() * qx.size()) {
      throw new IllegalArgumentException("cube " + name + ": " + pixels.count() + " values, expected "
          + ry.size() + "×" + rx.size() + "×" + qy.size() + "×" + qx.size());
    }
    return new DataCube4D(name, ry, rx, qy, qx, pixels.type(), metadata, new ArrayFrames(pixels, qy.size() * qx.size()));
  }

  /** The same frames (shared, not copied) with other axes of the same sizes and other metadata. */
  public DataCube4D with(Axis ry, Axis rx, Axis qy, Axis qx, Metadata metadata) {
    if (ry.size() != this.ry.size() || rx.size() != this.rx.size() || qy.size() != this.qy.size() || qx.size() != this.qx.size()) {
      throw new IllegalArgumentException("cube " + name + ": new axes must keep the sizes " + this.ry.size() + "×" + this.rx.size()
          + "×" + this.qy.size() + "×" + this.qx.size());
    }
    return new DataCube4D(name, ry, rx, qy, qx, pixelType, metadata, source);
  }

  @Override public String name() { return name; }

  @Override public Kind kind() { return Kind.CUBE_4D; }

  @Override public List<Axis> axes() { return List.of(ry, rx, qy, qx); }

  @Override public PixelType pixelType() { return pixelType; }

  @Override public Metadata metadata() { return metadata; }

  public Axis ry() { return ry; }

  public Axis rx() { return rx; }

  public Axis qy() { return qy; }

  public Axis qx() { return qx; }

  public int scanY() { return ry.size(); }

  public int scanX() { return rx.size(); }

  public int detY() { return qy.size(); }

  public int detX() { return qx.size(); }

  public long frameCount() { return (long) ry.size() * rx.size(); }

  /**
   * The scan rows {@code [from, to)} as a cube of their own (its first row is row {@code from} of this one): the same
   * frames, read from the same source (nothing copied), for a reduction split by scan rows over several machines.
   */
  public DataCube4D rows(int from, int to) {
    if (from < 0 || to > ry.size() || from >= to) {
      throw new IllegalArgumentException("cube " + name + ": rows [" + from + ", " + to + ") outside the " + ry.size() + " scan rows");
    }
    long first = (long) from * rx.size();
    FrameSource whole = source;
    FrameSource window = new FrameSource() {
      @Override public int frameValues() { return whole.frameValues(); }

      @Override public void readFrame(long index, float[] into) { whole.readFrame(first + index, into); }

      @Override public boolean hasUInt16Frames() { return whole.hasUInt16Frames(); }

      @Override public void locateUInt16(long index, UInt16Frame into) { whole.locateUInt16(first + index, into); }

      @Override public void close() { }
    };
    Axis rows = new Axis(ry.name(), to - from, ry.offset() + from * ry.scale(), ry.scale(), ry.unit());
    return new DataCube4D(name, rows, rx, qy, qx, pixelType, metadata, window);
  }

  /**
   * Reads the pattern at scan column {@code rx} and scan row {@code ry} (frame {@code ry·scanX + rx} of the
   * (ry, rx, qy, qx) storage order) into {@code into} (length ≥ detY·detX); no allocation.
   */
  public void readFrame(int rx, int ry, float[] into) {
    Objects.checkIndex(rx, this.rx.size());
    Objects.checkIndex(ry, this.ry.size());
    source.readFrame((long) ry * this.rx.size() + rx, into);
  }

  /**
   * Streams every frame through {@code reducer} on {@code threads} threads, each taking whole scan rows.
   *
   * @param progress told the number of frames done
   */
  public <A> A reduce(FrameReducer<A> reducer, int threads, Progress progress) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    int rows = ry.size();
    int cols = rx.size();
    long total = frameCount();
    AtomicLong nextRow = new AtomicLong();
    AtomicLong done = new AtomicLong();
    int workers = Math.max(1, Math.min(threads, rows));
    UInt16FrameReducer<A> raw = reducer instanceof UInt16FrameReducer<A> u && source.hasUInt16Frames()
        && u.wantsUInt16(qx.size(), qy.size()) ? u : null;
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "cube-reduce");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<A>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(pool.submit(() -> {
          A acc = reducer.create();
          float[] frame = raw == null ? new float[source.frameValues()] : null;
          UInt16Frame[] group = raw == null ? null : new UInt16Frame[Math.max(1, raw.uint16Group())];
          if (group != null) for (int g = 0; g < group.length; g++) group[g] = new UInt16Frame();
          long row;
          while ((row = nextRow.getAndIncrement()) < rows) {
            int r = (int) row;
            if (raw != null) {
              for (int c = 0; c < cols; c += group.length) {
                int count = Math.min(group.length, cols - c);
                for (int g = 0; g < count; g++) source.locateUInt16((long) r * cols + c + g, group[g]);
                raw.acceptUInt16(acc, r, c, group, count);
              }
            } else {
              for (int c = 0; c < cols; c++) {
                source.readFrame((long) r * cols + c, frame);
                reducer.accept(acc, r, c, frame);
              }
            }
            progress.update(done.addAndGet(cols), total);
          }
          return acc;
        }));
      }
      A result = null;
      for (Future<A> f : futures) {
        A a = f.get();
        result = result == null ? a : reducer.combine(result, a);
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reducing cube " + name, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } finally {
      pool.shutdownNow();
    }
  }

  @Override public void close() { source.close(); }
}
