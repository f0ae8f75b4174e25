package io.consumergroups.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaPerformanceToolsTest {

	@Test
	void shouldReadFetchRateFromConsumerPerformance() {
		// Given what ConsumerPerformance --hide-header prints, with a log line before it
		String output = """
				02:51:13.100 WARN SomeClass - a warning, with commas, in it
				2026-11-23 02:51:13:740, 2026-11-23 02:51:28:299, 12.7016, 0.8724, 50000, 3434.3018, 10812, 3747, 3.3898, 13344.0085
				""";

		// When / Then: fetch.nMsg.sec, the group join left out
		assertThat(KafkaPerformanceTools.parseConsumerPerformance(output)).hasValue(13344.0085);
	}

	@Test
	void shouldFindNoConsumerResultInOtherOutput() {
		assertThat(KafkaPerformanceTools.parseConsumerPerformance("Exception in thread main")).isEmpty();
	}

	@Test
	void shouldPreferTheSteadyStateSummaryOfProducerPerformance() {
		// Given a progress line, the overall summary and the steady-state one
		String output = """
				2501 records sent, 500.1 records/sec (0.16 MB/sec), 3.1 ms avg latency, 40.0 ms max latency.
				10000 records sent, 499.900000 records/sec (0.16 MB/sec), 3.20 ms avg latency, 150.00 ms max latency, 3 ms 50th, 5 ms 95th, 12 ms 99th, 80 ms 99.9th.
				9000 steady state records sent, 500.000000 records/sec (0.16 MB/sec), 2.90 ms avg latency, 60.00 ms max latency, 2 ms 50th, 4 ms 95th, 9 ms 99th, 30 ms 99.9th.
				""";

		// When
		var summary = KafkaPerformanceTools.parseProducerPerformance(output).orElseThrow();

		// Then
		assertThat(summary.records()).isEqualTo(9000);
		assertThat(summary.recordsPerSecond()).isEqualTo(500.0);
		assertThat(summary.p50Millis()).isEqualTo(2);
		assertThat(summary.p99Millis()).isEqualTo(9);
		assertThat(summary.p999Millis()).isEqualTo(30);
	}

	@Test
	void shouldFallBackToTheOverallSummaryWithoutWarmUp() {
		// Given
		String output = "10000 records sent, 499.900000 records/sec (0.16 MB/sec), 3.20 ms avg latency, "
				+ "150.00 ms max latency, 3 ms 50th, 5 ms 95th, 12 ms 99th, 80 ms 99.9th.\n";

		// When / Then
		assertThat(KafkaPerformanceTools.parseProducerPerformance(output)).hasValueSatisfying((summary) -> {
			assertThat(summary.records()).isEqualTo(10000);
			assertThat(summary.p99Millis()).isEqualTo(12);
		});
	}

}
