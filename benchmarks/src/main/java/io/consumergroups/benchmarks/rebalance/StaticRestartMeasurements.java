package io.consumergroups.benchmarks.rebalance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the static restarts of one group protocol measured, one value per restart: written
 * by {@link StaticRestartScenario}, reported by {@link RebalanceReport}.
 */
final class StaticRestartMeasurements {

	final List<Double> moved = new ArrayList<>();

	final List<Double> othersStall = new ArrayList<>();

	final List<Double> arrivalOthers = new ArrayList<>();

	final List<Double> ownPause = new ArrayList<>();

	final List<Double> baseline = new ArrayList<>();

	final List<Double> lagBefore = new ArrayList<>();

	/** Events skipped: the group had not caught up. */
	final List<String> behind = new ArrayList<>();

}
