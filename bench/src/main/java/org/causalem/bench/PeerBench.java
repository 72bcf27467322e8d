package org.causalem.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.causalem.bayes.GaussianProcess;
import org.causalem.bayes.GpModel;
import org.causalem.bayes.Kernel;
import org.causalem.causal.DirectLingam;
import org.causalem.causal.LingamResult;
import org.causalem.data.Axis;
import org.causalem.data.Metadata;
import org.causalem.data.Pixels;
import org.causalem.data.SpectrumImage;
import org.causalem.io.TableReader;
import org.causalem.spectra.Decomposition;
import org.causalem.spectra.Nmf;
import org.causalem.spectra.Pca;
import org.causalem.table.DescriptorTable;

/**
 * CausalEM's side of {@code bench/peers/run.sh}: the same generated data as the Python peers.
 * <pre>
 * java -cp bench/target/benchmarks.jar org.causalem.bench.PeerBench read DIR          # first table read in this JVM
 * java -cp bench/target/benchmarks.jar org.causalem.bench.PeerBench all DIR ROUNDS    # EELS PCA + NMF, DirectLiNGAM, GP
 * java -cp bench/target/benchmarks.jar org.causalem.bench.PeerBench eels DIR ROUNDS   # EELS PCA + NMF only
 * </pre>
 * Writes {@code DIR/causalem*.json} and the factors as {@code .npy} for the report's correlations.
 */
