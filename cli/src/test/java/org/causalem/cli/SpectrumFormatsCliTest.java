package org.causalem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eels and info on EMSA/MSA spectra and ripple spectrum images written by the test. */
class SpectrumFormatsCliTest {
  /** An EMSA file: a power-law background from 400 eV in 0.5 eV channels with a step at the O K onset (532 eV). */
  private static Path msa(Path dir, String name, String signalType) throws Exception {
    StringBuilder sb = new StringBuilder("#FORMAT : EMSA/MAS Spectral Data File\r\n#VERSION : 1.0\r\n#NPOINTS : 400\r\n#NCOLUMNS : 1\r\n"
        + "#XUNITS : eV\r\n#DATATYPE : Y\r\n#XPERCHAN : 0.5\r\n#OFFSET : 400\r\n#SIGNALTYPE : " + signalType + "\r\n#SPECTRUM :\r\n");
    for (int i = 0; i < 400; i++) {
      double e = 400 + 0.5 * i;
      sb.append(String.format(java.util.Locale.ROOT, "%.3f%n", 1e9 * Math.pow(e, -3) + (e >= 532 ? 2000 : 0)));
    }
    sb.append("#ENDOFDATA :\r\n");
    Path p = dir.resolve(name);
    Files.write(p, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    return p;
  }

  @Test
  void eelsAnalysesAnEelsMsaAndRefusesAnEdsOne(@TempDir Path dir) throws Exception {
    Path eels = msa(dir, "ok.msa", "ELS");
    Path out = dir.resolve("o");
    CliRun r = CliRun.of("eels", eels.toString(), "--edges", "O-K", "--quiet", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode j = new ObjectMapper().readTree(out.resolve("eels.json").toFile());
    assertThat(j.path("energy_axis").path("offset_eV").asDouble()).isEqualTo(400.0);
    assertThat(j.path("energy_axis").path("channels").asInt()).isEqualTo(400);
    Path eds = msa(dir, "x.msa", "EDS");
    CliRun refused = CliRun.of("eels", eds.toString(), "--out", dir.resolve("o2").toString());
    assertThat(refused.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(refused.err()).contains("x.msa: holds no EELS data; x is EDS");
  }

  /** An edge whose background window the spectrum does not cover is a usage error naming --edges, not a crash. */
  @Test
  void anEdgeOutsideTheSpectrumIsAUsageError(@TempDir Path dir) throws Exception {
    Path eels = msa(dir, "ok.msa", "ELS");
    CliRun r = CliRun.of("eels", eels.toString(), "--edges", "C-K", "--out", dir.resolve("o").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--edges C-K (onset 284.0 eV) needs").contains("ok.msa covers 400.00..599.50 eV");
  }

  @Test
  void infoOnARippleRawShowsTheSpectrumImage(@TempDir Path dir) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(2 * 3 * 8 * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 48; i++) b.putShort((short) i);
    Files.write(dir.resolve("si.raw"), b.array());
    Files.writeString(dir.resolve("si.rpl"), "key\tvalue\nwidth\t3\nheight\t2\ndepth\t8\noffset\t0\ndata-length\t2\ndata-type\tunsigned\n"
        + "byte-order\tlittle-endian\nrecord-by\tvector\ndepth-scale\t0.1\ndepth-origin\t-0.2\ndepth-units\tkeV\nsignal\tEDS_SEM\n");
    CliRun r = CliRun.of("info", dir.resolve("si.raw").toString(), "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    JsonNode d = new ObjectMapper().readTree(r.out()).path("datasets").get(0);
    assertThat(d.path("kind").asText()).isEqualTo("spectrum-image");
    assertThat(d.path("shape").toString()).isEqualTo("[2,3,8]");
    assertThat(d.path("axes").get(2).path("scale").asDouble()).isEqualTo(100.0);
    assertThat(d.path("axes").get(2).path("offset").asDouble()).isEqualTo(-200.0);
    assertThat(d.path("metadata").path("signal").asText()).isEqualTo("EDS");
  }
}
