/**
 * Benchmarks and accuracy sweeps; nothing here is part of the product or its tests.
 *
 * <ul>
 *   <li>JMH benchmarks ({@code *Benchmark} classes with {@code @Benchmark} methods): run them with
 *       {@code java -jar bench/target/benchmarks.jar [regex]}.</li>
 *   <li>Stand-alone programs with a {@code main}: {@link org.causalem.bench.AtomsAccuracy},
 *       {@link org.causalem.bench.DemoSeedSweep}, {@link org.causalem.bench.FourdThroughput},
 *       {@link org.causalem.bench.PcaTiming}, {@link org.causalem.bench.ReadThroughputBenchmark}; their results are
 *       recorded in BENCHMARKS.md.</li>
 * </ul>
 *
 * <p>May import: every core package (it measures them), JMH and jHDF; nothing imports it.
 */
package org.causalem.bench;
