package org.causalem.spark;

import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.causalem.cli.Batch;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Progress;
import org.causalem.fourd.CubeMaps;
import org.causalem.fourd.CubeScan;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.VirtualDetector;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.io.Readers;

/**
 * The 4D-STEM reduction of one large cube split over a Spark cluster by scan rows: the driver finds the probe and the
 * virtual detectors on the same sampled frames as {@code causalem fourd}; each task opens the cube on the shared file
 * system (memory-mapped, nothing copied), takes a band of scan rows and runs the same streaming pass ({@link CubeScan})
 * on it; the driver puts the bands together. Every value of a scan position comes from its own pattern alone, by the
 * same code, so the maps equal the single-machine ones exactly.
 *
 * <pre>
 * spark-submit --class org.causalem.spark.SparkFourd causalem-spark.jar CUBE --out DIR [--virtual bf,adf]
 *     [--partitions N] [--threads N] [--force]
 * </pre>
 *
 * Writes {@code virtual_<det>.npy}, {@code com_x.npy}, {@code com_y.npy} (centre of mass in detector px, NaN for an empty
 * pattern), {@code total.npy} (counts per pattern), summary.json and run.json into DIR.
 */
public final class SparkFourd {
  private SparkFourd() {}

  /** A virtual detector as it travels to the executors. */
  record Detector(String name, int detX, int detY, int[] indices, float[] weights) implements Serializable {
    static Detector of(VirtualDetector d) { return new Detector(d.name(), d.detX(), d.detY(), d.indices(), d.weights()); }

    VirtualDetector detector() { return new VirtualDetector(name, detX, detY, indices, weights); }
  }

  /** The maps of scan rows [from, to), row-major. */
  record Band(int from, int to, String[] names, float[][] virtual, float[] comX, float[] comY, float[] total) implements Serializable {}

  /** The assembled maps (scanY × scanX, row-major). */
  public record Maps(int scanX, int scanY, Map<String, float[]> virtual, float[] comX, float[] comY, float[] total, int partitions) {}

  /**
   * Reduces {@code cube} (any format the readers memory-map or decode; the first 4-D cube of the file) over {@code
   * partitions} bands of scan rows.
   *
   * @param names named virtual detectors ({@link FourdPipeline#DETECTOR_NAMES}); those beyond the detector are left out
   * @param threads threads per task
   */
  public static Maps reduce(JavaSparkContext jsc, Path cube, List<String> names, int partitions, int threads) throws Exception {
    List<Detector> detectors = new ArrayList<>();
    int sx;
    int sy;
    try (DataFile df = Readers.open(cube)) {
      DataCube4D c = df.first(DataCube4D.class);
      sx = c.scanX();
      sy = c.scanY();
      for (VirtualDetector d : FourdPipeline.detectors(c, names)) detectors.add(Detector.of(d));
    }
    int parts = Math.max(1, Math.min(partitions, sy));
    List<int[]> bands = new ArrayList<>();
    for (int p = 0; p < parts; p++) bands.add(new int[] {(int) ((long) sy * p / parts), (int) ((long) sy * (p + 1) / parts)});
    String file = cube.toAbsolutePath().toString();
    List<Band> done = jsc.parallelize(bands, parts).map(b -> band(file, b[0], b[1], detectors, threads)).collect();
    int n = sx * sy;
    Map<String, float[]> virtual = new LinkedHashMap<>();
    for (Detector d : detectors) virtual.put(d.name(), new float[n]);
    float[] comX = new float[n];
    float[] comY = new float[n];
    float[] total = new float[n];
    for (Band b : done) {
      int at = b.from() * sx;
      int len = (b.to() - b.from()) * sx;
      for (int d = 0; d < b.names().length; d++) System.arraycopy(b.virtual()[d], 0, virtual.get(b.names()[d]), at, len);
      System.arraycopy(b.comX(), 0, comX, at, len);
      System.arraycopy(b.comY(), 0, comY, at, len);
      System.arraycopy(b.total(), 0, total, at, len);
    }
    return new Maps(sx, sy, virtual, comX, comY, total, parts);
  }

