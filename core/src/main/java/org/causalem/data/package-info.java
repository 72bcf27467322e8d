/**
 * The dataset types every reader returns and every analysis takes: views over primitive arrays, calibrated by
 * {@link org.causalem.data.Axis} and described by {@link org.causalem.data.Metadata}, never copied.
 *
 * <ul>
 *   <li>{@link org.causalem.data.Dataset} and its kinds: {@link org.causalem.data.Image},
 *       {@link org.causalem.data.ImageStack} (a movie), {@link org.causalem.data.Spectrum},
 *       {@link org.causalem.data.SpectrumImage} (y, x, energy), {@link org.causalem.data.DataCube4D} (ry, rx, qy, qx,
 *       streamed frame by frame from a {@link org.causalem.data.FrameSource}, usually
 *       {@link org.causalem.data.MappedFrames}) and {@link org.causalem.data.NdArray}; pixels in the file's own
 *       {@link org.causalem.data.PixelType} ({@link org.causalem.data.Pixels}).</li>
 *   <li>{@link org.causalem.data.DataFile}: every dataset of one file, as a reader found them.</li>
 *   <li>Streaming reductions over a cube: {@link org.causalem.data.FrameReducer} and
 *       {@link org.causalem.data.UInt16FrameReducer} (raw counts without conversion).</li>
 *   <li>{@link org.causalem.data.BadInputException}: input data that cannot be used as given (exit code 3 on the
 *       command line); {@link org.causalem.data.Progress} for long steps.</li>
 * </ul>
 *
 * <p>May import: the JDK only. Knows nothing of files, formats, flags or figures.
 */
package org.causalem.data;
