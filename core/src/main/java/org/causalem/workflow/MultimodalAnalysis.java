package org.causalem.workflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.causalem.data.BadInputException;
import org.causalem.data.DataCube4D;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.Progress;
import org.causalem.data.SpectrumImage;
import org.causalem.fourd.FourdPipeline;
import org.causalem.fourd.FourdResult;
import org.causalem.simulate.MultimodalScenario;
import org.causalem.spectra.EdgeTable;
import org.causalem.spectra.EelsData;
import org.causalem.spectra.EelsPipeline;
import org.causalem.spectra.EelsResult;
import org.causalem.table.Descriptor;
import org.causalem.table.DescriptorTable;
import org.causalem.table.Registration;

/**
 * Structure + spectrum: the per-pixel maps of an EELS spectrum image ({@link EelsPipeline}) or a 4D-STEM
 * cube ({@link FourdPipeline}) registered onto the unit cells of an image ({@link Registration}), one
 * descriptor table across modalities, and the causal analysis of {@link FerroicAnalysis} on it.
 *
 * <p>Registered columns are prefixed {@code eels_} or {@code fourd_}. Searched by default: the ferroic
 * descriptors plus, for EELS, each edge's chemical shift ({@code eels_<edge>_shift_eV}) and t/λ where a
 * zero-loss peak was recorded; for 4D-STEM, the virtual images, the centre of mass and the strain maps when
 * computed. Every other registered map (edge counts, onsets, PCA/NMF loadings, DPC...) is in the table and
 * can be searched by naming it. The map tables give every map the spectral role ({@link Descriptor#mapRole}),
 * which registration keeps: with modality tiers the spectral columns join the intensities in the first physics tier
 * (chemistry first); without, they sit in the lattice tier and their order is left to the data.
 *
 * <p>The instrument is treated as in {@code ferroic}: by default the scan-independent intensities
 * ({@code intensity_A_norm}, {@code intensity_B_norm}) replace the raw integrated ones (with a note), the
 * cells' instrument descriptors enter the search as exogenous nuisance nodes, and every consensus edge gets
 * a status (supported, instrument, unstable) and the instrument check.
 */
public final class MultimodalAnalysis {
  /** The second modality. */
  public enum Modality {
    EELS("eels_"), FOURD("fourd_");

    private final String prefix;

    Modality(String prefix) { this.prefix = prefix; }

    public String prefix() { return prefix; }
  }

  /**
   * @param registration where the maps lie on the image; null = they span the image exactly
   * @param columns joint-table columns to search; null = the defaults (see the class comment)
   * @param modalityTiers put the registered columns in the first physics tier (ignored with a prior)
   * @param causal the causal analysis (its {@code variables} are replaced by the searched columns)
   * @param eels the EELS maps of a spectrum image
   * @param fourd the 4D-STEM maps of a cube
   * @param atoms how the columns and cells of the image are found (by default a perovskite, bright columns)
   */
  public record Options(Registration registration, List<String> columns, boolean modalityTiers, FerroicAnalysis.Options causal,
                        EelsPipeline.Options eels, FourdPipeline.Options fourd, AtomsAnalysis.Options atoms) {
    public Options {
      columns = columns == null ? null : List.copyOf(columns);
      Objects.requireNonNull(causal, "causal");
      Objects.requireNonNull(eels, "eels");
      Objects.requireNonNull(fourd, "fourd");
      Objects.requireNonNull(atoms, "atoms");
    }

    public static Options defaults(long seed) {
      return new Options(null, null, false, FerroicAnalysis.Options.defaults(seed), EelsPipeline.Options.defaults(),
          FourdPipeline.Options.defaults(), AtomsAnalysis.Options.defaults().withLattice(ImageInput.Lattice.PEROVSKITE));
    }

    /** A builder starting from {@link #defaults(long)}. */
    public static Builder builder(long seed) { return new Builder(defaults(seed)); }

    /** A builder starting from these options. */
    public Builder toBuilder() { return new Builder(this); }

    public Options withRegistration(Registration r) { return toBuilder().registration(r).build(); }

    public Options withColumns(List<String> c) { return toBuilder().columns(c).build(); }

    public Options withModalityTiers(boolean on) { return toBuilder().modalityTiers(on).build(); }

    public Options withCausal(FerroicAnalysis.Options c) { return toBuilder().causal(c).build(); }

    public Options withEels(EelsPipeline.Options e) { return toBuilder().eels(e).build(); }

    public Options withAtoms(AtomsAnalysis.Options a) { return toBuilder().atoms(a).build(); }
  }

