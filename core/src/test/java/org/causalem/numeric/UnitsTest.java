package org.causalem.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import org.causalem.numeric.Units.Conversion;
import org.causalem.numeric.Units.Quantity;
import org.junit.jupiter.api.Test;

/** Contract of the unit table: every family of spellings, the factors, and the one meaning of unknown. */
class UnitsTest {
  private static void is(String spelling, Quantity q, String unit, double factor) {
    assertThat(Units.of(spelling)).as(spelling).isEqualTo(new Conversion(q, unit, factor));
  }

  @Test void lengthsInNanometres() {
    is("nm", Quantity.LENGTH, "nm", 1);
    is("NM", Quantity.LENGTH, "nm", 1);
    is(" n_m ", Quantity.LENGTH, "nm", 1);
    is("nanometres", Quantity.LENGTH, "nm", 1);
    for (String a : new String[] {"A", "a", "\u00C5", "\u212B", "[\u00C5]", "Ang", "Angstrom", "angstroms"}) is(a, Quantity.LENGTH, "nm", 0.1);
    for (String u : new String[] {"\u00B5m", "\u03BCm", "um", "micron", "microns", "micrometre"}) is(u, Quantity.LENGTH, "nm", 1e3);
    is("pm", Quantity.LENGTH, "nm", 1e-3);
    is("mm", Quantity.LENGTH, "nm", 1e6);
    is("cm", Quantity.LENGTH, "nm", 1e7);
    is("m", Quantity.LENGTH, "nm", 1e9);
    is("meters", Quantity.LENGTH, "nm", 1e9);
    is("inch", Quantity.LENGTH, "nm", 2.54e7);
  }

  @Test void reciprocalLengthsInInverseNanometres() {
    is("1/nm", Quantity.RECIPROCAL_LENGTH, "1/nm", 1);
    is("nm^-1", Quantity.RECIPROCAL_LENGTH, "1/nm", 1);
    is("nm-1", Quantity.RECIPROCAL_LENGTH, "1/nm", 1);
    is("1/\u00C5", Quantity.RECIPROCAL_LENGTH, "1/nm", 10); // 1 Å⁻¹ = 10 nm⁻¹
    is("A^-1", Quantity.RECIPROCAL_LENGTH, "1/nm", 10);
    is("1/m", Quantity.RECIPROCAL_LENGTH, "1/nm", 1e-9);
    is("m-1", Quantity.RECIPROCAL_LENGTH, "1/nm", 1e-9);
    is("1/counts", Quantity.UNKNOWN, "1/counts", 1);
  }

  @Test void energiesInElectronvoltsWithCaseSensitivePrefixes() {
    is("eV", Quantity.ENERGY, "eV", 1);
    is("ev", Quantity.ENERGY, "eV", 1);
    is("keV", Quantity.ENERGY, "eV", 1e3);
    is("meV", Quantity.ENERGY, "eV", 1e-3);
    is("MeV", Quantity.ENERGY, "eV", 1e6);
    is("mev", Quantity.UNKNOWN, "mev", 1); // milli or mega: cannot tell
  }

  @Test void timesInSeconds() {
    is("s", Quantity.TIME, "s", 1);
    is("ms", Quantity.TIME, "s", 1e-3);
    is("\u00B5s", Quantity.TIME, "s", 1e-6);
    is("ps", Quantity.TIME, "s", 1e-12);
    is("fs", Quantity.TIME, "s", 1e-15);
    is("sec", Quantity.TIME, "s", 1);
    is("min", Quantity.TIME, "s", 60);
    is("hour", Quantity.TIME, "s", 3600);
    is("nsec", Quantity.TIME, "s", 1e-9);
  }

  @Test void pixelsAndNoUnit() {
    for (String p : new String[] {"", "  ", "px", "Pixels", "pixel", "<undefined>"}) is(p, Quantity.PIXEL, "px", 1);
    is(null, Quantity.PIXEL, "px", 1);
  }

  @Test void unknownKeepsTheSpellingUnconvertedAndIsNotALength() {
    is("counts", Quantity.UNKNOWN, "counts", 1);
    is("Grey Value", Quantity.UNKNOWN, "GreyValue", 1);
    assertThat(Units.nmPer("counts")).isNaN();
    assertThat(Units.nmPer("eV")).isNaN();
    assertThat(Units.nmPer("1/nm")).isNaN();
    assertThat(Units.nmPer("px")).isNaN();
    assertThat(Units.nmPer("\u212B")).isEqualTo(0.1);
    assertThat(Units.nmPer("pm")).isEqualTo(1e-3);
  }
}