  /** One task: the streaming pass over scan rows [from, to) of the cube in {@code file}. */
  static Band band(String file, int from, int to, List<Detector> detectors, int threads) throws Exception {
    List<VirtualDetector> dets = new ArrayList<>();
    for (Detector d : detectors) dets.add(d.detector());
    try (DataFile df = Readers.open(Path.of(file))) {
      DataCube4D rows = df.first(DataCube4D.class).rows(from, to);
      CubeMaps m = new CubeScan(new CubeScan.Options(dets, null, false)).scan(rows, threads, Progress.NONE);
      String[] names = new String[dets.size()];
      float[][] v = new float[dets.size()][];
      for (int d = 0; d < dets.size(); d++) {
        names[d] = dets.get(d).name();
        v[d] = m.virtual().get(names[d]);
      }
      return new Band(from, to, names, v, m.comX(), m.comY(), m.total());
    }
  }

  public static void main(String[] argv) throws Exception {
    Path cube = null;
    Path out = null;
    List<String> names = List.of("bf", "adf");
    int partitions = 0;
    int threads = 1;
    boolean force = false;
    try {
      for (int i = 0; i < argv.length; i++) {
        switch (argv[i]) {
          case "--out" -> out = Path.of(argv[++i]);
          case "--virtual" -> names = List.of(argv[++i].split(","));
          case "--partitions" -> partitions = Integer.parseInt(argv[++i]);
          case "--threads" -> threads = Integer.parseInt(argv[++i]);
          case "--force" -> force = true;
          default -> {
            if (argv[i].startsWith("--") || cube != null) throw new IllegalArgumentException("unexpected argument " + argv[i]);
            cube = Path.of(argv[i]);
          }
        }
      }
      if (cube == null || out == null) throw new IllegalArgumentException("usage: SparkFourd CUBE --out DIR [--virtual bf,adf] [--partitions N] [--threads N] [--force]");
      for (String n : names) if (!FourdPipeline.DETECTOR_NAMES.contains(n)) throw new IllegalArgumentException("--virtual " + n + ": expected one of " + FourdPipeline.DETECTOR_NAMES);
      if (partitions < 0 || partitions > 1_000_000) throw new IllegalArgumentException("--partitions " + partitions + ": expected 1..1000000 (0: the default parallelism)");
      if (threads < 1 || threads > 1024) throw new IllegalArgumentException("--threads " + threads + ": expected 1..1024");
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      System.err.println("causalem spark fourd: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
      System.exit(2);
      return;
    }
    int code = 0;
    try (SparkSession spark = SparkSession.builder().appName("causalem fourd " + cube.getFileName()).getOrCreate()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      write(jsc, cube, out, names, partitions == 0 ? jsc.defaultParallelism() : partitions, threads, force, List.of(argv),
          new PrintWriter(System.err, true));
    } catch (BadInputException e) {
      System.err.println("causalem spark fourd: " + e.getMessage());
      code = 3;
    } catch (org.causalem.cli.UsageException e) {
      System.err.println("causalem spark fourd: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  /** Reduces {@code cube} and writes the maps into {@code out} with every rule of {@code --out}. */
  public static Maps write(JavaSparkContext jsc, Path cube, Path out, List<String> names, int partitions, int threads,
      boolean force, List<String> args, PrintWriter err) throws Exception {
    Maps[] result = new Maps[1];
    Batch.writeOutput(out, force, "causalem spark-fourd", args, List.of(cube), err, (dir, run) -> {
      run.input(cube);
      run.parameter("virtual", names);
      run.parameter("partitions", partitions);
      run.parameter("threads_per_task", threads);
      Maps m = run.step("reduce", () -> reduce(jsc, cube, names, partitions, threads));
      for (Map.Entry<String, float[]> e : m.virtual().entrySet()) NpyWriter.write(dir.resolve("virtual_" + e.getKey() + ".npy"), e.getValue(), m.scanY(), m.scanX());
      NpyWriter.write(dir.resolve("com_x.npy"), m.comX(), m.scanY(), m.scanX());
      NpyWriter.write(dir.resolve("com_y.npy"), m.comY(), m.scanY(), m.scanX());
      NpyWriter.write(dir.resolve("total.npy"), m.total(), m.scanY(), m.scanX());
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("input", cube.toString());
      summary.put("scan", new int[] {m.scanX(), m.scanY()});
      summary.put("virtual", new ArrayList<>(m.virtual().keySet()));
      summary.put("partitions", m.partitions());
      summary.put("spark_master", jsc.master());
      Json.write(dir.resolve("summary.json"), summary);
      result[0] = m;
    });
    return result[0];
  }
}