public final class PeerBench {
  private PeerBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[1]);
    if (args[0].equals("read")) {
      long t0 = System.nanoTime();
      TableReader.Result r = TableReader.read(dir.resolve("sem.csv"));
      double s = (System.nanoTime() - t0) / 1e9;
      Files.writeString(dir.resolve("causalem_read.json"), String.format(Locale.ROOT, "{\"read_s\": %.6f, \"rows\": %d, \"cols\": %d}%n",
          s, r.table().rows(), r.table().names().size()));
      return;
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    StringBuilder json = new StringBuilder("{");
    eels(dir, rounds, json);
    if (args[0].equals("eels")) {
      Files.writeString(dir.resolve("causalem_eels.json"), json.append("}\n").toString());
      return;
    }

    DescriptorTable sem = TableReader.read(dir.resolve("sem.csv")).table();
    int[][] truth = readAdjacency(dir.resolve("sem_true_adjacency.csv"));
    double lingamS = Double.POSITIVE_INFINITY;
    LingamResult lr = null;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      lr = new DirectLingam(DirectLingam.Options.defaults()).fit(sem);
      lingamS = Math.min(lingamS, (System.nanoTime() - t0) / 1e9);
    }
    int p = truth.length;
    int[][] est = new int[p][p];
    for (LingamResult.WeightedEdge e : lr.edges()) if (Math.abs(e.coefficient()) > 0.1) est[e.to()][e.from()] = 1;
    json.append(String.format(Locale.ROOT, ", \"lingam_s\": %.6f, \"lingam_shd\": %d", lingamS, shd(est, truth)));

    List<double[]> g = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("gp.csv")).subList(1, 1601)) {
      String[] f = line.split(",");
      g.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
    }
    double[][] xtr = new double[800][];
    double[] ytr = new double[800];
    double[][] xte = new double[800][];
    for (int i = 0; i < 800; i++) {
      xtr[i] = new double[] {g.get(i)[0], g.get(i)[1]};
      ytr[i] = g.get(i)[2];
      xte[i] = new double[] {g.get(800 + i)[0], g.get(800 + i)[1]};
    }
    double gpS = Double.POSITIVE_INFINITY;
    GpModel model = null;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      model = GaussianProcess.fit(xtr, ytr, new GaussianProcess.Options(Kernel.MATERN52, true, 3, 200, 800, Double.POSITIVE_INFINITY, 1));
      gpS = Math.min(gpS, (System.nanoTime() - t0) / 1e9);
    }
    double[] pred = model.predict(xte).mean();
    double se = 0;
    for (int i = 0; i < 800; i++) se += Math.pow(pred[i] - g.get(800 + i)[2], 2);
    json.append(String.format(Locale.ROOT, ", \"gp_s\": %.6f, \"gp_test_rmse\": %.6f}%n", gpS, Math.sqrt(se / 800)));
    Files.writeString(dir.resolve("causalem_all.json"), json.toString());
  }

  /** PCA(3) and NMF(3) of {@code DIR/eels_cube.npy}, best of {@code rounds}; their factors as .npy, their times into {@code json}. */
  private static void eels(Path dir, int rounds, StringBuilder json) throws IOException {
    SpectrumImage si = readCube(dir.resolve("eels_cube.npy"));
    Decomposition pca = null;
    Decomposition nmf = null;
    double pcaS = Double.POSITIVE_INFINITY;
    double nmfS = Double.POSITIVE_INFINITY;
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      pca = new Pca(Pca.Options.of(3, 1)).fit(si);
      double s = (System.nanoTime() - t0) / 1e9;
      pcaS = Math.min(pcaS, s);
      t0 = System.nanoTime();
      nmf = new Nmf(Nmf.Options.of(3, 1)).fit(si);
      double sn = (System.nanoTime() - t0) / 1e9;
      nmfS = Math.min(nmfS, sn);
      System.err.printf(Locale.ROOT, "round %d: PCA (%s) %.3f s, NMF %.3f s (%d iterations, converged %s)%n", r, pca.method(), s, sn,
          nmf.iterations(), nmf.converged());
    }
    writeNpy(dir.resolve("causalem_pca_factors.npy"), pca.factors());
    writeNpy(dir.resolve("causalem_pca_mean.npy"), new float[][] {pca.mean()});
    writeNpy(dir.resolve("causalem_nmf_factors.npy"), nmf.factors());
    json.append(String.format(Locale.ROOT, "\"pca_s\": %.6f, \"nmf_s\": %.6f, \"nmf_iterations\": %d", pcaS, nmfS, nmf.iterations()));
  }

  private static int shd(int[][] a, int[][] b) {
    int d = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) if (a[i][j] != b[i][j] || a[j][i] != b[j][i]) d++;
    }
    return d;
  }

  private static int[][] readAdjacency(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int[][] a = new int[lines.size()][];
    for (int i = 0; i < a.length; i++) {
      String[] f = lines.get(i).split(",");
      a[i] = new int[f.length];
      for (int j = 0; j < f.length; j++) a[i][j] = Integer.parseInt(f[j].trim());
    }
    return a;
  }

  /** A little-endian float32 C-order (y, x, energy) .npy cube as a spectrum image. */
  static SpectrumImage readCube(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(head, 0);
      int headerLen = head.getShort(8) & 0xffff;
      ByteBuffer hb = ByteBuffer.allocate(headerLen);
      ch.read(hb, 10);
      String header = new String(hb.array(), StandardCharsets.ISO_8859_1);
      if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) throw new IOException(file + ": expected a C-order <f4 array, got " + header);
      Matcher m = Pattern.compile("\\((\\d+), (\\d+), (\\d+)\\)").matcher(header);
      if (!m.find()) throw new IOException(file + ": expected a 3-d shape, got " + header);
      int ny = Integer.parseInt(m.group(1));
      int nx = Integer.parseInt(m.group(2));
      int c = Integer.parseInt(m.group(3));
      float[] px = new float[Math.multiplyExact(Math.multiplyExact(ny, nx), c)];
      ByteBuffer data = ByteBuffer.allocate(px.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      long pos = 10 + headerLen;
      while (data.hasRemaining()) {
        int got = ch.read(data, pos);
        if (got < 0) throw new IOException(file + ": truncated");
        pos += got;
      }
      data.flip();
      data.asFloatBuffer().get(px);
      return new SpectrumImage("peers", Pixels.ofFloats(px), Axis.pixels("y", ny), Axis.pixels("x", nx),
          new Axis("energy", c, 100, 0.5, "eV"), Metadata.EMPTY);
    }
  }

  static void writeNpy(Path file, float[][] rows) throws IOException {
    int r = rows.length;
    int c = rows[0].length;
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + r + ", " + c + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + r * c * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.US_ASCII));
    for (float[] row : rows) for (float v : row) b.putFloat(v);
    Files.write(file, b.array());
  }
}
