/**
 * Reading microscope files into {@link org.causalem.data} types, and writing results to files.
 *
 * <ul>
 *   <li>Entry point for reading: {@link org.causalem.io.Readers#open(java.nio.file.Path)}, which chooses a
 *       {@link org.causalem.io.FormatReader} by magic bytes and structure (DM3/DM4, HDF5 with Berkeley and Velox EMD,
 *       TIA SER, Merlin MIB, NPY, EMSA/MSA, Lispix ripple, TIFF/BigTIFF, MRC), then applies the physical-range checks of
 *       {@link org.causalem.io.Plausibility}. A problem with the file is a
 *       {@link org.causalem.data.BadInputException} naming the file, the offending value and what was expected; a
 *       reader bug is not reported as a corrupt file.</li>
 *   <li>Text inputs by one contract: {@link org.causalem.io.TextFiles}, {@link org.causalem.io.TableReader} and the
 *       number grammar of {@link org.causalem.io.Numbers}; causal graphs as text in
 *       {@link org.causalem.io.GraphFormats} (Tetrad, causal-learn matrices, DOT).</li>
 *   <li>Writers, all atomic ({@link org.causalem.io.AtomicFiles}: a failure never leaves half a file):
 *       {@link org.causalem.io.CsvWriter}, {@link org.causalem.io.Json}, {@link org.causalem.io.NpyWriter},
 *       {@link org.causalem.io.Hdf5Writer}, {@link org.causalem.io.TiffWriter}, {@link org.causalem.io.PngWriter}.</li>
 * </ul>
 * Format details live in package-private classes per format ({@code Dm*}, {@code Hdf5*}, {@code Mib*}, {@code Mrc*},
 * {@code Msa*}, {@code Npy*}, {@code Ripple*}, {@code Ser*}, {@code Tiff*}, {@code VeloxEmd}, {@code EmdBerkeley}).
 *
 * <p>May import: {@code data}, {@code table} (tables to write), {@code causal} (graphs to read and write); jHDF,
 * Jackson, {@code javax.imageio}. No analysis package and no command-line code.
 */
package org.causalem.io;
