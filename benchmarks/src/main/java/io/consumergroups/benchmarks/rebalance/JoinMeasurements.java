package io.consumergroups.benchmarks.rebalance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the joins of one group protocol measured, one value per join (or per control) that
 * saw it: written by {@link JoinScenario}, reported by {@link RebalanceReport}.
 */
final class JoinMeasurements {

	final List<Double> stallUnmoved = new ArrayList<>();

	final List<Double> arrivalUnmoved = new ArrayList<>();

	final List<Double> stallMoved = new ArrayList<>();

	final List<Double> toStable = new ArrayList<>();

	final List<Double> window = new ArrayList<>();

	final List<Double> unmovedCount = new ArrayList<>();

	final List<Double> baseline = new ArrayList<>();

	final List<Double> control = new ArrayList<>();

	final List<Double> arrivalControl = new ArrayList<>();

	final List<Double> lagBefore = new ArrayList<>();

	/** Events skipped: the group had not caught up. */
	final List<String> behind = new ArrayList<>();

}
