package org.causalem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No method, constructor or initializer in main code (core, cli, bench) is longer than {@value #MAX_LINES} lines,
 * counted from the line of its name to the line of its closing brace. A small source scanner: comments and
 * literals are blanked, then every block opened directly inside a type body is measured.
 */
class MethodLengthTest {
  static final int MAX_LINES = 100;

  /**
   * Files other helpers are restructuring in this session; the lead empties this list once their branches are
   * merged and their long methods split.
   */
  static final Set<String> ALLOWED = Set.of();

  /** A method of {@code lines} lines starting at {@code line} of {@code file}. */
  record Method(String file, String name, int line, int lines) {
    @Override public String toString() { return file + ":" + line + " " + name + " (" + lines + " lines)"; }
  }

  @Test
  void noMainMethodIsLongerThanTheLimit() {
    Path repo = Paths.get("").toAbsolutePath();
    while (repo != null && !Files.isDirectory(repo.resolve("core/src/main/java"))) repo = repo.getParent();
    assertTrue(repo != null, "repository root not found above " + Paths.get("").toAbsolutePath());
    List<Method> tooLong = new ArrayList<>();
    for (String module : List.of("core", "cli", "bench")) {
      Path src = repo.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(src)) continue;
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          String name = f.getFileName().toString();
          if (ALLOWED.contains(name)) continue;
          for (Method m : methods(name, Files.readString(f))) if (m.lines() > MAX_LINES) tooLong.add(m);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertEquals(List.of(), tooLong, "methods over " + MAX_LINES + " lines: split them into well-named steps");
  }

  @Test
  void scannerMeasuresMethodsAndSkipsLiteralsAndComments() {
    String src = """
        class A {
          /* { */ int f() {
            String s = "}{";
            char c = '{';
            // }
            return 1;
          }
          static class B {
            void g() { }
          }
          static { int x = 0; }
        }
        """;
    assertEquals(List.of(new Method("A.java", "f", 2, 6), new Method("A.java", "g", 9, 1),
        new Method("A.java", "static", 11, 1)), methods("A.java", src));
  }

  private static final Pattern TYPE = Pattern.compile("\\b(class|interface|enum|record)\\b");
  private static final Pattern NAME = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*(\\(|$)");

  private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\s*\\([^()]*\\))?");

  /** Whether a header declares a type: a class, interface or enum keyword with no parameter list after it, or a record. */
  private static boolean isTypeHeader(String decl) {
    Matcher m = TYPE.matcher(decl);
    int at = -1;
    String keyword = null;
    while (m.find()) { at = m.end(); keyword = m.group(1); }
    if (keyword == null) return false;
    return keyword.equals("record") || decl.indexOf('(', at) < 0;
  }

  /** Every block opened directly inside a type body, with its first and last line. */
  static List<Method> methods(String file, String source) {
    char[] s = blank(source);
    List<Method> out = new ArrayList<>();
    Deque<Boolean> typeBody = new ArrayDeque<>(); // for each open brace: is it a type body?
    Deque<int[]> starts = new ArrayDeque<>();     // for each open brace: start line of the member, or -1
    Deque<String> names = new ArrayDeque<>();
    int line = 1;
    int headerStart = 0;
    for (int i = 0; i < s.length; i++) {
      char c = s[i];
      if (c == '\n') line++;
      else if (c == ';') headerStart = i + 1;
      else if (c == '{') {
        String header = new String(s, headerStart, i - headerStart);
        boolean inType = !typeBody.isEmpty() && typeBody.peek();
        String decl = ANNOTATION.matcher(header).replaceAll(m -> " ".repeat(m.group().length()));
        boolean isType = isTypeHeader(decl);
        boolean member = inType && !isType && !decl.contains("=");
        if (member) {
          String h = decl.contains("(") ? decl.substring(0, decl.indexOf('(')) : decl;
          Matcher m = NAME.matcher(h.strip());
          String name = "?";
          while (m.find()) name = m.group(1);
          int nameAt = headerStart + Math.max(0, h.lastIndexOf(name));
          starts.push(new int[] {lineOf(s, nameAt)});
          names.push(name);
        } else {
          starts.push(new int[] {-1});
          names.push("");
        }
        typeBody.push(isType);
        headerStart = i + 1;
      } else if (c == '}') {
        if (typeBody.isEmpty()) continue;
        typeBody.pop();
        int start = starts.pop()[0];
        String name = names.pop();
        if (start > 0) out.add(new Method(file, name, start, line - start + 1));
        headerStart = i + 1;
      }
    }
    return out;
  }

  private static int lineOf(char[] s, int at) {
    int line = 1;
    for (int i = 0; i < at && i < s.length; i++) if (s[i] == '\n') line++;
    return line;
  }

  /** The source with comments, string, text-block and character literals replaced by spaces (newlines kept). */
  static char[] blank(String source) {
    char[] s = source.toCharArray();
    int i = 0;
    while (i < s.length) {
      if (s[i] == '/' && i + 1 < s.length && s[i + 1] == '/') {
        while (i < s.length && s[i] != '\n') s[i++] = ' ';
      } else if (s[i] == '/' && i + 1 < s.length && s[i + 1] == '*') {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? s.length : end + 2;
        while (i < end) { if (s[i] != '\n') s[i] = ' '; i++; }
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        while (end > 0 && source.charAt(end - 1) == '\\') end = source.indexOf("\"\"\"", end + 1);
        end = end < 0 ? s.length : end + 3;
        while (i < end) { if (s[i] != '\n') s[i] = ' '; i++; }
      } else if (s[i] == '"' || s[i] == '\'') {
        char q = s[i];
        s[i++] = ' ';
        while (i < s.length && s[i] != q && s[i] != '\n') {
          if (s[i] == '\\' && i + 1 < s.length) s[i++] = ' ';
          s[i++] = ' ';
        }
        if (i < s.length && s[i] == q) s[i++] = ' ';
      } else {
        i++;
      }
    }
    return s;
  }
}
