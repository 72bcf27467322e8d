package org.causalem.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.causalem.workflow.DiscoverAnalysis;
import org.causalem.workflow.GpAnalysis;
import org.causalem.workflow.ImageInput;
import org.causalem.workflow.LawsAnalysis;
import picocli.CommandLine;

/**
 * Enum-valued options spelled as the outputs spell them ({@code fisher-z}, {@code matern52}): each nested class is the
 * option's picocli converter (a wrong value is a usage error listing the choices) and its completion candidates (shown
 * by {@code --help} through {@code ${COMPLETION-CANDIDATES}}).
 */
final class Choices {
  private Choices() {}

  /** Converter and candidates of the enum {@code E}, whose constants are spelled by {@code label}. */
  abstract static class Of<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
    private final E[] values;
    private final Function<E, String> label;

    Of(E[] values, Function<E, String> label) {
      this.values = values;
      this.label = label;
    }

    @Override public E convert(String text) {
      for (E e : values) if (label.apply(e).equalsIgnoreCase(text.strip())) return e;
      throw new CommandLine.TypeConversionException("'" + text + "' is not one of " + String.join(", ", this));
    }

    @Override public Iterator<String> iterator() {
      List<String> out = new ArrayList<>();
      for (E e : values) out.add(label.apply(e));
      return out.iterator();
    }
  }

  static final class Method extends Of<DiscoverAnalysis.Method> {
    Method() { super(DiscoverAnalysis.Method.values(), DiscoverAnalysis.Method::label); }
  }

  static final class Test extends Of<DiscoverAnalysis.Test> {
    Test() { super(DiscoverAnalysis.Test.values(), DiscoverAnalysis.Test::label); }
  }

  static final class Score extends Of<DiscoverAnalysis.ScoreType> {
    Score() { super(DiscoverAnalysis.ScoreType.values(), DiscoverAnalysis.ScoreType::label); }
  }

  static final class ColliderRule extends Of<DiscoverAnalysis.ColliderRule> {
    ColliderRule() { super(DiscoverAnalysis.ColliderRule.values(), DiscoverAnalysis.ColliderRule::label); }
  }

  static final class Kernel extends Of<GpAnalysis.KernelType> {
    Kernel() { super(GpAnalysis.KernelType.values(), GpAnalysis.KernelType::label); }
  }

  static final class GpMethod extends Of<GpAnalysis.Method> {
    GpMethod() { super(GpAnalysis.Method.values(), GpAnalysis.Method::label); }
  }

  static final class Criterion extends Of<LawsAnalysis.Criterion> {
    Criterion() { super(LawsAnalysis.Criterion.values(), LawsAnalysis.Criterion::label); }
  }

  static final class Lattice extends Of<ImageInput.Lattice> {
    Lattice() { super(ImageInput.Lattice.values(), ImageInput.Lattice::label); }
  }

  static final class Contrast extends Of<ImageInput.Contrast> {
    Contrast() { super(ImageInput.Contrast.values(), ImageInput.Contrast::label); }
  }
}
