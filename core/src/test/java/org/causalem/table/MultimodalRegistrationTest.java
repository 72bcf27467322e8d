package org.causalem.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultimodalRegistrationTest {
  /** A 5 × 4 map whose value at (row, col) is 100·row + col, as a per-pixel table. */
  private static DescriptorTable map(int w, int h) {
    double[][] c = new double[3][w * h];
    for (int r = 0; r < h; r++) {
      for (int k = 0; k < w; k++) {
        c[0][r * w + k] = r;
        c[1][r * w + k] = k;
        c[2][r * w + k] = 100 * r + k;
      }
    }
    return DescriptorTable.of(List.of("row", "col", "value"), c);
  }

  @Test
  void mapValuesLandOnTheCellsUnderThemWithOffsetAndScale() {
    // offset (10, 20) px, 16 × 8 image px per map pixel; map 5 wide, 4 high: covers x 10..90, y 20..52
    Registration reg = new Registration(10, 20, 16, 8);
    double[] x = {10.0, 25.9, 26.0, 89.9, 90.0, 9.9, 50, Double.NaN};
    double[] y = {20.0, 27.9, 28.0, 51.9, 30.0, 30.0, 52.0, 30};
    DescriptorTable cells = DescriptorTable.of(List.of("x_px", "y_px", "a_px"), new double[][] {x, y, new double[x.length]});
    Registration.Registered out = reg.register(cells, map(5, 4), 5, 4, List.of("value"), "eels_");
    // expected map pixels, worked out by hand: col = floor((x-10)/16), row = floor((y-20)/8)
    double[] expected = {0, 0, 100 * 1 + 1, 100 * 3 + 4, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    assertThat(out.registered()).containsExactly("eels_value");
    assertThat(out.table().names()).containsExactly("x_px", "y_px", "a_px", "eels_value");
    assertThat(out.table().rows()).isEqualTo(x.length);
    assertThat(out.table().column("eels_value")).containsExactly(expected);
    assertThat(out.outside()).isEqualTo(4);
    assertThat(cells.names()).hasSize(3);
  }

  @Test
  void registeredColumnsKeepTheRoleTheMapTableGivesThem() {
    DescriptorTable m = map(2, 2);
    DescriptorTable spectral = new DescriptorTable(m.names(), m.units(), m.columns(),
        List.of(Descriptor.Role.POSITION, Descriptor.Role.POSITION, Descriptor.Role.SPECTRAL));
    DescriptorTable cells = DescriptorTable.of(List.of("x_px", "y_px", "intensity_A"), new double[][] {{0.5}, {0.5}, {1}});
    DescriptorTable out = Registration.spanning(2, 2, 2, 2).register(cells, spectral, 2, 2, List.of("value"), "map_").table();
    // the name alone would say "other": the role comes from the map table, not from the name
    assertThat(Descriptor.roleOf("map_value")).isEqualTo(Descriptor.Role.OTHER);
    assertThat(out.descriptor("map_value").role()).isEqualTo(Descriptor.Role.SPECTRAL);
    assertThat(out.descriptor("intensity_A").role()).isEqualTo(Descriptor.Role.COMPOSITION);
  }

  @Test
  void spanningRegistrationScalesTheMapOverTheWholeImage() {
    Registration reg = Registration.spanning(100, 60, 5, 3);
    assertThat(reg.scaleXPx()).isEqualTo(20.0);
    assertThat(reg.scaleYPx()).isEqualTo(20.0);
    assertThat(reg.mapCol(99.9)).isEqualTo(4);
    assertThat(reg.mapRow(0)).isEqualTo(0);
    assertThat(reg.mapCol(-0.1)).isEqualTo(-1);
    DescriptorTable cells = DescriptorTable.of(List.of("x_px", "y_px"), new double[][] {{30, 99}, {45, 59}});
    double[] v = reg.register(cells, map(5, 3), 5, 3, List.of("value"), "fourd_").table().column("fourd_value");
    assertThat(v).containsExactly(200 + 1, 200 + 4);
  }

  @Test
  void badParametersAndColumnsAreRefusedWithTheirValues() {
    assertThatThrownBy(() -> new Registration(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.0");
    assertThatThrownBy(() -> new Registration(Double.NaN, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    DescriptorTable cells = DescriptorTable.of(List.of("x_px", "y_px"), new double[][] {{1}, {1}});
    assertThatThrownBy(() -> new Registration(0, 0, 1, 1).register(cells, map(2, 2), 2, 2, List.of("nope"), "eels_"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
  }
}
