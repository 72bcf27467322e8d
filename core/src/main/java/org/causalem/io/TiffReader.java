package org.causalem.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.causalem.data.Axis;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Dataset;
import org.causalem.data.Image;
import org.causalem.data.ImageStack;
import org.causalem.data.Metadata;
import org.causalem.data.NdArray;
import org.causalem.data.Pixels;

/**
 * TIFF and BigTIFF: 8/16/32/64-bit unsigned and signed integer and 16/32/64-bit float samples
 * (SampleFormat), strips or tiles, uncompressed or LZW, Deflate or PackBits (with the horizontal or
 * floating-point predictor). Pages of equal shape and type form one {@link ImageStack}; otherwise each
 * page is its own {@link Image}. Reduced-resolution pages (thumbnails, pyramids) are skipped when full
 * pages exist. Pages with several samples per pixel (RGB) are n-d arrays (…, y, x, sample).
 *
 * <p>Calibration, from the first source the page has (each converted to nm, 1/nm or s; see the
 * classes named): a Hamamatsu streak camera's axis tables (time × wavelength, {@link TiffStreak}); an
 * FEI/Thermo Fisher metadata tag ({@code [Scan] PixelWidth} in m, else the beam's HFW over
 * {@code [Image] ResolutionX}); Zeiss SEM tag 34118 ({@link TiffZeiss}); a JEOL SightX XML description
 * ({@link TiffJeol}: magnification or camera length with the screen camera's pitch); DigitalMicrograph's
 * export tags 65003-65011 (unit, origin and step of x, y and the frames); an ImageJ description
 * ({@link TiffImageJ}: {@code unit=} with XResolution = pixels per unit, {@code spacing=},
 * {@code finterval=}); XResolution with ResolutionUnit cm or inch when it gives a pixel below 10 µm —
 * larger pixels are print or screen resolutions (72, 93, 300 dpi...), which say nothing about the
 * specimen. What a calibration rests on, or why there is none, is in the dataset's notes. Uncompressed
 * contiguous stacks over 64 MiB are memory-mapped, as are ImageJ's large stacks whose images follow the
 * first directory without directories of their own.
 */
final class TiffReader implements FormatReader {
  private static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;
  private static final long MAP_THRESHOLD_BYTES = 64L << 20;
  private static final int MAX_IFDS = 1 << 20;

  @Override public String format() { return "tiff"; }

  @Override public boolean accepts(Path file, ByteBuffer head, long size) {
    if (head.limit() < 8) return false;
    int b0 = head.get(0);
    int b1 = head.get(1);
    if (b0 == 'I' && b1 == 'I') {
      int magic = (head.get(2) & 0xFF) | (head.get(3) & 0xFF) << 8;
      return magic == 42 || magic == 43;
    }
    if (b0 == 'M' && b1 == 'M') {
      int magic = (head.get(2) & 0xFF) << 8 | (head.get(3) & 0xFF);
      return magic == 42 || magic == 43;
    }
    return false;
  }

