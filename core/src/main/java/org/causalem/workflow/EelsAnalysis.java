package org.causalem.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.causalem.data.DataFile;
import org.causalem.data.Progress;
import org.causalem.data.SpectrumImage;
import org.causalem.io.Readers;
import org.causalem.spectra.BackgroundModel;
import org.causalem.spectra.EdgeMapper;
import org.causalem.spectra.EdgeTable;
import org.causalem.spectra.EelsData;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;
import org.causalem.spectra.OnsetFinder;

/**
 * EELS spectrum-image descriptors: background-subtracted edge maps, edge onsets and chemical shifts,
 * relative thickness (log-ratio, when the zero-loss peak is recorded), PCA and NMF — the {@link EelsPipeline}
 * behind typed options, on a spectrum image in memory or read from a file.
 *
 * <pre>{@code
 * EelsAnalysis.Result r = new EelsAnalysis(EelsAnalysis.Options.defaults().withEdges(List.of("Ti-L23", "O-K")))
 *     .run(Path.of("si.dm4"), Progress.NONE);
 * float[] ti = r.eels().edgeSignal().get("Ti-L23");
 * }</pre>
 */
public final class EelsAnalysis {
  /** Default number of PCA and NMF components, lowered to what the data allow when not given. */
  public static final int DEFAULT_COMPONENTS = 4;

  /** The pre-edge background model. */
  public enum Background {
    POWER_LAW, EXPONENTIAL;

    /** The name in outputs and on the command line. */
    public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    BackgroundModel model() { return this == POWER_LAW ? BackgroundModel.POWER_LAW : BackgroundModel.EXPONENTIAL; }
  }

  /**
   * @param edges edge names to map (e.g. Ti-L23, O-K); empty: every tabulated edge in range with a visible jump
   * @param components PCA and NMF components (0 = none); empty: {@link #DEFAULT_COMPONENTS}, lowered to what the
   *     data allow (the number of channels and of spectra)
   * @param background the pre-edge background model
   * @param fitWidthEv pre-edge fit window width
   * @param gapEv gap between the fit window and the tabulated onset
   * @param widthEv integration window above the onset
   * @param bin N × N pixels summed into one before the per-pixel analysis (1 = none)
   * @param alignZeroLoss shift the spectra to put the zero-loss peak at 0 eV
   * @param seed seed of the randomized SVD, the NMF start and the onset bootstrap
   * @param dataset the dataset of the file; empty: the EELS spectrum image (the lowest core-loss one)
   */
  public record Options(List<String> edges, OptionalInt components, Background background, double fitWidthEv, double gapEv,
                        double widthEv, int bin, boolean alignZeroLoss, long seed, Optional<String> dataset) {
    public Options {
      edges = List.copyOf(edges);
      Objects.requireNonNull(components, "components");
      Objects.requireNonNull(background, "background");
      Objects.requireNonNull(dataset, "dataset");
      if (components.isPresent() && components.getAsInt() < 0) throw new IllegalArgumentException("components must be >= 0, got " + components.getAsInt());
      if (bin < 1) throw new IllegalArgumentException("bin must be >= 1, got " + bin);
      pipeline(edges, components.orElse(DEFAULT_COMPONENTS), background, fitWidthEv, gapEv, widthEv, bin, alignZeroLoss, seed);
    }

    /** Every detected edge, 4 components (lowered to what the data allow), power law over 30 eV, 5 eV gap, 30 eV width. */
    public static Options defaults() {
      return new Options(List.of(), OptionalInt.empty(), Background.POWER_LAW, 30, 5, 30, 1, true, 1, Optional.empty());
    }

    public static Builder builder() { return new Builder(defaults()); }

    public Builder toBuilder() { return new Builder(this); }

    public Options withEdges(List<String> e) { return toBuilder().edges(e).build(); }

    public Options withComponents(OptionalInt k) { return toBuilder().components(k).build(); }

    public Options withBin(int n) { return toBuilder().bin(n).build(); }

    public Options withSeed(long s) { return toBuilder().seed(s).build(); }

    public Options withDataset(Optional<String> d) { return toBuilder().dataset(d).build(); }

    /** The pipeline's options for {@code components} components. */
    public EelsPipeline.Options pipeline(int components) {
      return pipeline(edges, components, background, fitWidthEv, gapEv, widthEv, bin, alignZeroLoss, seed);
    }

    private static EelsPipeline.Options pipeline(List<String> edges, int components, Background background, double fitWidthEv, double gapEv,
                                                 double widthEv, int bin, boolean alignZeroLoss, long seed) {
      EdgeMapper.Options bg = new EdgeMapper.Options(fitWidthEv, gapEv, widthEv, background.model());
      OnsetFinder.Options on = OnsetFinder.Options.defaults();
      return new EelsPipeline.Options(EdgeTable.find(edges), bg,
          new OnsetFinder.Options(on.searchBeforeEv(), on.searchAfterEv(), on.smoothingEv(), on.riseFraction(), bg),
          components, true, alignZeroLoss, 0.05, seed, bin);
    }
  }

  /** Mutable builder of {@link Options}; {@link #build()} validates. */
  public static final class Builder {
    private List<String> edges;
    private OptionalInt components;
    private Background background;
    private double fitWidthEv;
    private double gapEv;
    private double widthEv;
    private int bin;
    private boolean alignZeroLoss;
    private long seed;
    private Optional<String> dataset;

