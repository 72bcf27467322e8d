package org.causalem.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encoding of rendered figures. */
public final class Figures {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Figures() {}

  /** PNG bytes of an image. */
  public static byte[] toPng(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer available");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
