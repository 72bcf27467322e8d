package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Progress;
import org.causalem.io.Readers;

/**
 * The ferroic workflow on an image: atom columns, sublattices and unit cells ({@link AtomsAnalysis}), then the causal
 * analysis of the cells ({@link FerroicAnalysis}). {@link #run} does both; {@link #atoms} and {@link #causal} are its
 * two stages, for a caller that times or reports them separately.
 *
 * <pre>{@code
 * FerroicImageAnalysis.Result r = new FerroicImageAnalysis(FerroicImageAnalysis.Options.defaults(1))
 *     .run(FerroicImageAnalysis.read(Path.of("haadf.emd"), Optional.empty()), Progress.NONE);
 * Graph consensus = r.causal().consensus().graph();
 * }</pre>
 */
public final class FerroicImageAnalysis {
  /**
   * @param atoms how the columns and cells are found (the lattice, its constant, the contrast, a reference region)
   * @param causal the causal analysis of the cells
   */
  public record Options(AtomsAnalysis.Options atoms, FerroicAnalysis.Options causal) {
    public Options {
      Objects.requireNonNull(atoms, "atoms");
      Objects.requireNonNull(causal, "causal");
    }

    /** A perovskite with bright columns and the image's own calibration; {@link FerroicAnalysis.Options#defaults}. */
    public static Options defaults(long seed) {
      return new Options(AtomsAnalysis.Options.defaults().withLattice(ImageInput.Lattice.PEROVSKITE), FerroicAnalysis.Options.defaults(seed));
    }

    public Options withAtoms(AtomsAnalysis.Options a) { return new Options(a, causal); }

    public Options withCausal(FerroicAnalysis.Options c) { return new Options(atoms, c); }
  }

  /**
   * @param atoms the image, its columns, cells and calibration notes
   * @param causal the causal analysis of {@code atoms.atoms().cells()}
   */
  public record Result(AtomsAnalysis.Result atoms, FerroicAnalysis.Result causal) {}

  private final Options options;

  public FerroicImageAnalysis(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /** Both stages on {@code read} (not modified), with one progress for each. */
  public Result run(Image read, Progress atomsProgress, Progress causalProgress) {
    AtomsAnalysis.Result a = atoms(read, atomsProgress);
    return new Result(a, causal(a, causalProgress));
  }

  /** Both stages on {@code read} (not modified). */
  public Result run(Image read, Progress progress) { return run(read, progress, progress); }

  /** The first stage: columns, sublattices, cells and their descriptors. */
  public AtomsAnalysis.Result atoms(Image read, Progress progress) { return new AtomsAnalysis(options.atoms()).run(read, progress); }

  /**
   * The second stage: the causal analysis of the cells found by {@link #atoms}.
   *
   * @throws FerroicAnalysis.BadPriorException when the prior cannot be used with the analysed descriptors
   */
  public FerroicAnalysis.Result causal(AtomsAnalysis.Result atoms, Progress progress) {
    return new FerroicAnalysis(options.causal()).run(atoms.atoms().cells(), progress);
  }

  /**
   * The named dataset of {@code file}, or its first image (a stack's first frame when the file holds no 2-D image
   * before it).
   *
   * @throws BadInputException when the file holds no image or the image holds a non-finite pixel
   */
  public static Image read(Path file, Optional<String> dataset) throws IOException {
    try (DataFile df = Readers.open(file)) {
      Dataset d = dataset.isPresent() ? df.dataset(dataset.get()) : null;
      if (d == null) {
        for (Dataset x : df.datasets()) {
          if (x instanceof Image || x instanceof ImageStack) {
            d = x;
            break;
          }
        }
      }
      Image img;
      if (d instanceof Image i) img = i;
      else if (d instanceof ImageStack st) img = st.frame(0);
      else throw new BadInputException(file.getFileName() + ": holds no image (it has " + df.names() + "); expected an atomic-resolution image");
      Image copy = img.withPixels(img.toFloat().clone());
      FiniteData.require(file, copy);
      return copy;
    }
  }
}
