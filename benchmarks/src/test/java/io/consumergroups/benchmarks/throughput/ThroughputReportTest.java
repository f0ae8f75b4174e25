package io.consumergroups.benchmarks.throughput;

import java.util.List;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.Section;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputReportTest {

	private static final String SETTING = "6,000,000 orders pre-filled, 6 partitions, 1 broker";

	@Test
	void shouldWriteEachConsumersThroughputTheRatiosAgainstTheAimAndTheCpuPerOrder() {
		// Given two rounds of each consumer, one JIT figure of each pair and both of
		// order-processor's at 500 records per poll unknown
		PairedRuns atLeastOnce = new PairedRuns("at-least-once, polls of 50", runs(40_000, 20, 4, 10),
				runs(38_000, 22, 5, 11), Samples.of(0.95, 0.93));
		PairedRuns small = new PairedRuns("EOS, polls of 50", runs(20_000, 30, 4, 15), runs(17_000, 34, 5, 16),
				Samples.of(0.85, 0.87));
		PairedRuns large = new PairedRuns("EOS, polls of 500", runs(60_000, 12, 2, 6),
				runs(57_000, 13, Double.NaN, 6.5), Samples.of(0.95, 0.97));

		// When
		Section section = new ThroughputReport(RunSettings.full(2), 1).section(Samples.of(400_000, 420_000),
				atLeastOnce, runs(1_500, 300, 20, 90), runs(15_000, 31, 4, 16), small, large);

		// Then
		assertThat(ResultTable.markdown(section.results()).lines().skip(2)).containsExactly(
				"| P1 | Kafka ConsumerPerformance (raw bytes: the ceiling) | " + SETTING
						+ " | 410,000 orders/s | 400,000–420,000 | 2 |  |  |",
				"| P1 | plain loop, at-least-once (flush, commitSync per poll of 50) | " + SETTING
						+ " | 42,000 orders/s | 40,000–44,000 | 2 |  |  |",
				"| P1 | order-processor, at-least-once (exactly-once=false), polls of 50 | " + SETTING
						+ " | 39,900 orders/s | 38,000–41,800 | 2 |  |  |",
				"| P1 | plain loop, EOS, a transaction per record | " + SETTING
						+ " | 1,575 orders/s | 1,500–1,650 | 2 |  |  |",
				"| P1 | plain loop, EOS, a transaction per poll of 50 | " + SETTING
						+ " | 21,000 orders/s | 20,000–22,000 | 2 |  |  |",
				"| P1 | plain loop, EOS, a transaction per poll of 50, retry back-off 100 ms (Kafka's default) | "
						+ SETTING + " | 15,750 orders/s | 15,000–16,500 | 2 |  |  |",
				"| P1 | order-processor, EOS, a transaction per poll of 50 (its default) | " + SETTING
						+ " | 17,850 orders/s | 17,000–18,700 | 2 |  |  |",
				"| P1 | plain loop, EOS, a transaction per poll of 500 | " + SETTING
						+ " | 63,000 orders/s | 60,000–66,000 | 2 |  |  |",
				"| P1 | order-processor, EOS, a transaction per poll of 500 | " + SETTING
						+ " | 59,850 orders/s | 57,000–62,700 | 2 |  |  |",
				"| P1 | ratio order-processor / plain loop, at-least-once, polls of 50 | same round | 0.94× | 0.93–0.95 | 2 | ≥ 0.90× | met |",
				"| P1 | ratio order-processor / plain EOS, polls of 50 | same round | 0.86× | 0.85–0.87 | 2 | ≥ 0.90× | missed |",
				"| P1 | ratio order-processor / plain EOS, polls of 500 | same round | 0.96× | 0.95–0.97 | 2 | ≥ 0.90× | met |",
				"| P1 | ratio order-processor (polls of 50) / plain EOS per record | same run | 11.33× | 10.30–12.47 | 3 |  |  |",
				"| P1 | CPU per order, plain loop's JVM, at-least-once, polls of 50 | " + SETTING
						+ " | 20.5 µs | 20.0–21.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | 4.0 µs | — | 1 |  |  |",
				"| P1 | CPU per order, order-processor's JVM, at-least-once, polls of 50 | " + SETTING
						+ " | 22.5 µs | 22.0–23.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | 5.0 µs | — | 1 |  |  |",
				"| P1 | CPU per order, broker, while the plain loop ran, at-least-once, polls of 50 | " + SETTING
						+ " | 10.5 µs | 10.0–11.0 | 2 |  |  |",
				"| P1 | CPU per order, broker, while order-processor ran, at-least-once, polls of 50 | " + SETTING
						+ " | 11.5 µs | 11.0–12.0 | 2 |  |  |",
				"| P1 | CPU per order, plain loop's JVM, EOS, polls of 50 | " + SETTING
						+ " | 30.5 µs | 30.0–31.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | 4.0 µs | — | 1 |  |  |",
				"| P1 | CPU per order, order-processor's JVM, EOS, polls of 50 | " + SETTING
						+ " | 34.5 µs | 34.0–35.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | 5.0 µs | — | 1 |  |  |",
				"| P1 | CPU per order, broker, while the plain loop ran, EOS, polls of 50 | " + SETTING
						+ " | 15.5 µs | 15.0–16.0 | 2 |  |  |",
				"| P1 | CPU per order, broker, while order-processor ran, EOS, polls of 50 | " + SETTING
						+ " | 16.5 µs | 16.0–17.0 | 2 |  |  |",
				"| P1 | CPU per order, plain loop's JVM, EOS, polls of 500 | " + SETTING
						+ " | 12.5 µs | 12.0–13.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | 2.0 µs | — | 1 |  |  |",
				"| P1 | CPU per order, order-processor's JVM, EOS, polls of 500 | " + SETTING
						+ " | 13.5 µs | 13.0–14.0 | 2 |  |  |",
				"| P1 | of which its JIT compiler | " + SETTING + " | n/a | — | 0 |  |  |",
				"| P1 | CPU per order, broker, while the plain loop ran, EOS, polls of 500 | " + SETTING
						+ " | 6.5 µs | 6.0–7.0 | 2 |  |  |",
				"| P1 | CPU per order, broker, while order-processor ran, EOS, polls of 500 | " + SETTING
						+ " | 7.0 µs | 6.5–7.5 | 2 |  |  |");
		assertThat(section.charts()).singleElement()
			.satisfies((chart) -> assertThat(chart.series().get(0).points()).extracting(Samples::median)
				.containsExactly(410_000.0, 42_000.0, 39_900.0, 1_575.0, 21_000.0, 15_750.0, 17_850.0, 63_000.0,
						59_850.0));
	}

	/**
	 * Two rounds: the second 10% faster, 1 µs more per order, its JIT figure unknown.
	 */
	private static ConsumerRuns runs(double rate, double cpu, double jit, double broker) {
		return new ConsumerRuns(List.of(new ConsumerRun(rate, cpu, jit, broker),
				new ConsumerRun(rate * 1.1, cpu + 1, Double.NaN, broker + 1)));
	}

}
