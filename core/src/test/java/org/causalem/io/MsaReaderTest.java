package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.causalem.data.BadInputException;
import org.causalem.data.DataFile;
import org.causalem.data.Metadata;
import org.causalem.data.PixelType;
import org.causalem.data.Spectrum;
import org.causalem.spectra.EelsData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMSA/MSA spectra (ISO 22029) written by the test, with known values and calibrations. */
class MsaReaderTest {
  @TempDir Path tmp;

  private Path write(String name, String... lines) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return p;
  }

  private static Spectrum spectrum(Path p) throws Exception {
    try (DataFile df = Readers.open(p)) {
      assertThat(df.format()).isEqualTo("msa");
      assertThat(df.datasets()).hasSize(1);
      return df.first(Spectrum.class);
    }
  }

  /** Y data, five values a line (the last line short): values in order, OFFSET + i × XPERCHAN in eV, the header's facts. */
  @Test
  void yDataFiveToALineGiveTheValuesInOrderOnTheStatedAxis() throws Exception {
    Path p = write("eels.msa",
        "#FORMAT      : EMSA/MAS Spectral Data File", "#VERSION     : 1.0",
        "#TITLE       : Ti L2,3 edge of", "#TITLE       :  a SrTiO3 film", "#DATE        : 07-DEC-2026", "#TIME        : 14:05",
        "#NPOINTS     : 12.", "#NCOLUMNS    : 5.", "#XUNITS      : eV", "#DATATYPE    : Y", "#XPERCHAN    : 0.25",
        "#OFFSET      : -10.5", "#SIGNALTYPE  : ELS", "#BEAMKV   -kV: 200.0", "#CONVANGLE-mR: 21.4", "#COLLANGLE-mR: 35",
        "#ELSDET      : PARALL", "#INTEGTIME-ms: 250", "#COMMENT     : first remark", "#COMMENT     : second remark",
        "##OWNVALUE   : 3.14", "#SPECTRUM    : Spectral Data Starts Here",
        "1.5, 2, 3, 4, 5,", "6, 7, 8, 9, 1.0e1,", "-11.25, 12", "#ENDOFDATA   : End Of Data and File");
    Spectrum s = spectrum(p);
    assertThat(s.name()).isEqualTo("eels");
    assertThat(s.pixelType()).isEqualTo(PixelType.FLOAT64);
    assertThat(s.pixels().toDoubleArray()).containsExactly(1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10, -11.25, 12);
    assertThat(s.energy().offset()).isEqualTo(-10.5);
    assertThat(s.energy().scale()).isEqualTo(0.25);
    assertThat(s.energy().unit()).isEqualTo("eV");
    assertThat(s.energy().name()).isEqualTo("energy");
    assertThat(s.metadata().summary()).containsEntry(Metadata.TITLE, "Ti L2,3 edge of a SrTiO3 film")
        .containsEntry(Metadata.SIGNAL, Metadata.SIGNAL_EELS).containsEntry(Metadata.VOLTAGE_KV, 200.0)
        .containsEntry(Metadata.DATE, "2026-12-07").containsEntry(Metadata.TIME, "14:05").containsEntry(Metadata.DETECTOR, "PARALL")
        .containsEntry(Metadata.EXPOSURE_S, 0.25).containsEntry("convergence_angle_mrad", 21.4).containsEntry("collection_angle_mrad", 35.0);
    assertThat(s.metadata().tree()).containsEntry("BEAMKV-kV", "200.0").containsEntry("OWNVALUE", "3.14")
        .containsEntry("COMMENT", "first remark\nsecond remark");
    assertThat(s.metadata().notes()).isEmpty();
  }

  /** XY data with two x, y pairs a line, scientific notation, and XUNITS in words with the unit in parentheses. */
  @Test
  void xyPairsTwoToALineGiveTheYValues() throws Exception {
    Path p = write("xy.msa",
        "#FORMAT : EMSA/MAS Spectral Data File", "#VERSION : TC202v2.0", "#TITLE : two pairs a line", "#NPOINTS : 5.",
        "#NCOLUMNS : 2", "#XUNITS : Energy Loss (eV)", "#DATATYPE : XY", "#XPERCHAN : 3.1", "#OFFSET : 520.13",
        "#SIGNALTYPE : ELS", "#SPECTRUM : Spectral Data Starts Here",
        "5.2013e+02, 4.0660e+03, 523.23, 3.996E3", "526.33, 3932.0, 5.2943e+02, 3923", "532.53, 5.602e+03",
        "#ENDOFDATA : Spectral Data Ends Here");
    Spectrum s = spectrum(p);
    assertThat(s.pixels().toDoubleArray()).containsExactly(4066, 3996, 3932, 3923, 5602);
    assertThat(s.energy().offset()).isEqualTo(520.13);
    assertThat(s.energy().scale()).isEqualTo(3.1);
    assertThat(s.energy().unit()).isEqualTo("eV");
    assertThat(s.metadata().notes()).isEmpty();
  }

  /** An EDS spectrum in keV: the axis is converted to eV (10 eV per channel from -200 eV), the signal is EDS, and eels refuses it. */
  @Test
  void anEdsSpectrumInKevIsInEvAndRefusedByEels() throws Exception {
    Path p = write("eds.msa",
        "#FORMAT      : EMSA/MAS Spectral Data File", "#VERSION     : 1.0", "#TITLE       : EDS", "#NPOINTS     : 4",
        "#NCOLUMNS    : 1", "#XUNITS      : keV", "#DATATYPE    : Y", "#XPERCHAN    : 0.01", "#OFFSET      : -0.2",
        "#SIGNALTYPE  : EDS", "#LIVETIME  -s: 100.", "#REALTIME  -s: 150.", "#TAUWIND  -cm: 2.0 E-06",
        "#SPECTRUM    : DATA BEGINS HERE", "10", "20", "30", "40", "#ENDOFDATA   :");
    try (DataFile df = Readers.open(p)) {
      Spectrum s = df.first(Spectrum.class);
      assertThat(s.energy().offset()).isCloseTo(-200, within(1e-9));
      assertThat(s.energy().scale()).isCloseTo(10, within(1e-12));
      assertThat(s.energy().unit()).isEqualTo("eV");
      assertThat(s.metadata().summary()).containsEntry(Metadata.SIGNAL, Metadata.SIGNAL_EDS).containsEntry("live_time_s", 100.0)
          .containsEntry("real_time_s", 150.0);
      assertThatThrownBy(() -> EelsData.choose(df, null)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("eds.msa: holds no EELS data; eds is EDS");
    }
  }

  /** An EELS spectrum is what eels analyses: chosen, as a one-pixel spectrum image with the file's axis. */
  @Test
  void anEelsSpectrumIsChosenByEels() throws Exception {
    Path p = write("ok.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#NPOINTS : 3", "#XUNITS : eV", "#DATATYPE : Y",
        "#XPERCHAN : 0.5", "#OFFSET : 400", "#SIGNALTYPE : ELS", "#SPECTRUM :", "1, 2, 3", "#ENDOFDATA :");
    try (DataFile df = Readers.open(p)) {
      EelsData.Choice c = EelsData.choose(df, null);
      assertThat(c.data().shape()).containsExactly(1, 1, 3);
      assertThat(c.data().energy().offset()).isEqualTo(400);
    }
  }

  /**
   * What the file says about itself that does not add up is said in notes: 21 values where NPOINTS says 20 (all read),
   * an X column drifting from OFFSET + i × XPERCHAN by more than half a channel (the axis follows the keywords).
   */
  @Test
  void aWrongNpointsAndADriftingXColumnAreNotes() throws Exception {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < 21; i++) data.append(String.format(java.util.Locale.ROOT, "%.2f, %d\r\n", 100 + i * 2.0 - (i == 20 ? 1.5 : 0), i));
    Path p = write("drift.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#NPOINTS : 20.", "#XUNITS : eV", "#DATATYPE : XY",
        "#XPERCHAN : 2", "#OFFSET : 100", "#SPECTRUM :", data.toString().strip(), "#ENDOFDATA :");
    Spectrum s = spectrum(p);
    assertThat(s.channels()).isEqualTo(21);
    assertThat(s.pixels().getDouble(20)).isEqualTo(20);
    assertThat(s.energy().value(20)).isEqualTo(140);
    assertThat(s.metadata().notes()).containsExactly(
        "NPOINTS says 20; the data hold 21 values: all 21 read",
        "the X column departs from OFFSET + i × XPERCHAN by up to 1.5 eV (0.75 channel, at channel 20: 138.5 against 140); "
            + "the axis follows OFFSET and XPERCHAN, as the standard defines it");
  }

  /** Without XPERCHAN, XY data give the axis from their X column; without XUNITS, the axis is in channels. */
  @Test
  void missingCalibrationKeywords() throws Exception {
    Path xy = write("noscale.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#XUNITS : eV", "#DATATYPE : XY", "#SPECTRUM :",
        "10, 1", "10.5, 2", "11, 3", "11.5, 4", "#ENDOFDATA :");
    Spectrum s = spectrum(xy);
    assertThat(s.energy().offset()).isEqualTo(10);
    assertThat(s.energy().scale()).isEqualTo(0.5);
    assertThat(s.metadata().notes()).containsExactly("no XPERCHAN: the axis is the X column's, from 10 in steps of 0.5");
    Path y = write("nounit.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#NPOINTS : 2", "#DATATYPE : Y", "#XPERCHAN : 1.0",
        "#OFFSET : 0.0", "#XUNITS : ", "#SPECTRUM :", "5, 6", "#ENDOFDATA :");
    Spectrum u = spectrum(y);
    assertThat(u.energy().calibrated()).isFalse();
    assertThat(u.metadata().notes()).contains("XUNITS empty: OFFSET 0 and XPERCHAN 1 have no unit; the axis is in channels");
  }

  /** DATATYPE Y with one x, y pair per line whose x follows the axis (as HyperSpy 1.1 wrote): the pairs' y values. */
  @Test
  void yDataThatAreXyPairsAreReadAsPairs() throws Exception {
    Path p = write("pairs.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#NCOLUMNS : 1", "#DATATYPE : Y", "#OFFSET : 0.0",
        "#NPOINTS : 3", "#XPERCHAN : 2.0", "#XUNITS : eV", "#SPECTRUM :", "0.000000, 7.0", "2.000000, 8.0", "4.000000, 9.0",
        "#ENDOFDATA :");
    Spectrum s = spectrum(p);
    assertThat(s.pixels().toDoubleArray()).containsExactly(7, 8, 9);
    assertThat(s.metadata().notes()).containsExactly("DATATYPE says Y, but each data line holds an x, y pair whose x follows"
        + " OFFSET + i × XPERCHAN: read as XY (3 points)");
  }

  /** The first line decides, not the extension: a .txt that starts with #FORMAT is an MSA spectrum. */
  @Test
  void recognisedByItsFirstLineNotItsName() throws Exception {
    Path p = write("spectrum.txt", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : Y", "#XPERCHAN : 1", "#OFFSET : 0",
        "#XUNITS : eV", "#SPECTRUM :", "1", "2", "#ENDOFDATA :");
    assertThat(spectrum(p).channels()).isEqualTo(2);
  }

  @Test
  void badInputNamesTheFileTheKeywordOrLineAndWhatWasExpected() throws Exception {
    Path scale = write("scale.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : Y", "#XPERCHAN : 3,1", "#XUNITS : eV",
        "#SPECTRUM :", "1", "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(scale)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("scale.msa: #XPERCHAN '3,1' is not a number (expected a decimal");
    Path value = write("value.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : Y", "#XPERCHAN : 1", "#SPECTRUM :",
        "1, 2", "3, 4x", "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(value)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("value.msa: line 6: data value '4x' is not a number");
    Path odd = write("odd.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : XY", "#SPECTRUM :", "1, 2", "3, 4, 5",
        "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(odd)).isInstanceOf(BadInputException.class)
        .hasMessage("odd.msa: line 5 holds 3 values; DATATYPE XY expects x, y pairs (an even number per line)");
    Path type = write("type.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : XYZ", "#SPECTRUM :", "1", "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(type)).isInstanceOf(BadInputException.class)
        .hasMessage("type.msa: DATATYPE 'XYZ': expected Y or XY");
    Path none = write("none.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : Y", "1, 2, 3");
    assertThatThrownBy(() -> Readers.open(none)).isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("none.msa: no #SPECTRUM line");
    Path empty = write("empty.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#SPECTRUM :", "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(empty)).isInstanceOf(BadInputException.class)
        .hasMessage("empty.msa: no data values between #SPECTRUM and #ENDOFDATA");
    Path zero = write("zero.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#XPERCHAN : 0", "#XUNITS : eV", "#SPECTRUM :", "1",
        "#ENDOFDATA :");
    assertThatThrownBy(() -> Readers.open(zero)).isInstanceOf(BadInputException.class)
        .hasMessage("zero.msa: XPERCHAN '0': expected a non-zero channel width");
  }

  /** An optional keyword that is not a number is a note, not a refusal: the spectrum is still read. */
  @Test
  void anUnreadableOptionalNumberIsANote() throws Exception {
    Path p = write("kv.msa", "#FORMAT : EMSA/MAS Spectral Data File", "#DATATYPE : Y", "#XPERCHAN : 1", "#OFFSET : 0",
        "#XUNITS : eV", "#BEAMKV -kV: high", "#SPECTRUM :", "1", "2", "#ENDOFDATA :");
    Spectrum s = spectrum(p);
    assertThat(s.metadata().summary()).doesNotContainKey(Metadata.VOLTAGE_KV);
    assertThat(s.metadata().notes()).containsExactly("#BEAMKV 'high' is not a number; not used");
  }

  /** Seeded random edits of a valid file (characters replaced, removed, lines cut): each reads, or is refused naming the file. */
  @Test
  void mutatedFilesReadOrAreRefusedCleanly() throws Exception {
    String valid = String.join("\r\n", "#FORMAT : EMSA/MAS Spectral Data File", "#TITLE : t", "#NPOINTS : 6", "#NCOLUMNS : 2",
        "#XUNITS : keV", "#DATATYPE : XY", "#XPERCHAN : 0.01", "#OFFSET : -0.02", "#SIGNALTYPE : EDS", "#BEAMKV -kV: 20",
        "#SPECTRUM :", "-0.02, 1, -0.01, 2", "0.00, 3, 0.01, 4", "0.02, 5, 0.03, 6", "#ENDOFDATA :", "");
    String alphabet = "0123456789#:,. -+eE\r\nXYkVNaz";
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261207);
    Path p = tmp.resolve("fuzz.msa");
    int read = 0;
    for (int k = 0; k < 400; k++) {
      StringBuilder sb = new StringBuilder(valid);
      for (int e = 1 + rnd.nextInt(3); e > 0; e--) {
        int at = 10 + rnd.nextInt(sb.length() - 10);
        if (rnd.nextBoolean()) sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
        else sb.delete(at, Math.min(sb.length(), at + 1 + rnd.nextInt(12)));
      }
      Files.write(p, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
      try (DataFile df = Readers.open(p)) {
        Spectrum s = df.first(Spectrum.class);
        assertThat(s.channels()).isPositive();
        read++;
      } catch (BadInputException e) {
        assertThat(e.getMessage()).as(sb.toString()).contains("fuzz.msa");
      }
    }
    assertThat(read).as("mutations that still read").isBetween(40, 399);
  }
}
