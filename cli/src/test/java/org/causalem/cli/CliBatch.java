package org.causalem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs many command lines in one child JVM (whose current directory a test chooses): one command line per line of
 * the file given, arguments separated by tabs; prints {@code exit CODE FIRST-LINE-OF-STDERR} for each.
 */
final class CliBatch {
  private CliBatch() {}

  public static void main(String[] args) throws Exception {
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      StringWriter err = new StringWriter();
      int code = Main.run(line.split("\t", -1), new PrintWriter(new StringWriter()), new PrintWriter(err));
      System.out.println("exit " + code + " " + err.toString().lines().findFirst().orElse(""));
    }
  }
}