  @Override public DataFile read(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer h = TiffIfd.read(name, ch, size, 0, (int) Math.min(16, size), ByteOrder.BIG_ENDIAN);
      if (h.limit() < 8) throw new BadInputException(name + ": TIFF header needs 8 bytes; file has " + size);
      ByteOrder order = h.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
      h.order(order);
      int magic = h.getShort(2) & 0xFFFF;
      boolean big = magic == 43;
      long first;
      if (big) {
        if (size < 16) throw new BadInputException(name + ": BigTIFF header needs 16 bytes; file has " + size);
        int byteSize = h.getShort(4) & 0xFFFF;
        if (byteSize != 8) throw new BadInputException(name + ": BigTIFF offset size " + byteSize + " at offset 4; expected 8");
        first = h.getLong(8);
      } else {
        first = h.getInt(4) & 0xFFFFFFFFL;
      }
      List<TiffIfd> ifds = TiffIfd.readChain(name, ch, order, big, first, MAX_IFDS);
      if (ifds.isEmpty()) throw new BadInputException(name + ": TIFF has no image directory");
      List<TiffPage> pages = new ArrayList<>();
      for (int i = 0; i < ifds.size(); i++) pages.add(new TiffPage(name, i, ifds.get(i), size));
      List<TiffPage> main = new ArrayList<>();
      for (TiffPage p : pages) if ((p.subfileType & 1) == 0) main.add(p);
      if (main.isEmpty()) main = pages;

      TiffPage p0 = main.get(0);
      String description = p0.ifd.text(TiffIfd.IMAGE_DESCRIPTION, 1 << 20);
      Map<String, String> imagej = TiffCalibration.imageJ(description);
      TiffCalibration cal = TiffCalibration.of(p0.ifd, imagej, description, p0.width, p0.height);
      Metadata meta = metadata(p0.ifd, description, imagej, cal, big, order, pages.size());
      String stem = NpyReader.stem(name);

      List<Dataset> datasets = new ArrayList<>();
      int imagejImages = (int) Math.min(Integer.MAX_VALUE, TiffCalibration.positiveLong(imagej.get("images")));
      if (main.size() == 1 && imagejImages > 1 && p0.contiguousRaw()) {
        datasets.add(stack(file, ch, order, List.of(p0), imagejImages, cal, stem, meta));
      } else if (main.size() > 1 && sameShape(main)) {
        datasets.add(stack(file, ch, order, main, main.size(), cal, stem, meta));
      } else {
        for (int k = 0; k < main.size(); k++) {
          String n = main.size() == 1 ? stem : stem + "_page" + main.get(k).index;
          TiffCalibration c = k == 0 ? cal : TiffCalibration.of(main.get(k).ifd, main.get(k).width, main.get(k).height);
          datasets.add(stack(file, ch, order, List.of(main.get(k)), 1, c, n, meta));
        }
      }
      return new DataFile(file, format(), datasets, meta);
    }
  }

  private static boolean sameShape(List<TiffPage> pages) {
    TiffPage a = pages.get(0);
    for (TiffPage p : pages) {
      if (p.width != a.width || p.height != a.height || p.type != a.type || p.samplesPerPixel != a.samplesPerPixel) return false;
    }
    return true;
  }

  /**
   * Reads {@code frames} images: one per page in {@code pages}, or (ImageJ large stacks) {@code frames}
   * contiguous images starting at the single page's data.
   */
  private static Dataset stack(Path file, FileChannel ch, ByteOrder order, List<TiffPage> pages, int frames,
                               TiffCalibration cal, String name, Metadata meta) throws IOException {
    String fname = file.getFileName().toString();
    TiffPage p0 = pages.get(0);
    long pageBytes = p0.pageBytes();
    long total;
    try {
      total = Math.multiplyExact(pageBytes, (long) frames);
    } catch (ArithmeticException e) {
      throw new BadInputException(fname + ": TIFF stack of " + frames + " pages of " + pageBytes + " bytes overflows");
    }
    if (total > MAX_BUFFER_BYTES) {
      throw new BadInputException(fname + ": TIFF stack of " + frames + " pages of " + p0.width + "×" + p0.height + " "
          + p0.type.numpyName() + " needs " + total + " bytes; at most 2 GiB supported per dataset");
    }
    ByteBuffer data;
    boolean contiguous = true;
    for (int k = 0; k < pages.size(); k++) {
      TiffPage p = pages.get(k);
      if (!p.contiguousRaw() || p.offsets[0] != p0.offsets[0] + k * pageBytes) contiguous = false;
    }
    if (contiguous && p0.offsets[0] + total > ch.size()) {
      throw new BadInputException(fname + ": TIFF stack of " + frames + " images of " + pageBytes + " bytes from offset "
          + p0.offsets[0] + " needs " + (p0.offsets[0] + total) + " bytes; file has " + ch.size());
    }
    if (contiguous && total > MAP_THRESHOLD_BYTES) {
      data = ch.map(FileChannel.MapMode.READ_ONLY, p0.offsets[0], total);
    } else if (contiguous) {
      data = ByteBuffer.allocate((int) total);
      NpyHeader.readFully(ch, data, p0.offsets[0], fname);
    } else {
      byte[] out = new byte[(int) total];
      for (int k = 0; k < pages.size(); k++) pages.get(k).decodeInto(ch, order, out, (int) (k * pageBytes));
      data = ByteBuffer.wrap(out);
    }
    data.order(order);
    for (String note : cal.notes()) meta = meta.withNote(note);
    for (Map.Entry<String, Object> e : cal.summary().entrySet()) meta = meta.withSummary(e.getKey(), e.getValue());
    long count = total / p0.type.bytes();
    Pixels px = Pixels.ofBytes(p0.type, data, count);
    Axis y = cal.yAxis(p0.height);
    Axis x = cal.xAxis(p0.width);
    if (p0.samplesPerPixel > 1 || !cal.spatial()) {
      List<Axis> axes = new ArrayList<>();
      if (frames > 1) axes.add(cal.frameAxis(frames));
      axes.add(y);
      axes.add(x);
      if (p0.samplesPerPixel > 1) axes.add(Axis.pixels("sample", p0.samplesPerPixel));
      return new NdArray(name, px, axes, meta);
    }
    if (frames == 1) return new Image(name, px, y, x, meta);
    Axis frame = cal.frameAxis(frames);
    double[] times = null;
    if (frame.unit().equals("s")) {
      times = new double[frames];
      for (int k = 0; k < frames; k++) times[k] = k * frame.scale();
    }
    return new ImageStack(name, px, frame, y, x, times, null, meta);
  }

  private static Metadata metadata(TiffIfd ifd, String description, Map<String, String> imagej, TiffCalibration cal,
                                   boolean big, ByteOrder order, int pages) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    String date = ifd.text(TiffIfd.DATE_TIME, 1 << 12);
    if (date != null && date.length() >= 10 && date.charAt(4) == ':' && date.charAt(7) == ':') {
      summary.put(Metadata.DATE, date.substring(0, 10).replace(':', '-'));
      if (date.length() >= 19) summary.put(Metadata.TIME, date.substring(11, 19));
    } else if (date != null && date.length() >= 10 && date.charAt(4) == '/' && date.charAt(7) == '/') {
      summary.put(Metadata.DATE, date.substring(0, 10).replace('/', '-')); // JEOL: 2019/11/27 16:11
    }
    String model = ifd.text(TiffIfd.MODEL, 1 << 12);
    if (model != null && !model.isBlank()) summary.put(Metadata.MICROSCOPE, model.trim());
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("variant", big ? "BigTIFF" : "TIFF");
    tree.put("byte_order", order == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian");
    tree.put("pages", pages);
    if (description != null) tree.put("ImageDescription", description);
    if (!imagej.isEmpty()) tree.put("ImageJ", new LinkedHashMap<>(imagej));
    String software = ifd.text(TiffIfd.SOFTWARE, 1 << 12);
    if (software != null) tree.put("Software", software);
    if (date != null) tree.put("DateTime", date);
    if (model != null) tree.put("Model", model);
    tree.put("calibration_from", cal.source());
    if (cal.fei() != null) tree.put("FEI", cal.fei());
    tree.putAll(cal.tree());
    return new Metadata(summary, tree);
  }

  static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