    private Builder(Options o) {
      edges = o.edges();
      components = o.components();
      background = o.background();
      fitWidthEv = o.fitWidthEv();
      gapEv = o.gapEv();
      widthEv = o.widthEv();
      bin = o.bin();
      alignZeroLoss = o.alignZeroLoss();
      seed = o.seed();
      dataset = o.dataset();
    }

    public Builder edges(List<String> v) { edges = v; return this; }

    public Builder components(OptionalInt v) { components = v; return this; }

    public Builder background(Background v) { background = v; return this; }

    public Builder fitWidthEv(double v) { fitWidthEv = v; return this; }

    public Builder gapEv(double v) { gapEv = v; return this; }

    public Builder widthEv(double v) { widthEv = v; return this; }

    public Builder bin(int v) { bin = v; return this; }

    public Builder alignZeroLoss(boolean v) { alignZeroLoss = v; return this; }

    public Builder seed(long v) { seed = v; return this; }

    public Builder dataset(Optional<String> v) { dataset = v; return this; }

    public Options build() { return new Options(edges, components, background, fitWidthEv, gapEv, widthEv, bin, alignZeroLoss, seed, dataset); }
  }

  /**
   * @param data the spectrum image analysed (before binning)
   * @param eels maps, onsets, thickness, decompositions and the per-pixel table
   * @param components the PCA and NMF components used
   * @param inputNotes what the data choice and the file's metadata say (recorded in eels.json)
   * @param componentNote why the default components were lowered, if they were (printed, not recorded)
   * @param pipeline the pipeline options used
   */
  public record Result(SpectrumImage data, EelsResult eels, int components, List<String> inputNotes, Optional<String> componentNote,
                       EelsPipeline.Options pipeline) {
    public Result { inputNotes = List.copyOf(inputNotes); }
  }

  private final Options options;

  public EelsAnalysis(Options options) { this.options = Objects.requireNonNull(options, "options"); }

  public Options options() { return options; }

  /**
   * Reads {@link Options#dataset()} (or the EELS spectrum image) of {@code file} and runs on it.
   *
   * @throws OptionsException when the bin or the components do not fit the data
   */
  public Result run(Path file, Progress progress) throws IOException {
    try (DataFile df = Readers.open(file)) {
      EelsData.Choice choice = EelsData.choose(df, options.dataset().orElse(null));
      SpectrumImage si = choice.data();
      FiniteData.require(file, si);
      List<String> notes = new ArrayList<>(choice.notes());
      notes.addAll(si.metadata().notes());
      return run(si, notes, file.getFileName().toString(), progress);
    }
  }

  /** Runs on {@code si} (not modified). */
  public Result run(SpectrumImage si, Progress progress) { return run(si, si.metadata().notes(), si.name(), progress); }

  /** Refuses an edge asked for whose background window and integral the data's energy axis does not cover. */
  private static void requireCovered(EelsPipeline.Options used, SpectrumImage si, String source) {
    EdgeMapper mapper = new EdgeMapper(used.background());
    EdgeMapper.Options b = used.background();
    for (org.causalem.spectra.Edge e : used.edges()) {
      if (mapper.covers(si.energy(), e)) continue;
      org.causalem.data.Axis a = si.energy();
      throw new OptionsException(String.format(Locale.ROOT, "edges %s (onset %.1f eV) needs %.1f..%.1f eV (background window and"
          + " integral); %s covers %.2f..%.2f eV", e.name(), e.onsetEv(), e.onsetEv() - b.gapEv() - b.preEdgeWidthEv(),
          e.onsetEv() + b.integrationWidthEv(), source, a.value(0), a.value(a.size() - 1)));
    }
  }

  private Result run(SpectrumImage si, List<String> inputNotes, String source, Progress progress) {
    int bin = options.bin();
    if (bin > Math.min(si.width(), si.height())) {
      throw new OptionsException("bin " + bin + " is larger than the " + si.height() + "×" + si.width() + " spectrum image " + si.name() + " in "
          + source + "; expected at most " + Math.min(si.width(), si.height()));
    }
    long spectra = (long) (si.width() / bin) * (si.height() / bin);
    long possible = Math.min(si.channels(), spectra);
    int components = options.components().orElse(DEFAULT_COMPONENTS);
    Optional<String> lowered = Optional.empty();
    if (options.components().isEmpty() && components > 0 && (spectra < 2 || components > possible)) {
      int k = spectra < 2 ? 0 : (int) possible;
      lowered = Optional.of(k == 0 ? "a single spectrum: no PCA/NMF decomposition (components 0)"
          : "components " + components + " (default) lowered to " + k + ": the data have " + spectra + " spectra and " + si.channels() + " channels");
      components = k;
    }
    if (components > si.channels() || components > spectra) {
      throw new OptionsException("components " + components + " is more than " + source + " can give: it has " + si.channels()
          + " energy channels and " + spectra + " spectra (at most " + possible + " components)");
    }
    EelsPipeline.Options used = options.pipeline(components);
    requireCovered(used, si, source);
    EelsResult r = new EelsPipeline(used).run(si, progress);
    return new Result(si, r, components, inputNotes, lowered, used);
  }
}