  /** Mutable builder of {@link Options} (every component by name); {@link #build()} validates. */
  public static final class Builder {
    private Registration registration;
    private List<String> columns;
    private boolean modalityTiers;
    private FerroicAnalysis.Options causal;
    private EelsPipeline.Options eels;
    private FourdPipeline.Options fourd;
    private AtomsAnalysis.Options atoms;

    private Builder(Options o) {
      registration = o.registration();
      columns = o.columns();
      modalityTiers = o.modalityTiers();
      causal = o.causal();
      eels = o.eels();
      fourd = o.fourd();
      atoms = o.atoms();
    }

    /** Where the maps lie on the image; null: they span it exactly. */
    public Builder registration(Registration v) { registration = v; return this; }

    /** The joint-table columns to search; null: the defaults. */
    public Builder columns(List<String> v) { columns = v; return this; }

    public Builder modalityTiers(boolean v) { modalityTiers = v; return this; }

    public Builder causal(FerroicAnalysis.Options v) { causal = v; return this; }

    public Builder eels(EelsPipeline.Options v) { eels = v; return this; }

    /**
     * The EELS edges to map, by name (e.g. {@code Ti-L23}, {@code O-K}); empty: those detected in the summed spectrum.
     *
     * @throws IllegalArgumentException naming an edge that is not tabulated
     */
    public Builder edges(List<String> names) { eels = eels.withEdges(EdgeTable.find(names)); return this; }

    /** EELS: sum {@code n} × {@code n} spectrum-image pixels into one before the per-pixel analysis (1: none). */
    public Builder bin(int n) { eels = eels.withBin(n); return this; }

    public Builder fourd(FourdPipeline.Options v) { fourd = v; return this; }

    public Builder atoms(AtomsAnalysis.Options v) { atoms = v; return this; }

    public Options build() { return new Options(registration, columns, modalityTiers, causal, eels, fourd, atoms); }
  }

  /**
   * The per-pixel maps of the second modality.
   *
   * @param pixels one row per map pixel: {@code row, col, x_px, y_px} and one column per map
   * @param defaults the map columns searched by default
   */
  public record Maps(Modality modality, int width, int height, DescriptorTable pixels, List<String> defaults, List<String> notes,
                     EelsResult eels, FourdResult fourd, double spanWidth, double spanHeight) {
    /** Maps that span the image with their own pixels. */
    public Maps(Modality modality, int width, int height, DescriptorTable pixels, List<String> defaults, List<String> notes,
                EelsResult eels, FourdResult fourd) {
      this(modality, width, height, pixels, defaults, notes, eels, fourd, width, height);
    }
  }

  /**
   * @param table the joint table: the cells' columns and the registered ones
   * @param registered the registered column names
   * @param cellsOutside cells whose centre lies outside the maps (registered values NaN, counted, kept)
   * @param searched the columns handed to the causal search
   */
  public record Result(Maps maps, Registration registration, DescriptorTable table, List<String> registered, int cellsOutside,
                       List<String> searched, FerroicAnalysis.Result causal, List<String> notes) {}

  /** A default chemical-shift descriptor is searched only when at least this fraction of the cells on the maps have one. */
  static final double MIN_SHIFT_FRACTION = 0.5;

  private static final List<String> POSITION = List.of("row", "col", "x_px", "y_px", "x_nm", "y_nm");

  private final Options options;

  public MultimodalAnalysis(Options options) { this.options = Objects.requireNonNull(options); }

  public Options options() { return options; }

  /**
   * Runs the EELS or 4D-STEM workflow on {@code second}.
   *
   * @param source named in error messages (the file)
   * @throws BadInputException when {@code second} is neither a spectrum image nor a 4D-STEM cube
   */
  public Maps maps(Dataset second, String source, Progress progress) {
    if (second instanceof SpectrumImage si) {
      EelsResult r = new EelsPipeline(options.eels()).run(si, progress);
      List<String> d = new ArrayList<>();
      for (String n : r.pixels().names()) if (n.endsWith("_shift_eV") || n.equals("t_over_lambda")) d.add(n);
      int bin = options.eels().bin();
      return new Maps(Modality.EELS, r.width(), r.height(), r.pixels(), d, r.notes(), r, null, (double) si.width() / bin,
          (double) si.height() / bin);
    }
    if (second instanceof DataCube4D cube) {
      FourdResult r = new FourdPipeline(options.fourd()).run(cube, progress);
      List<String> d = new ArrayList<>();
      for (String n : r.pixels().names()) {
        if (n.startsWith("virtual_") || n.equals("com_x") || n.equals("com_y") || n.startsWith("strain_")) d.add(n);
      }
      return new Maps(Modality.FOURD, cube.scanX(), cube.scanY(), r.pixels(), d, r.notes(), null, r);
    }
    throw new BadInputException(source + ": holds " + (second == null ? "no dataset" : "a " + second.kind().label() + " ('" + second.name() + "')")
        + "; expected an EELS spectrum image or a 4D-STEM cube");
  }

