package org.causalem.workflow;

import java.util.Objects;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.lattice.AtomsPipeline;
import org.causalem.lattice.AtomsResult;
import org.causalem.local.LocalCrystallography;

/**
 * Local crystallography of an atomic-resolution image: the atom columns ({@link AtomsPipeline}), then every column
 * described by its neighbourhood, decomposed (PCA) and classified (Gaussian mixture) per sublattice
 * ({@link LocalCrystallography}): order parameters, phases or domains, and walls.
 *
 * <pre>{@code
 * LocalAnalysis.Result r = new LocalAnalysis(LocalAnalysis.Options.defaults()).run(image, Progress.NONE);
 * DescriptorTable perColumn = r.local().columns();   // pc1.., class, wall
 * }</pre>
 */
public final class LocalAnalysis {
  /**
   * @param lattice the lattice to expect
   * @param contrast bright or dark columns
   * @param local the neighbourhood descriptors, decomposition and classification
   */
  public record Options(ImageInput.Lattice lattice, ImageInput.Contrast contrast, LocalCrystallography.Options local) {
    public Options {
      Objects.requireNonNull(lattice, "lattice");
      Objects.requireNonNull(contrast, "contrast");
      Objects.requireNonNull(local, "local");
    }

    /** Lattice chosen from the data, bright columns, {@link LocalCrystallography.Options#defaults()}. */
    public static Options defaults() { return new Options(ImageInput.Lattice.AUTO, ImageInput.Contrast.BRIGHT, LocalCrystallography.Options.defaults()); }

    public Options withLattice(ImageInput.Lattice l) { return new Options(l, contrast, local); }

    public Options withContrast(ImageInput.Contrast c) { return new Options(lattice, c, local); }

    public Options withLocal(LocalCrystallography.Options o) { return new Options(lattice, contrast, o); }
  }

  /**
   * @param image the image the columns were found on (inverted for dark contrast)
   * @param atoms the atom columns and unit cells
   * @param local per-column order parameters, classes and walls
   * @param options the options of the run
   */
  public record Result(Image image, AtomsResult atoms, LocalCrystallography.Result local, Options options) {}

  private final Options options;

  public LocalAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  /** @param image not modified */
  public Result run(Image image, Progress progress) {
    Image bright = options.contrast().apply(image);
    AtomsResult atoms = new AtomsPipeline(AtomsPipeline.Options.of(options.lattice().kind())).run(bright, progress);
    return new Result(bright, atoms, new LocalCrystallography(options.local()).run(bright, atoms), options);
  }
}
