package org.causalem.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.causalem.cli.Batch;
import org.causalem.cli.BatchTables;
import org.causalem.cli.UsageException;

/**
 * {@code causalem batch} on a Spark cluster: the driver checks and reserves DIR and decides which files need work
 * (exactly as the command does); each file is one task, which runs the workflow in the executor's JVM into {@code
 * DIR/NAME} on the shared file system; the driver then writes the combined CSV tables, summary.json, report.html and,
 * for each combined table, a Parquet dataset {@code DIR/parquet/TABLE/} with the file as a column.
 *
 * <pre>
 * spark-submit --class org.causalem.spark.SparkBatch causalem-spark.jar WORKFLOW INPUT... --out DIR [--force]
 *     [--retry-failed] [--threads N] [-- WORKFLOW OPTIONS]
 * </pre>
 *
 * Inputs and DIR must be on a file system every executor sees at the same path. Exit codes as the command's.
 */
public final class SparkBatch {
  private SparkBatch() {}

  /** What the command line gave. */
  record Args(String workflow, List<String> inputs, Path out, boolean force, boolean retryFailed, int threads,
              List<String> options, List<String> all) {
    static Args parse(String[] argv) {
      List<String> inputs = new ArrayList<>();
      List<String> options = new ArrayList<>();
      String workflow = null;
      Path out = null;
      boolean force = false;
      boolean retry = false;
      int threads = 1;
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        if (a.equals("--")) {
          options.addAll(List.of(argv).subList(i + 1, argv.length));
          break;
        }
        switch (a) {
          case "--out" -> out = Path.of(value(argv, ++i, a));
          case "--force" -> force = true;
          case "--retry-failed" -> retry = true;
          case "--threads" -> threads = threads(value(argv, ++i, a));
          default -> {
            if (a.startsWith("--")) throw new IllegalArgumentException("unknown option " + a + "; expected --out, --force, --retry-failed, --threads or -- before the workflow's options");
            if (workflow == null) workflow = a;
            else inputs.add(a);
          }
        }
      }
      if (workflow == null || inputs.isEmpty() || out == null) {
        throw new IllegalArgumentException("usage: SparkBatch WORKFLOW INPUT... --out DIR [--force] [--retry-failed] [--threads N] [-- OPTIONS]");
      }
      return new Args(workflow, inputs, out, force, retry, threads, options, List.of(argv));
    }

    private static String value(String[] argv, int i, String option) {
      if (i >= argv.length) throw new IllegalArgumentException(option + " needs a value");
      return argv[i];
    }

    private static int threads(String s) {
      int t;
      try {
        t = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--threads " + s + ": not a whole number; expected 1..1024");
      }
      if (t < 1 || t > 1024) throw new IllegalArgumentException("--threads " + t + ": expected 1..1024");
      return t;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a;
    try {
      a = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("causalem spark batch: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code;
    try (SparkSession spark = SparkSession.builder().appName("causalem batch " + a.workflow()).getOrCreate()) {
      code = run(spark, a, new PrintWriter(System.err, true));
    }
    System.exit(code);
  }

  /** Runs the batch on {@code spark}; returns the exit code (0, 4 when some files failed, 2 for a refused DIR). */
  public static int run(SparkSession spark, String workflow, List<String> inputs, Path out, List<String> options, PrintWriter err)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(workflow));
    all.addAll(inputs);
    all.addAll(List.of("--out", out.toString()));
    if (!options.isEmpty()) {
      all.add("--");
      all.addAll(options);
    }
    return run(spark, new Args(workflow, inputs, out, false, false, 1, List.copyOf(options), all), err);
  }

  static int run(SparkSession spark, Args a, PrintWriter err) throws Exception {
    Batch.Session s;
    try {
      s = Batch.Session.open(a.workflow(), a.inputs(), a.options(), a.out(), a.force(), a.retryFailed(), a.all());
    } catch (UsageException e) {
      err.println("causalem spark batch: " + e.getMessage());
      return 2;
    }
    try (s) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      s.runner("runner", "spark " + spark.version() + " " + jsc.master());
      s.runner("threads_per_task", a.threads());
      List<Batch.Item> todo = s.todo();
      long t0 = System.nanoTime();
      List<Batch.Outcome> outcomes = new ArrayList<>();
      if (!todo.isEmpty()) {
        String workflow = a.workflow();
        String dir = s.dir().toString();
        List<String> options = List.copyOf(a.options());
        boolean force = a.force();
        int threads = a.threads();
        // one partition per file: Spark schedules, retries and reports per file
        outcomes.addAll(jsc.parallelize(todo, todo.size())
            .map(it -> Batch.runOne(workflow, it.file(), Path.of(dir), it.name(), options, force, threads))
            .collect());
      }
      s.runner("tasks_s", (System.nanoTime() - t0) / 1e9);
      return s.finish(outcomes, (dir, tables) -> {
        long t1 = System.nanoTime();
        parquet(spark, dir, tables);
        s.runner("parquet_s", (System.nanoTime() - t1) / 1e9);
      }, err, false);
    }
  }

  /**
   * Each combined CSV as Parquet in {@code DIR/parquet/NAME/} (types read off the values), replacing an earlier one; one
   * made from the same CSV bytes (its SHA-256 kept in {@code _causalem_source_sha256}) is kept as it is.
   */
  static void parquet(SparkSession spark, Path dir, List<Path> tables) throws Exception {
    Path root = dir.resolve("parquet");
    for (Path t : tables) {
      String name = t.getFileName().toString().replaceFirst("\\.csv$", "");
      Path target = root.resolve(name);
      Path source = target.resolve("_causalem_source_sha256"); // Spark's readers skip names starting with '_'
      String sha = sha256(t);
      if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && Files.readString(source).strip().equals(sha)) continue;
      // DIR was checked to hold only CausalEM's files: an earlier parquet/ is this batch's own
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) deleteTree(target);
      spark.read().option("header", "true").schema(schema(t)).option("multiLine", "true").option("escape", "\"")
          .option("mode", "FAILFAST").csv(t.toUri().toString())
          .write().parquet(target.toUri().toString());
      Files.writeString(source, sha + "\n");
    }
  }

  /**
   * The columns' types, read off the values in one pass (cheaper than Spark's inference, which parses the file twice):
   * long when every value is a whole number, double when every value is a number or NaN, else string; empty is null.
   */
  static StructType schema(Path csv) throws java.io.IOException {
    try (java.io.Reader r = Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8)) {
      List<String> header = BatchTables.next(r);
      int n = header.size();
      boolean[] notLong = new boolean[n];
      boolean[] notDouble = new boolean[n];
      List<String> row;
      while ((row = BatchTables.next(r)) != null) {
        for (int c = 0; c < n && c < row.size(); c++) {
          String v = row.get(c);
          if (v.isEmpty() || notDouble[c]) continue;
          if (!notLong[c] && !v.matches("[-+]?[0-9]{1,18}")) notLong[c] = true;
          if (notLong[c] && !v.equals("NaN") && !v.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) notDouble[c] = true;
        }
      }
      StructField[] fields = new StructField[n];
      for (int c = 0; c < n; c++) {
        DataType type = notDouble[c] ? DataTypes.StringType : notLong[c] ? DataTypes.DoubleType : DataTypes.LongType;
        fields[c] = DataTypes.createStructField(header.get(c), type, true);
      }
      return DataTypes.createStructType(fields);
    }
  }

  private static String sha256(Path f) throws Exception {
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    try (java.io.InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
