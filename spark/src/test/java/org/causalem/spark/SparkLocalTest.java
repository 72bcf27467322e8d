package org.causalem.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.causalem.cli.Batch;
import org.causalem.cli.Main;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Progress;
import org.causalem.fourd.CubeMaps;
import org.causalem.fourd.CubeScan;
import org.causalem.fourd.FourdPipeline;
import org.causalem.io.Json;
import org.causalem.io.NpyWriter;
import org.causalem.io.Readers;
import org.causalem.simulate.HaadfRenderer;
import org.causalem.simulate.PerovskiteSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark jobs on {@code local[2]}: the batch equals the command's, the split 4D reduction equals the single-machine one. */
class SparkLocalTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("causalem-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
  }

  static void image(Path file, long seed) throws IOException {
    PerovskiteSimulator.Options o = PerovskiteSimulator.Options.uniform(5, 5, 20, 19.5, HaadfRenderer.Options.defaults(seed));
    NpyWriter.write(file, new PerovskiteSimulator(o).simulate().image());
  }

  @Test
  void theBatchOnSparkGivesThePerFileResultsOfTheBatchCommandAndParquetTables() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    for (int i = 0; i < 4; i++) {
      Path f = data.resolve("img_" + i + ".npy");
      if (i == 2) Files.writeString(f, "not an image");
      else image(f, 40 + i);
    }
    Path viaCli = tmp.resolve("cli");
    StringWriter cliErr = new StringWriter();
    int cliCode = Main.run(new String[] {"batch", "atoms", data.toString(), "--out", viaCli.toString(), "--quiet", "--", "--lattice", "perovskite"},
        new PrintWriter(new StringWriter()), new PrintWriter(cliErr));
    assertThat(cliCode).as(cliErr.toString()).isEqualTo(Batch.SOME_FAILED);

    Path viaSpark = tmp.resolve("spark");
    StringWriter err = new StringWriter();
    long t0 = System.nanoTime();
    int code = SparkBatch.run(spark, "atoms", List.of(data.toString()), viaSpark, List.of("--lattice", "perovskite"), new PrintWriter(err, true));
    System.out.printf(Locale.ROOT, "spark batch of 4 files on local[2]: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    assertThat(code).as(err.toString()).isEqualTo(Batch.SOME_FAILED);
    JsonNode a = Json.mapper().readTree(viaCli.resolve("summary.json").toFile());
    JsonNode b = Json.mapper().readTree(viaSpark.resolve("summary.json").toFile());
    System.out.println("spark batch: " + b.path("runner") + "; the command: " + a.path("wall_s") + " s");
    assertThat(b.path("counts")).isEqualTo(a.path("counts"));
    assertThat(b.path("tables")).isEqualTo(a.path("tables"));
    for (int i = 0; i < 4; i++) {
      assertThat(b.path("files").get(i).path("status").asText()).isEqualTo(a.path("files").get(i).path("status").asText());
      assertThat(b.path("files").get(i).path("outputs")).isEqualTo(a.path("files").get(i).path("outputs"));
      if (i == 2) continue;
      for (String f : List.of("atoms.csv", "cells.csv", "sites.csv")) {
        assertThat(Files.readString(viaSpark.resolve("img_" + i + "_npy").resolve(f))).as(i + " " + f)
            .isEqualTo(Files.readString(viaCli.resolve("img_" + i + "_npy").resolve(f)));
      }
    }
    List<String> combined = Files.readAllLines(viaCli.resolve("cells.csv"));
    assertThat(Files.readAllLines(viaSpark.resolve("cells.csv"))).isEqualTo(combined);
    // Parquet: one row per row of the combined table, the file as a column, numbers as numbers
    Dataset<Row> cells = spark.read().parquet(viaSpark.resolve("parquet").resolve("cells").toUri().toString());
    assertThat(cells.count()).isEqualTo(combined.size() - 1);
    assertThat(cells.columns()[0]).isEqualTo("file");
    assertThat(cells.schema().apply("a_px").dataType().typeName()).isEqualTo("double");
    Set<String> files = new HashSet<>();
    for (Row r : cells.select("file").distinct().collectAsList()) files.add(r.getString(0));
    assertThat(files).hasSize(3).allMatch(f -> f.startsWith(data.toString()));
    // resumable on Spark too: nothing to do the second time
    StringWriter err2 = new StringWriter();
    assertThat(SparkBatch.run(spark, "atoms", List.of(data.toString()), viaSpark, List.of("--lattice", "perovskite"), new PrintWriter(err2, true)))
        .isEqualTo(Batch.SOME_FAILED);
    assertThat(err2.toString()).contains("3 done earlier").contains("0 analysed");
    JsonNode again = Json.mapper().readTree(viaSpark.resolve("summary.json").toFile());
    System.out.println("spark batch, rerun: " + again.path("runner"));
    assertThat(spark.read().parquet(viaSpark.resolve("parquet").resolve("cells").toUri().toString()).count()).isEqualTo(combined.size() - 1);
  }

  // ------------------------------------------------------------------ the distributed 4D reduction

  static final int SY = 64;
  static final int SX = 128;
  static final int Q = 256;
  static final int ROW0 = 110;
  static final int ROWS = 38;

  /** The counts of pattern (ry, rx) at detector pixel (x, y) of rows ROW0..ROW0+ROWS: a disk that moves, and a ring. */
  static int counts(int ry, int rx, int x, int y) {
    double cx = 128 + (rx % 5) - 2;
    double cy = 128 + (ry % 3) - 1;
    double r = Math.hypot(x - cx, y - cy);
    if (r <= 8) return 50 + (rx + 3 * ry) % 40;
    if (r >= 14 && r <= 16) return 1 + (rx * ry) % 5;
    return 0;
  }

  /** A (64, 128, 256, 256) uint16 NPY cube of 1 GiB, written sparse: only the detector rows holding counts. */
  static Path cube(Path file) throws IOException {
    String dict = "{'descr': '<u2', 'fortran_order': False, 'shape': (" + SY + ", " + SX + ", " + Q + ", " + Q + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer h = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
    h.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.US_ASCII)).flip();
    long frame = (long) Q * Q * 2;
    long start = h.remaining();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(h, 0);
      ByteBuffer band = ByteBuffer.allocate(ROWS * Q * 2).order(ByteOrder.LITTLE_ENDIAN);
      for (int ry = 0; ry < SY; ry++) {
        for (int rx = 0; rx < SX; rx++) {
          band.clear();
          for (int y = ROW0; y < ROW0 + ROWS; y++) for (int x = 0; x < Q; x++) band.putShort((short) counts(ry, rx, x, y));
          band.flip();
          ch.write(band, start + ((long) ry * SX + rx) * frame + (long) ROW0 * Q * 2);
        }
      }
      // the last bytes, so the file has its full size (a hole before them)
      ch.write(ByteBuffer.allocate(2), start + (long) SY * SX * frame - 2);
    }
    return file;
  }

  @Test
  void theDistributedReductionOfAGibCubeEqualsTheSingleMachineMapsExactly() throws Exception {
    long t0 = System.nanoTime();
    Path file = cube(tmp.resolve("cube.npy"));
    assertThat(Files.size(file)).isGreaterThanOrEqualTo(1L << 30);
    double made = (System.nanoTime() - t0) / 1e9;

    // single machine: the fourd workflow's detectors and streaming pass over the whole cube
    CubeMaps one;
    List<String> names = List.of("bf", "adf");
    long t1 = System.nanoTime();
    try (DataFile df = Readers.open(file)) {
      DataCube4D c = df.first(DataCube4D.class);
      one = new CubeScan(new CubeScan.Options(FourdPipeline.detectors(c, names), null, false)).scan(c, 2, Progress.NONE);
    }
    double single = (System.nanoTime() - t1) / 1e9;

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long t2 = System.nanoTime();
    Path out = tmp.resolve("maps");
    SparkFourd.Maps split = SparkFourd.write(jsc, file, out, names, 6, 1, false, List.of(file.toString(), "--out", out.toString()),
        new PrintWriter(new StringWriter()));
    double distributed = (System.nanoTime() - t2) / 1e9;
    System.out.printf(Locale.ROOT, "1 GiB cube: written sparse in %.1f s; single machine %.1f s; Spark local[2], 6 bands: %.1f s%n",
        made, single, distributed);

    assertThat(split.partitions()).isEqualTo(6);
    assertThat(split.virtual().keySet()).containsExactlyInAnyOrder("bf", "adf");
    for (String n : names) assertThat(split.virtual().get(n)).as(n).isEqualTo(one.virtual().get(n));
    assertThat(split.comX()).isEqualTo(one.comX());
    assertThat(split.comY()).isEqualTo(one.comY());
    assertThat(split.total()).isEqualTo(one.total());
    // and the maps are right: the total counts and the centre of mass from the generator, position by position
    for (int ry = 0; ry < SY; ry += 7) {
      for (int rx = 0; rx < SX; rx += 5) {
        long sum = 0;
        long mx = 0;
        long my = 0;
        for (int y = ROW0; y < ROW0 + ROWS; y++) {
          for (int x = 0; x < Q; x++) {
            int c = counts(ry, rx, x, y);
            sum += c;
            mx += (long) x * c;
            my += (long) y * c;
          }
        }
        int p = ry * SX + rx;
        assertThat((double) split.total()[p]).isEqualTo((double) sum);
        assertThat((double) split.comX()[p]).isCloseTo((double) mx / sum, org.assertj.core.data.Offset.offset(1e-3));
        assertThat((double) split.comY()[p]).isCloseTo((double) my / sum, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(split.virtual().get("bf")[p]).isGreaterThan(0f);
      }
    }
    // the written maps are those of the fourd command on the same cube
    Path fourd = tmp.resolve("fourd");
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"fourd", file.toString(), "--virtual", "bf,adf", "--quiet", "--out", fourd.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).as(err.toString()).isZero();
    for (String n : names) {
      assertThat(floats(out.resolve("virtual_" + n + ".npy"))).as(n).isEqualTo(floats(fourd.resolve("virtual_" + n + ".npy")));
    }
    assertThat(floats(out.resolve("com_x.npy"))).isEqualTo(one.comX());
    assertThat(Files.exists(out.resolve("run.json"))).isTrue();
  }

  /** The values of a little-endian float32 NPY file. */
  static float[] floats(Path npy) throws IOException {
    byte[] all = Files.readAllBytes(npy);
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen = b.getShort(8) & 0xffff;
    String header = new String(all, 10, headerLen, StandardCharsets.US_ASCII);
    assertThat(header).contains("'<f4'");
    b.position(10 + headerLen);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }

  static List<String> lines(Path p) throws IOException { return new ArrayList<>(Files.readAllLines(p)); }
}
