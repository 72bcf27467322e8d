package org.causalem.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of the README's "Java API" section compile against the library and run: each fenced
 * {@code java} block (its {@code import} lines, then statements) becomes the body of a {@code main} method,
 * is compiled with the system Java compiler on the test class path, run, and must print a result.
 */
class ReadmeJavaApiTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  /** The fenced java blocks of the README section headed {@code ## Java API}. */
  static List<String> examples(String readme) {
    int start = readme.indexOf("\n## Java API\n");
    assertThat(start).as("README has a '## Java API' section").isPositive();
    int end = readme.indexOf("\n## ", start + 1);
    Matcher m = BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<String> out = new ArrayList<>();
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /** A compilation unit: the block's imports, then its statements inside {@code public static void main}. */
  static String program(String className, String block) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : block.split("\n")) (line.startsWith("import ") ? imports : body).append(line).append('\n');
    return imports + "public class " + className + " {\n  public static void main(String[] args) throws Exception {\n" + body + "  }\n}\n";
  }

  @Test
  void everyExampleOfTheJavaApiSectionCompilesAndRuns(@TempDir Path tmp) throws Exception {
    List<String> blocks = examples(Files.readString(readme(), StandardCharsets.UTF_8));
    assertThat(blocks).as("ferroic, transition, multimodal and discover examples").hasSizeGreaterThanOrEqualTo(4);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK compiler").isNotNull();
    List<String> files = new ArrayList<>();
    for (int k = 0; k < blocks.size(); k++) {
      Path f = tmp.resolve("Example" + k + ".java");
      Files.writeString(f, program("Example" + k, blocks.get(k)));
      files.add(f.toString());
    }
    List<String> args = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-d", tmp.toString(), "-proc:none"));
    args.addAll(files);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
    assertThat(rc).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
      for (int k = 0; k < blocks.size(); k++) {
        String printed = runMain(loader.loadClass("Example" + k).getMethod("main", String[].class));
        assertThat(printed).as("example " + k + " printed its result:\n" + blocks.get(k)).isNotBlank();
      }
    }
  }

  @Test
  void theHarnessTurnsABlockIntoAProgram() {
    String readme = "# x\n## Java API\n```java\nimport java.util.List;\nSystem.out.println(List.of(1));\n```\n## Other\n```java\nno\n```\n";
    List<String> blocks = examples(readme);
    assertThat(blocks).containsExactly("import java.util.List;\nSystem.out.println(List.of(1));\n");
    assertThat(program("E", blocks.get(0))).startsWith("import java.util.List;\npublic class E {").contains("  public static void main");
  }

  /** Runs {@code main} with System.out captured; returns what it printed. */
  private static String runMain(Method main) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.invoke(null, (Object) new String[0]);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    } finally {
      System.setOut(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static Path readme() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("core"))) return dir.resolve("README.md");
    }
    throw new IOException("README.md not found above " + Path.of("").toAbsolutePath());
  }
}
