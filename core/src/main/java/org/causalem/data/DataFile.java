package org.causalem.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a reader found in one file: every dataset it holds. Close it to release memory-mapped cubes.
 *
 * @param format one of {@code dm3, dm4, emd-berkeley, emd-velox, ser, emi, mrc, tiff, npy, npz, prz, mib, hdf5, blockfile, empad, tvips, msa, ripple, zspy, png, jpeg, bmp, gif}
 * @param metadata file-level metadata (datasets carry their own)
 */
public record DataFile(Path path, String format, List<Dataset> datasets, Metadata metadata) implements AutoCloseable {
  public DataFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    datasets = List.copyOf(datasets);
    Objects.requireNonNull(metadata, "metadata");
  }

  /** The dataset called {@code name}. @throws BadInputException naming the file and the datasets it has */
  public Dataset dataset(String name) {
    for (Dataset d : datasets) if (d.name().equals(name)) return d;
    throw new BadInputException(path.getFileName() + ": no dataset '" + name + "'; it has " + names());
  }

  /** The first dataset of the given type, or a clear error saying what the file holds instead. */
  public <T extends Dataset> T first(Class<T> type) {
    for (Dataset d : datasets) if (type.isInstance(d)) return type.cast(d);
    throw new BadInputException(path.getFileName() + ": holds no " + type.getSimpleName() + "; it has " + describe() + why());
  }

  /** The readers' notes on the datasets there are (e.g. why a movie could not be put in scan order), or nothing. */
  private String why() {
    StringBuilder sb = new StringBuilder();
    for (Dataset d : datasets) for (String n : d.metadata().notes()) sb.append(" — ").append(d.name()).append(": ").append(n);
    return sb.toString();
  }

  public List<String> names() { return datasets.stream().map(Dataset::name).toList(); }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (Dataset d : datasets) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(d.name()).append(" (").append(d.kind().label()).append(")");
    }
    return sb.length() == 0 ? "no datasets" : sb.toString();
  }

  @Override public void close() {
    for (Dataset d : datasets) if (d instanceof DataCube4D c) c.close();
  }
}
