package io.consumergroups.benchmarks.rebalance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.harness.Samples;
import io.consumergroups.benchmarks.report.ChartSpec;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.Section;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailoverReportTest {

	@Test
	void shouldWriteEachProtocolsFailoverPerSessionTimeoutAgainstTheTimeout() {
		// Given kills with session timeouts of 6 and 10 s, but none of the eager
		// protocol at 6 s
		RunSettings settings = RunSettings.full(3)
			.withFailoverSessionTimeouts(List.of(Duration.ofSeconds(6), Duration.ofSeconds(10)));
		Map<FailoverCase, FailoverMeasurements> failovers = new LinkedHashMap<>();
		for (GroupConfig config : RebalanceBenchmark.CONFIGS) {
			for (Duration timeout : settings.failoverSessionTimeouts()) {
				if (config.key().equals("eager") && timeout.toSeconds() == 6) {
					continue;
				}
				FailoverMeasurements failover = new FailoverMeasurements();
				failover.processedAgain.addAll(List.of(timeout.toSeconds() + 1.5, timeout.toSeconds() + 3.0));
				failover.visibleAgain.add(timeout.toSeconds() + 3.25);
				failovers.put(new FailoverCase(config, timeout), failover);
			}
		}

		// When
		Section section = new FailoverReport(settings).section(failovers, List.of());

		// Then
		String six = "SIGKILL 1 of 3, session 6 s, 60 orders/s";
		String ten = "SIGKILL 1 of 3, session 10 s, 60 orders/s";
		assertThat(ResultTable.markdown(section.results()).lines().skip(2)).containsExactly(
				"| P4 | failover: its partitions processed again — classic, cooperative-sticky | " + six
						+ " | 8.3 s | 7.5–9.0 | 2 | ≤ 8.0 s | missed |",
				"| P4 | failover: their statuses visible (read_committed) — classic, cooperative-sticky | " + six
						+ " | 9.3 s | — | 1 |  |  |",
				"| P4 | failover: its partitions processed again — consumer (KIP-848) | " + six
						+ " | 8.3 s | 7.5–9.0 | 2 | ≤ 8.0 s | missed |",
				"| P4 | failover: their statuses visible (read_committed) — consumer (KIP-848) | " + six
						+ " | 9.3 s | — | 1 |  |  |",
				"| P4 | failover: its partitions processed again — classic, range (eager) | " + ten
						+ " | 12.3 s | 11.5–13.0 | 2 | ≤ 12.0 s | missed |",
				"| P4 | failover: their statuses visible (read_committed) — classic, range (eager) | " + ten
						+ " | 13.3 s | — | 1 |  |  |",
				"| P4 | failover: its partitions processed again — classic, cooperative-sticky | " + ten
						+ " | 12.3 s | 11.5–13.0 | 2 | ≤ 12.0 s | missed |",
				"| P4 | failover: their statuses visible (read_committed) — classic, cooperative-sticky | " + ten
						+ " | 13.3 s | — | 1 |  |  |",
				"| P4 | failover: its partitions processed again — consumer (KIP-848) | " + ten
						+ " | 12.3 s | 11.5–13.0 | 2 | ≤ 12.0 s | missed |",
				"| P4 | failover: their statuses visible (read_committed) — consumer (KIP-848) | " + ten
						+ " | 13.3 s | — | 1 |  |  |");
		assertThat(section.charts()).singleElement()
			.extracting(ChartSpec::series)
			.satisfies((series) -> assertThat(series).extracting(ChartSpec.Series::name)
				.containsExactly("session 6 s", "session 10 s"))
			.satisfies(
					(series) -> assertThat(series.get(0).points()).extracting(Samples::count).containsExactly(0, 2, 2));
	}

}