  /** Registers {@code maps} onto {@code cells} (of an image of the given size) and builds the joint table. */
  public Registration.Registered register(DescriptorTable cells, int imageWidth, int imageHeight, Maps maps) {
    Registration reg = registration(imageWidth, imageHeight, maps);
    List<String> mapColumns = new ArrayList<>();
    for (String n : maps.pixels().names()) if (!POSITION.contains(n)) mapColumns.add(n);
    return reg.register(cells, maps.pixels(), maps.width(), maps.height(), mapColumns, maps.modality().prefix());
  }

  /** The stated registration, or the maps spanning the image exactly. */
  public Registration registration(int imageWidth, int imageHeight, Maps maps) {
    if (options.registration() != null) {
      Registration r = options.registration();
      int bin = maps.modality() == Modality.EELS ? options.eels().bin() : 1;
      // a stated scale is image px per pixel of the file's map; a binned pixel spans bin of them
      return bin == 1 ? r : new Registration(r.offsetXPx(), r.offsetYPx(), r.scaleXPx() * bin, r.scaleYPx() * bin);
    }
    return new Registration(0, 0, imageWidth / maps.spanWidth(), imageHeight / maps.spanHeight());
  }

  /** The columns searched: the stated ones, or the ferroic defaults plus the modality's defaults. */
  public List<String> searched(Maps maps) {
    if (options.columns() != null) return options.columns();
    List<String> v = new ArrayList<>(FerroicAnalysis.DEFAULT_VARIABLES);
    for (String d : maps.defaults()) v.add(maps.modality().prefix() + d);
    return v;
  }

  /** @deprecated the one verb of a workflow is {@link #run}; kept only until the branches calling it are merged */
  @Deprecated(forRemoval = true)
  public Result analyse(DescriptorTable cells, int imageWidth, int imageHeight, Dataset second, String source, Progress progress) {
    return run(cells, imageWidth, imageHeight, second, source, progress);
  }

  /** Maps, registration and the causal analysis of the joint table. */
  public Result run(DescriptorTable cells, int imageWidth, int imageHeight, Dataset second, String source, Progress progress) {
    Maps maps = maps(second, source, Progress.NONE);
    return run(cells, imageWidth, imageHeight, maps, progress);
  }

  /** Registration and the causal analysis, on maps already computed. */
  public Result run(DescriptorTable cells, int imageWidth, int imageHeight, Maps maps, Progress progress) {
    Registration.Registered reg = register(cells, imageWidth, imageHeight, maps);
    List<String> searched = new ArrayList<>(searched(maps));
    List<String> notes = new ArrayList<>();
    if (options.columns() == null) {
      // a chemical shift is NaN where the edge was not detected or its onset not measured: those cells are
      // left out of the search (counted), and the descriptor itself when too few cells keep one
      int inside = reg.table().rows() - reg.outside();
      for (String d : maps.defaults()) {
        String col = maps.modality().prefix() + d;
        if (!d.endsWith("_shift_eV") || reg.table().indexOf(col) < 0) continue;
        int finite = 0;
        for (double v : reg.table().column(col)) if (Double.isFinite(v)) finite++;
        if (finite < 30 || finite < MIN_SHIFT_FRACTION * inside) {
          searched.remove(col);
          notes.add(String.format(java.util.Locale.ROOT, "%s left out of the causal search: only %d of %d cells on the maps have "
              + "a measured onset (the edge is not detected above the noise, or its onset is flagged, elsewhere)", col, finite, inside));
        } else if (finite < inside) {
          notes.add(String.format(java.util.Locale.ROOT, "%s: %d of %d cells on the maps have no measured onset (not detected or "
              + "flagged); they are left out of the causal search", col, inside - finite, inside));
        }
      }
    }
    if (options.columns() == null) {
      // as ferroic: the composition proxies that do not move with the scan replace the raw integrated intensities
      for (int i = 0; i < searched.size(); i++) {
        String norm = FerroicAnalysis.NORMALISED_PROXY.get(searched.get(i));
        if (norm == null || reg.table().indexOf(norm) < 0 || searched.contains(norm)) continue;
        notes.add(searched.get(i) + " replaced by " + norm + " (a raw integrated intensity grows with the local scan magnification)");
        searched.set(i, norm);
      }
    }
    for (String s : searched) {
      if (reg.table().indexOf(s) < 0) {
        throw new org.causalem.data.BadInputException("no column '" + s + "' (from `columns`) in the joint table; it has " + reg.table().names());
      }
    }
    FerroicAnalysis.Options c = options.causal().withVariables(searched);
    if (options.modalityTiers()) c = c.withFirstTierRoles(List.of(Descriptor.Role.SPECTRAL));
    FerroicAnalysis.Result res = new FerroicAnalysis(c).run(reg.table(), progress);
    return new Result(maps, registration(imageWidth, imageHeight, maps), reg.table(), reg.registered(), reg.outside(), searched, res,
        notes);
  }

