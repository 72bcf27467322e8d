/** JMH benchmarks; run {@code java -jar bench/target/benchmarks.jar}. */
package org.causalem.bench;
