package io.consumergroups.benchmarks.throughput;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * order-processor and the plain loop with the same guarantee and poll size, and the ratio
 * of their throughputs in each round.
 *
 * @param label the guarantee and the poll size, e.g. {@code EOS, polls of 50}
 * @param plain the plain loop's runs
 * @param processor order-processor's runs
 * @param ratios order-processor's rate over the plain loop's, per round
 */
record PairedRuns(String label, ConsumerRuns plain, ConsumerRuns processor, Samples ratios) {

}
