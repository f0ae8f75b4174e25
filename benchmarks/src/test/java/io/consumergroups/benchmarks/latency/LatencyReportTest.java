package io.consumergroups.benchmarks.latency;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.CpuUse;
import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.Section;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyReportTest {

	@Test
	void shouldWriteTheLatenciesOfARateBesideTheProducersAndTheirRatioAgainstTheAim() {
		// Given two runs at 500 orders/s as order-processor ships, on 3 brokers
		RateMeasurements rate = new RateMeasurements();
		rate.endToEnd.get(0).addAll(List.of(21.0, 23.0));
		rate.endToEnd.get(1).addAll(List.of(40.0, 48.0));
		rate.endToEnd.get(2).addAll(List.of(70.0, 90.0));
		rate.producer.get(0).addAll(List.of(4.0, 5.0));
		rate.producer.get(1).addAll(List.of(12.0, 14.0));
		rate.producer.get(2).addAll(List.of(30.0, 31.0));
		rate.untilProcessed.get(0).addAll(List.of(9.0, 11.0));
		rate.untilProcessed.get(1).addAll(List.of(20.0, 22.0));
		rate.untilVisible.get(0).addAll(List.of(12.0, 12.5));
		rate.untilVisible.get(1).addAll(List.of(25.0, 27.0));
		rate.machineCores.addAll(List.of(1.5, Double.NaN, 1.75));
		rate.cores.get(CpuUse.Role.BROKERS).addAll(List.of(0.5, 0.7));
		rate.cores.get(CpuUse.Role.REPLICAS).addAll(List.of(0.9, 1.1));
		rate.processedPerSecond.addAll(List.of(499.0, 501.0));
		Variant variant = LatencyBenchmark.VARIANTS.get(0);

		// When
		Section section = new LatencyReport(RunSettings.full(3), 3).section(Map.of(variant, Map.of(500, rate)));

		// Then
		String setting = "500 orders/s, 3 replicas, polls of 50 (default), 3 brokers";
		assertThat(ResultTable.markdown(section.results()).lines().skip(2)).containsExactly(
				"| P5 | end-to-end p50 (send → committed status read) | " + setting + " | 22 ms | 21–23 | 2 |  |  |",
				"| P5 | end-to-end p99 (send → committed status read) | " + setting + " | 44 ms | 40–48 | 2 |  |  |",
				"| P5 | end-to-end p99.9 (send → committed status read) | " + setting + " | 80 ms | 70–90 | 2 |  |  |",
				"| P5 | ProducerPerformance p50 (send → ack, acks=all) | " + setting + " | 5 ms | 4–5 | 2 |  |  |",
				"| P5 | ProducerPerformance p99 (send → ack, acks=all) | " + setting + " | 13 ms | 12–14 | 2 |  |  |",
				"| P5 | ProducerPerformance p99.9 (send → ack, acks=all) | " + setting + " | 31 ms | 30–31 | 2 |  |  |",
				"| P5 | ratio end-to-end p99 / producer p99 | " + setting
						+ " | 3.38× | 3.33–3.43 | 2 | ≤ 3.00× | missed |",
				"| P5 | statuses committed during the run | " + setting + " | 500 orders/s | 499–501 | 2 |  |  |",
				"| P5 | send → processed p50 (waiting for a poll, and the poll) | " + setting
						+ " | 10 ms | 9–11 | 2 |  |  |",
				"| P5 | send → processed p99 (waiting for a poll, and the poll) | " + setting
						+ " | 21 ms | 20–22 | 2 |  |  |",
				"| P5 | processed → status read p50 (rest of the poll, offsets, commit, read) | " + setting
						+ " | 12 ms | 12–13 | 2 |  |  |",
				"| P5 | processed → status read p99 (rest of the poll, offsets, commit, read) | " + setting
						+ " | 26 ms | 25–27 | 2 |  |  |",
				"| P5 | CPU in use, whole machine (of " + CpuUse.Interval.cores() + " cores) | " + setting
						+ " | 1.63 cores | 1.50–1.75 | 2 |  |  |",
				"| P5 | CPU in use, brokers | " + setting + " | 0.60 cores | 0.50–0.70 | 2 |  |  |",
				"| P5 | CPU in use, order-processor replicas | " + setting + " | 1.00 cores | 0.90–1.10 | 2 |  |  |");
	}

	@Test
	void shouldCountTheOrdersOfASaturatedRateAndChartEveryRateMeasured() {
		// Given a rate the group could not keep up with, on one broker, and the
		// other rates not measured
		RateMeasurements saturated = new RateMeasurements();
		saturated.endToEnd.forEach((percentile) -> percentile.add(4_000.0));
		saturated.producer.forEach((percentile) -> percentile.add(10.0));
		saturated.undelivered = 1_234;
		Map<Integer, RateMeasurements> byRate = new LinkedHashMap<>();
		byRate.put(2000, saturated);

		// When
		Section section = new LatencyReport(RunSettings.quick(), 1)
			.section(Map.of(LatencyBenchmark.VARIANTS.get(2), byRate));

		// Then
		assertThat(ResultTable.markdown(section.results()))
			.contains("| P5 | orders not processed within 30 s after the run (saturated) | 2,000 orders/s, 3 replicas, "
					+ "polls of 500, 1 broker | 1,234 | — | 1 |  |  |");
		assertThat(section.charts()).singleElement().satisfies((chart) -> {
			assertThat(chart.categories()).containsExactly("20/s", "500/s", "2,000/s");
			assertThat(chart.series().get(0).name()).isEqualTo("end-to-end p50, polls of 500");
			assertThat(chart.series().get(0).points().get(2).median()).isEqualTo(4_000.0);
			assertThat(chart.series().get(0).points().get(0).isEmpty()).isTrue();
		});
	}

}
