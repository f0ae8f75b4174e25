package io.consumergroups.benchmarks.scaling;

import io.consumergroups.benchmarks.harness.Samples;

/**
 * One size of the share group.
 *
 * @param members share consumers in the group
 * @param rates statuses published per second, one sample per window
 * @param statuses statuses received from the step's start to its last window's end
 * @param overtaken how many of them were processed after a later order of their customer
 * @param redelivered how many of them were of a second or later delivery: the rate counts
 * them too
 */
record ShareStep(int members, Samples rates, long statuses, long overtaken, long redelivered) {

}
