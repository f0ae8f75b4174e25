package io.consumergroups.benchmarks.rebalance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kills of one {@link FailoverCase} measured, in seconds after each kill:
 * written by {@link FailoverScenario}, reported by {@link FailoverReport}.
 */
final class FailoverMeasurements {

	final List<Double> processedAgain = new ArrayList<>();

	final List<Double> visibleAgain = new ArrayList<>();

}
