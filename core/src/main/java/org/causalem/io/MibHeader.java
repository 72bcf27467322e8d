package org.causalem.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.causalem.data.BadInputException;
import org.causalem.data.PixelType;

/**
 * One Quantum Detectors Merlin frame header: comma-separated ASCII starting {@code MQ1,}, padded with
 * NULs to its stated size. Fields: 1 sequence number, 2 header bytes, 3 number of chips, 4 width,
 * 5 height, 6 pixel depth ({@code U08 U16 U32 R64}), 7 sensor layout, 8 chip select, 9 time stamp,
 * 10 shutter time (s), 11 counter, ... and, in newer firmware, {@code MQ1A}, an ISO time stamp, the
 * shutter time in ns and the counter depth in bits.
 *
 * @param width pixels per row of the decoded frame
 * @param height rows of the decoded frame
 * @param headerBytes bytes of each frame header
 * @param frameBytes bytes of each frame's data
 * @param raw true for {@code R64} (raw counter readout, decoded in 64-bit words)
 * @param counterDepth 1, 6, 12 or 24 bits
 */
record MibHeader(int sequence, int headerBytes, int chips, int width, int height, String depth, String layout,
                 boolean raw, int counterDepth, PixelType type, long frameBytes, String timestamp, double shutterS,
                 List<String> fields) {

  static final String MAGIC = "MQ1,";

  /** Parses {@code text} (the header's bytes as ASCII). @throws BadInputException naming the field */
  static MibHeader parse(String name, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (!text.startsWith(MAGIC)) throw new BadInputException(name + ": MIB frame header does not start with 'MQ1,'");
    int nul = text.indexOf('\0');
    if (nul >= 0) text = text.substring(0, nul);
    List<String> f = new ArrayList<>(List.of(text.split(",", -1)));
    if (f.size() < 8) throw new BadInputException(name + ": MIB frame header has " + f.size() + " fields; expected at least 8");
    int sequence = field(name, f, 1, "sequence number", 0, Integer.MAX_VALUE);
    int headerBytes = field(name, f, 2, "header size", 16, 1 << 20);
    int chips = field(name, f, 3, "number of chips", 1, 64);
    int w = field(name, f, 4, "width", 1, 1 << 16);
    int h = field(name, f, 5, "height", 1, 1 << 16);
    String depth = f.get(6).trim();
    String layout = f.get(7).trim();
    int counterDepth = counterDepth(f);
    boolean raw = depth.equals("R64");
    PixelType type;
    long frameBytes;
    if (!raw) {
      int bits = switch (depth) {
        case "U08" -> 8;
        case "U16" -> 16;
        case "U32" -> 32;
        default -> throw new BadInputException(name + ": MIB pixel depth '" + depth + "' (field 6); expected U08, U16, U32 or R64 (1-bit processed data is stored as U08)");
      };
      if (counterDepth == 0) counterDepth = bits == 8 ? 6 : bits == 16 ? 12 : 24;
      type = bits == 16 ? PixelType.UINT16 : bits == 32 ? PixelType.UINT32 : PixelType.UINT8;
      frameBytes = (long) w * h * (bits / 8);
    } else {
      if (counterDepth == 0) {
        throw new BadInputException(name + ": MIB raw (R64) frame header gives no counter depth; expected 1, 6, 12 or 24 after 'MQ1A'");
      }
      long px = (long) w * h;
      switch (counterDepth) {
        case 1 -> {
          type = PixelType.UINT8;
          frameBytes = px / 8;
        }
        case 6 -> {
          type = PixelType.UINT8;
          frameBytes = px;
        }
        case 12 -> {
          type = PixelType.UINT16;
          frameBytes = px * 2;
        }
        case 24 -> {
          // two 12-bit readouts (most significant first); the header counts both in its width
          if (w % 2 != 0) throw new BadInputException(name + ": MIB raw 24-bit width " + w + " is odd; expected two 12-bit halves");
          w /= 2;
          type = PixelType.UINT32;
          frameBytes = (long) w * h * 4;
        }
        default -> throw new BadInputException(name + ": MIB counter depth " + counterDepth + "; expected 1, 6, 12 or 24");
      }
      if (px % 64 != 0 && counterDepth == 1 || px % 8 != 0) {
        throw new BadInputException(name + ": MIB raw frame of " + w + "×" + h + " pixels is not a whole number of 64-bit words");
      }
      if (chips == 4 && layout.replace("G", "").endsWith("2x2")) {
        if (counterDepth == 24) throw new BadInputException(name + ": MIB raw 24-bit quad (2x2) data is not supported");
        if (w != 4 * h) {
          throw new BadInputException(name + ": MIB raw quad frame of " + w + "×" + h + "; expected 4 chip rows side by side (width = 4 × height)");
        }
        int side = 2 * h;
        w = side;
        h = side;
      } else if (chips != 1) {
        throw new BadInputException(name + ": MIB raw data from " + chips + " chips in layout '" + layout
            + "' is not supported (only single chip and 2x2 quad)");
      }
    }
    String timestamp = f.size() > 9 ? f.get(9).trim() : "";
    double shutter = Double.NaN;
    if (f.size() > 10) {
      try {
        shutter = Double.parseDouble(f.get(10).trim());
      } catch (NumberFormatException e) {
        shutter = Double.NaN;
      }
    }
    return new MibHeader(sequence, headerBytes, chips, w, h, depth, layout, raw, counterDepth, type, frameBytes,
        timestamp, shutter, List.copyOf(f));
  }

  /** The counter depth from the extended ({@code MQ1A}) part: the third field after it; 0 when absent. */
  private static int counterDepth(List<String> f) {
    for (int i = 0; i < f.size(); i++) {
      if (f.get(i).trim().equals("MQ1A") && i + 3 < f.size()) {
        try {
          return Integer.parseInt(f.get(i + 3).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static int field(String name, List<String> f, int i, String what, int min, int max) {
    String s = f.get(i).trim();
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new BadInputException(name + ": MIB frame header field " + i + " (" + what + ") is '" + s + "'; expected an integer");
    }
    if (v < min || v > max) {
      throw new BadInputException(name + ": MIB frame header field " + i + " (" + what + ") is " + v + "; expected " + min + ".." + max);
    }
    return v;
  }

  long strideBytes() { return headerBytes + frameBytes; }

  /** The header's fields by name, for the metadata tree. */
  Map<String, Object> tree() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sequence_number", sequence);
    m.put("header_bytes", headerBytes);
    m.put("chips", chips);
    m.put("width", width);
    m.put("height", height);
    m.put("pixel_depth", depth);
    m.put("sensor_layout", layout);
    m.put("counter_depth_bits", counterDepth);
    m.put("raw", raw);
    m.put("timestamp", timestamp);
    if (Double.isFinite(shutterS)) m.put("shutter_s", shutterS);
    m.put("fields", fields);
    return m;
  }
}
