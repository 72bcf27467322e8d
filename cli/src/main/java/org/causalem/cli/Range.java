package org.causalem.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The accepted values of a numeric option, declared once on its field and checked by {@link OptionChecks}
 * before the command runs (every value of a list option). NaN and infinities are refused by the number
 * converter before this range is looked at. Every numeric option except {@code --seed} carries one (a
 * test enumerates the options and fails on one that does not).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
  /** Smallest accepted value. */
  double min();

  /** Largest accepted value. */
  double max();

  /** When true the minimum itself is refused ({@code > min}). */
  boolean minExclusive() default false;

  /** When true the maximum itself is refused ({@code < max}). */
  boolean maxExclusive() default false;

  /** Why the bound, for the message (e.g. "more would take hours"); empty for none. */
  String why() default "";
}
