package org.causalem.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.causalem.data.Axis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DM calibrations in the project's units; DM dates and times as ISO text. */
class DmCalibrationTest {
  private static DmCalibration cal(double origin, double scale, String unit) {
    return DmCalibration.of(Map.of("Origin", origin, "Scale", scale, "Units", unit));
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = ';', value = {
      // origin; scale; unit; expected scale; expected unit
      "10; 2; nm; 2; nm",
      "10; 2; \u00b5m; 2000; nm",
      "10; 2; \u03bcm; 2000; nm",
      "10; 2; um; 2000; nm",
      "10; 2; \u00c5; 0.2; nm",
      "10; 2; \u212b; 0.2; nm",
      "10; 2; pm; 0.002; nm",
      "10; 2; 1/nm; 2; 1/nm",
      "10; 2; 1/\u00c5; 20; 1/nm",
      "10; 2; 1/\u00b5m; 0.002; 1/nm",
      "10; 2; eV; 2; eV",
      "10; 2; keV; 2000; eV",
      "10; 2; meV; 0.002; eV",
      "10; 2; s; 2; s"})
  void unitsAreConvertedAndOffsetIsMinusOriginTimesScale(double origin, double scale, String unit, double expectedScale,
                                                         String expectedUnit) {
    Axis a = cal(origin, scale, unit).toAxis("a", 100);
    assertThat(a.unit()).isEqualTo(expectedUnit);
    assertThat(a.scale()).isCloseTo(expectedScale, within(1e-12 * expectedScale));
    // value(i) = (i - origin) * scale, in the new unit
    assertThat(a.value(0)).isCloseTo(-origin * expectedScale, within(1e-9 * expectedScale * origin));
    assertThat(a.value(origin)).isCloseTo(0, within(1e-9));
  }

  @Test
  void uncalibratedOrBrokenCalibrationsArePixels() {
    for (DmCalibration c : new DmCalibration[] {cal(5, 0.5, ""), cal(0, 0, "nm"), cal(0, Double.NaN, "nm"),
        cal(Double.POSITIVE_INFINITY, 1, "eV"), cal(0, 1e308, "km"), DmCalibration.of(null), DmCalibration.of("x")}) {
      Axis a = c.toAxis("x", 4);
      assertThat(a.unit()).as(c.toString()).isIn("px", "km");
      if (a.unit().equals("px")) {
        assertThat(a.scale()).isEqualTo(1);
        assertThat(a.offset()).isEqualTo(0);
      }
    }
  }

  @Test
  void float32CalibrationsKeepTheirDecimalValue() {
    Axis a = DmCalibration.of(Map.of("Origin", -2400f, "Scale", 0.1f, "Units", "eV")).toAxis("energy", 2048);
    assertThat(a.scale()).isEqualTo(0.1);
    assertThat(a.offset()).isEqualTo(240.0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "12/14/2019; 2019-12-14",
      "3/7/2021; 2021-03-07",
      "14/05/2019; 2019-05-14",
      "14.05.2019; 2019-05-14",
      "2019-5-4; 2019-05-04",
      "13/13/2019; 13/13/2019",
      "yesterday; yesterday"})
  void datesBecomeIso(String dm, String iso) {
    assertThat(DmSummary.isoDate(dm)).isEqualTo(iso);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "3:14:22 PM; 15:14:22",
      "12:05:09 AM; 00:05:09",
      "12:30 PM; 12:30:00",
      "23:01:02; 23:01:02",
      "25:00:00; 25:00:00",
      "noon; noon"})
  void timesBecomeIso24Hour(String dm, String iso) {
    assertThat(DmSummary.isoTime(dm)).isEqualTo(iso);
  }
}
