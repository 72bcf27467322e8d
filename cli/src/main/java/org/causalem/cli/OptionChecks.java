package org.causalem.cli;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import org.causalem.io.Numbers;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks every numeric option at the command-line boundary, the same way in every command: numbers are
 * read by the grammar of {@link Numbers} (so {@code NaN}, {@code Infinity}, {@code 1e400}, {@code 0x10},
 * {@code 3f} are refused), and each value must lie in the {@link Range} declared on its field. A refusal
 * is a usage error (exit 2) naming the option as the user typed it, the value and the accepted range.
 */
final class OptionChecks {
  private OptionChecks() {}

  /** Installs the strict number converters and the range check (before the command runs) on {@code cl}. */
  static void install(CommandLine cl) {
    CommandLine.ITypeConverter<Double> dbl = OptionChecks::toDouble;
    cl.registerConverter(Double.class, dbl);
    cl.registerConverter(Double.TYPE, dbl);
    for (CommandLine sub : cl.getSubcommands().values()) describeRanges(sub.getCommandSpec());
    CommandLine.IExecutionStrategy run = cl.getExecutionStrategy();
    cl.setExecutionStrategy(parsed -> {
      for (ParseResult pr = parsed; pr != null; pr = pr.subcommand()) check(pr.commandSpec());
      return run.execute(parsed);
    });
  }

  /** Appends each ranged option's accepted values to its help text, so that {@code --help} shows them. */
  private static void describeRanges(CommandSpec spec) {
    for (CommandLine.Model.OptionSpec o : new java.util.ArrayList<>(spec.options())) {
      Range r = range(o);
      if (r == null) continue;
      String[] d = o.description();
      String[] nd = java.util.Arrays.copyOf(d, Math.max(1, d.length));
      int last = nd.length - 1;
      nd[last] = (nd[last] == null ? "" : nd[last]) + " Accepted: " + describe(r).replace("value", o.paramLabel()) + ".";
      spec.remove(o);
      spec.addOption(o.toBuilder().description(nd).build());
    }
  }

  private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("`([a-z][A-Za-z0-9]*)`");

  /**
   * A message of the library as the command line says it: the parameters it names in backquotes ({@code `latticeConstant`})
   * become the options that set them ({@code --lattice-constant}).
   */
  static String asFlags(String message) {
    if (message == null || message.indexOf('`') < 0) return message;
    return PARAMETER.matcher(message).replaceAll(m -> "--" + m.group(1).replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
  }

  /** A usage error (exit 2) of {@code spec}'s command: an option value or combination that cannot work. */
  static ParameterException usage(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** {@code --lattice-constant} in nm, a usage error when it cannot be read or is out of range. */
  static double latticeNm(CommandSpec spec, String text) {
    try {
      return org.causalem.workflow.ImageInput.latticeConstantNm(text);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw usage(spec, m.startsWith("lattice constant:") ? "--lattice-constant" + m.substring("lattice constant".length()) : m);
    }
  }

  private static Double toDouble(String text) {
    try {
      double v = Numbers.parse(text.strip());
      if (Double.isNaN(v)) throw new CommandLine.TypeConversionException("'" + text + "' is not a number (NaN, NA and empty values are not accepted here)");
      return v;
    } catch (Numbers.NotANumber e) {
      if (Numbers.isInfinity(text.strip())) throw new CommandLine.TypeConversionException("'" + text + "' is infinite; a finite number is required");
      throw new CommandLine.TypeConversionException("'" + text + "' is not a decimal number (e.g. 0.5, -2, 1e-3)");
    }
  }

  /** The range declared on the field behind {@code arg}, or null. */
  static Range range(ArgSpec arg) {
    Object u = arg.userObject();
    return u instanceof Field f ? f.getAnnotation(Range.class) : null;
  }

  /** True for an option or parameter holding numbers (int, long, double, boxed, or a list of them). */
  static boolean isNumeric(ArgSpec arg) {
    Class<?> t = arg.type();
    if (List.class.isAssignableFrom(t) || t.isArray()) {
      Class<?>[] aux = arg.auxiliaryTypes();
      t = aux.length > 0 ? aux[0] : Object.class;
    }
    return t == int.class || t == long.class || t == double.class || t == Integer.class || t == Long.class || t == Double.class;
  }

  /** Refuses any value of a ranged option outside its range (defaults included: a wrong default is a bug caught by tests). */
  static void check(CommandSpec spec) {
    for (ArgSpec arg : spec.args()) {
      Range r = range(arg);
      if (r == null) continue;
      Object v = arg.getValue();
      if (v == null) continue;
      if (v instanceof List<?> list) {
        for (Object o : list) checkOne(spec, arg, r, o);
      } else {
        checkOne(spec, arg, r, v);
      }
    }
  }

  private static void checkOne(CommandSpec spec, ArgSpec arg, Range r, Object value) {
    if (!(value instanceof Number n)) return;
    double x = n.doubleValue();
    boolean ok = Double.isFinite(x) && (r.minExclusive() ? x > r.min() : x >= r.min()) && (r.maxExclusive() ? x < r.max() : x <= r.max());
    if (ok) return;
    String name = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
    List<String> typed = arg.originalStringValues();
    String shown = !(arg.getValue() instanceof List<?>) && !typed.isEmpty() ? typed.get(typed.size() - 1) : text(value);
    throw new ParameterException(spec.commandLine(), name + " " + shown + " is out of range: expected " + describe(r)
        + (r.why().isEmpty() ? "" : " (" + r.why() + ")"));
  }

  /** The accepted range in words, e.g. {@code 0 < value <= 1}. */
  static String describe(Range r) {
    return text(r.min()) + (r.minExclusive() ? " < " : " <= ") + "value" + (r.maxExclusive() ? " < " : " <= ") + text(r.max());
  }

  private static String text(Object v) {
    if (v instanceof Double d) return text(d.doubleValue());
    return String.valueOf(v);
  }

  private static String text(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf((long) d);
    return new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT).replace("e+", "e");
  }
}
