package io.consumergroups.benchmarks.latency;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.CpuUse;

/**
 * What the runs of one variant at one rate measured, one value per run: end-to-end and
 * ProducerPerformance latencies (p50, p99, p99.9), the split at {@code processedAt}, CPU
 * in use and the statuses committed. Written by {@link LatencyBenchmark}, reported by
 * {@link LatencyReport}.
 */
final class RateMeasurements {

	final List<List<Double>> endToEnd = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

	final List<List<Double>> producer = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

	/** Send → processed ({@code processedAt}): p50, p99. */
	final List<List<Double>> untilProcessed = List.of(new ArrayList<>(), new ArrayList<>());

	/** Processed → status received by a read_committed consumer: p50, p99. */
	final List<List<Double>> untilVisible = List.of(new ArrayList<>(), new ArrayList<>());

	final List<Double> machineCores = new ArrayList<>();

	final Map<CpuUse.Role, List<Double>> cores = new EnumMap<>(CpuUse.Role.class);

	final List<Double> processedPerSecond = new ArrayList<>();

	/** Orders of the measured runs still without a status 30 s after their run. */
	int undelivered;

	RateMeasurements() {
		for (CpuUse.Role role : CpuUse.Role.values()) {
			this.cores.put(role, new ArrayList<>());
		}
	}

}
