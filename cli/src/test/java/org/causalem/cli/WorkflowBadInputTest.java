package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The science commands fail cleanly on a file of the wrong kind: a message, exit 3, no output directory. */
class WorkflowBadInputTest {
  private static int run(StringWriter err, String... args) {
    return Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void ferroicOnASpectrumFails(@TempDir Path tmp) {
    Path spectrum = SharedData.real("EELS_STO.dm3");
    StringWriter err = new StringWriter();
    int code = run(err, "ferroic", spectrum.toString(), "--out", tmp.resolve("f").toString());
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("EELS_STO.dm3").contains("no image").doesNotContain("\tat ");
    assertThat(tmp.resolve("f")).doesNotExist();
  }

  @Test
  void transitionOnASingleImageFails(@TempDir Path tmp) {
    Path image = SharedData.real("SI-Survey_Image.dm3");
    StringWriter err = new StringWriter();
    int code = run(err, "transition", image.toString(), "--out", tmp.resolve("t").toString());
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("SI-Survey_Image.dm3").contains("no movie");
    assertThat(tmp.resolve("t")).doesNotExist();
  }

  @Test
  void ferroicOnATextFileFails(@TempDir Path tmp) throws Exception {
    Path text = tmp.resolve("notes.txt");
    Files.writeString(text, "not an image\n");
    StringWriter err = new StringWriter();
    int code = run(err, "ferroic", text.toString(), "--out", tmp.resolve("f").toString());
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("notes.txt").contains("unknown format");
    assertThat(tmp.resolve("f")).doesNotExist();
  }

  @Test
  void transitionNeedsAMovieOrASimulation(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    assertThat(run(err, "transition", "--out", tmp.resolve("t").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--simulate");
    assertThat(run(new StringWriter(), "transition", "--simulate", "volcano", "--out", tmp.resolve("t").toString())).isEqualTo(2);
    assertThat(tmp.resolve("t")).doesNotExist();
  }
}