  /** Cells per side of the built-in simulated structure + EELS pair ({@link #simulate}). */
  public static final int SIMULATED_CELLS = 24;

  /**
   * The built-in structure + EELS pair whose cross-modal cause is known ({@link MultimodalScenario}, {@link
   * #SIMULATED_CELLS} cells per side); {@link #simulatedRegistration} places its maps on its image.
   */
  public static MultimodalScenario.Result simulate(long seed) {
    return new MultimodalScenario(MultimodalScenario.Options.defaults(SIMULATED_CELLS, SIMULATED_CELLS, seed)).simulate();
  }

  /** Where the maps of a simulated pair lie on its image (the geometry it was simulated with). */
  public static Registration simulatedRegistration(MultimodalScenario.Result sim) {
    return new Registration(sim.offsetXPx(), sim.offsetYPx(), sim.scaleXPx(), sim.scaleYPx());
  }

  /**
   * The consensus of a run on a simulated pair against the simulated mechanism; null when an end of a true edge
   * was not searched.
   */
  public static KnownTruth simulatedTruth(Result res) {
    org.causalem.causal.Graph truth = KnownTruth.graph(res.causal().variables(), MultimodalScenario.TRUE_EDGES);
    return truth == null ? null : KnownTruth.of(truth, res.causal());
  }

  /**
   * The first 4D-STEM cube of {@code df}, else its EELS spectrum image (an EDS one is refused, naming it).
   *
   * @throws BadInputException when the file holds neither
   */
  public static Dataset second(DataFile df, Path file) {
    for (Dataset d : df.datasets()) if (d instanceof DataCube4D) return d;
    boolean anySpectrumImage = false;
    for (Dataset d : df.datasets()) anySpectrumImage |= d instanceof SpectrumImage;
    if (anySpectrumImage) return EelsData.choose(df, null).data();
    List<String> held = new ArrayList<>();
    for (Dataset d : df.datasets()) held.add(d.name() + " (" + d.kind().label() + ")");
    throw new BadInputException(file.getFileName() + ": holds " + (held.isEmpty() ? "no dataset" : String.join(", ", held))
        + "; expected an EELS spectrum image or a 4D-STEM cube");
  }

  /** Columns, sublattices and cells of {@code read} (not modified), as {@link Options#atoms()} asks. */
  public AtomsAnalysis.Result atoms(Image read, Progress progress) { return new AtomsAnalysis(options.atoms()).run(read, progress); }

  /** Registration and the causal analysis of the cells of {@code atoms}, on maps already computed. */
  public Result run(AtomsAnalysis.Result atoms, Maps maps, Progress progress) {
    return run(atoms.atoms().cells(), atoms.image().width(), atoms.image().height(), maps, progress);
  }

  /** A pair of searched columns, one of each modality, adjacent in PC's graph but left out of the consensus. */
  public record Undecided(String a, String b) {}

  /**
   * Cross-modal adjacencies of PC that the consensus leaves out: without modality tiers the registered columns share
   * the lattice tier, and the data alone may not orient them (modality tiers or a prior can state the direction).
   */
  public static List<Undecided> undecidedCrossModal(Result res) {
    List<Undecided> out = new ArrayList<>();
    FerroicAnalysis.Result c = res.causal();
    org.causalem.causal.Graph pc = c.pc().graph();
    org.causalem.causal.Graph cons = c.consensus().graph();
    List<String> v = c.variables();
    for (int i = 0; i < v.size(); i++) {
      for (int j = i + 1; j < v.size(); j++) {
        if (res.registered().contains(v.get(i)) == res.registered().contains(v.get(j))) continue;
        if (pc.adjacent(i, j) && !cons.adjacent(i, j)) out.add(new Undecided(v.get(i), v.get(j)));
      }
    }
    return out;
  }
}
