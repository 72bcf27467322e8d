package org.causalem.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.causalem.table.Descriptor.Role;
import org.junit.jupiter.api.Test;

class DescriptorTest {
  @Test
  void rolesOfTheCellsTableColumns() {
    assertThat(Descriptor.roleOf("intensity_A")).isEqualTo(Role.COMPOSITION);
    assertThat(Descriptor.roleOf("intensity_B_norm")).isEqualTo(Role.COMPOSITION);
    assertThat(Descriptor.roleOf("polarization_y_nm")).isEqualTo(Role.POLARIZATION);
    assertThat(Descriptor.roleOf("gamma_deg")).isEqualTo(Role.LATTICE);
    assertThat(Descriptor.roleOf("strain_xy")).isEqualTo(Role.LATTICE);
    assertThat(Descriptor.roleOf("sampling_x")).isEqualTo(Role.INSTRUMENT);
    assertThat(Descriptor.roleOf("x_px")).isEqualTo(Role.POSITION);
    assertThat(Descriptor.roleOf("eels_Ti-L23_counts")).isEqualTo(Role.SPECTRAL);
    assertThat(Descriptor.roleOf("pca2")).isEqualTo(Role.SPECTRAL);
    // standard errors are not the quantity they qualify
    assertThat(Descriptor.roleOf("polarization_x_sigma_px")).isEqualTo(Role.OTHER);
    assertThat(Descriptor.roleOf("intensity_A_sigma")).isEqualTo(Role.OTHER);
    assertThat(Descriptor.roleOf("temperature")).isEqualTo(Role.OTHER);
  }

  @Test
  void physicsTiersPutCompositionFirstAndPolarizationLast() {
    assertThat(Role.COMPOSITION.physicsTier()).isEqualTo(1);
    assertThat(Role.LATTICE.physicsTier()).isEqualTo(2);
    assertThat(Role.POLARIZATION.physicsTier()).isEqualTo(3);
    assertThat(Role.POLARIZATION.diverging()).isTrue();
    assertThat(Role.LATTICE.diverging()).isFalse();
  }

  @Test
  void everyMapOfAPixelTableIsSpectralWhateverItsName() {
    assertThat(Descriptor.mapRole("Ti-L23_counts")).isEqualTo(Role.SPECTRAL);
    assertThat(Descriptor.mapRole("t_over_lambda")).isEqualTo(Role.SPECTRAL);
    assertThat(Descriptor.mapRole("x_px")).isEqualTo(Role.POSITION);
    assertThat(Descriptor.mapRole("Ti-L23_shift_sigma_eV")).isEqualTo(Role.OTHER);
    assertThat(Descriptor.roleOf("Ti-L23_counts")).isEqualTo(Role.OTHER);
  }

  @Test
  void sigmaCompanionNames() {
    assertThat(Descriptor.named("a_px", "px").sigmaName()).isEqualTo("a_sigma_px");
    assertThat(Descriptor.named("intensity_A", "").sigmaName()).isEqualTo("intensity_A_sigma");
  }

  @Test
  void tablesCarryRolesThroughSelectAndRows() {
    DescriptorTable t = new DescriptorTable(List.of("a_px", "temperature"), List.of("px", "K"),
        new double[][] {{1, 2, 3}, {4, 5, 6}}, List.of(Role.LATTICE, Role.INSTRUMENT));
    DescriptorTable s = t.select(List.of("temperature")).rows(new int[] {2});
    assertThat(s.descriptor("temperature")).isEqualTo(new Descriptor("temperature", "K", Role.INSTRUMENT));
    assertThat(DescriptorTable.of(List.of("polarization_x_px"), new double[][] {{0}}).descriptor(0).role())
        .isEqualTo(Role.POLARIZATION);
  }
}
