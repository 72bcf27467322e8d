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
  void atomsOnAColourPictureFailsRatherThanGuessingCounts(@TempDir Path tmp) throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
    Path png = tmp.resolve("screenshot.png");
    javax.imageio.ImageIO.write(img, "png", png.toFile());
    StringWriter err = new StringWriter();
    int code = run(err, "atoms", png.toString(), "--out", tmp.resolve("a").toString());
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("screenshot.png").contains("holds no Image").contains("A colour rendering holds no counts")
        .doesNotContain("\tat ");
    assertThat(tmp.resolve("a")).doesNotExist();
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
