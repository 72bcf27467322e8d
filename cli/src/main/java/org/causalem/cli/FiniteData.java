package org.causalem.cli;

import java.nio.file.Path;
import org.causalem.data.DataCube4D;
import org.causalem.data.Image;
import org.causalem.data.SpectrumImage;

/** Forwards to {@link org.causalem.workflow.FiniteData} (moved to core so the workflows refuse non-finite data). */
final class FiniteData {
  private FiniteData() {}

  static void require(Path file, Image img) { org.causalem.workflow.FiniteData.require(file, img); }

  static void require(Path file, SpectrumImage si) { org.causalem.workflow.FiniteData.require(file, si); }

  static void require(Path file, DataCube4D cube) { org.causalem.workflow.FiniteData.require(file, cube); }
}
