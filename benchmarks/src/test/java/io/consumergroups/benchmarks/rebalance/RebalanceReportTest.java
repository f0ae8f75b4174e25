package io.consumergroups.benchmarks.rebalance;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.consumergroups.benchmarks.harness.RunSettings;
import io.consumergroups.benchmarks.report.ResultTable;
import io.consumergroups.benchmarks.report.Section;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RebalanceReportTest {

	private static final GroupConfig EAGER = RebalanceBenchmark.CONFIGS.get(0);

	private static final GroupConfig CONSUMER = RebalanceBenchmark.CONFIGS.get(2);

	private final RebalanceReport report = new RebalanceReport(RunSettings.full(3));

	@Test
	void shouldWriteTheJoinAndStaticRestartLinesOfAProtocol() {
		// Given two joins and two static restarts of the consumer protocol
		JoinMeasurements join = new JoinMeasurements();
		join.stallUnmoved.addAll(List.of(12.0, 41.0));
		join.arrivalUnmoved.addAll(List.of(5.0, 7.0));
		join.stallMoved.addAll(List.of(300.0, 250.0));
		join.toStable.addAll(List.of(3101.0, 2900.0));
		join.window.addAll(List.of(5100.0, 4901.0));
		join.unmovedCount.addAll(List.of(3.0, 4.0));
		join.baseline.addAll(List.of(8.0, 10.0));
		join.control.addAll(List.of(20.0, 30.0));
		join.arrivalControl.addAll(List.of(5.0, 5.0));
		join.lagBefore.addAll(List.of(12.0, 40.0));
		StaticRestartMeasurements restart = new StaticRestartMeasurements();
		restart.moved.addAll(List.of(0.0, 0.0));
		restart.othersStall.addAll(List.of(33.0, 140.0));
		restart.arrivalOthers.addAll(List.of(10.0, 51.0));
		restart.ownPause.addAll(List.of(6.25, 7.5));
		restart.baseline.add(9.0);
		restart.lagBefore.addAll(List.of(2.0, 3.0, 4.0));

		// When
		Section section = this.report.section(Map.of(CONSUMER, join), Map.of(CONSUMER, restart), List.of());

		// Then: the stall is judged against 50 ms only as finely as its orders arrived
		String joins = "3 → 4 replicas, 1,200 orders/s, session 10 s";
		String restarts = "3 static replicas, one stopped and restarted, 1,200 orders/s, session 45 s";
		assertThat(ResultTable.markdown(section.results()).lines().skip(2)).containsExactly(
				"| P3 | join: longest stall, partitions not moved — consumer (KIP-848) | " + joins
						+ " | 27 ms | 12–41 | 2 | ≤ 50 ms | met |",
				"| P3 | join: longest interval between two orders on a partition not moved (resolution) — consumer "
						+ "(KIP-848) | " + joins + " | 6 ms | 5–7 | 2 |  |  |",
				"| P3 | join: longest stall, partitions moved — consumer (KIP-848) | " + joins
						+ " | 275 ms | 250–300 | 2 |  |  |",
				"| P3 | join: time to a stable group — consumer (KIP-848) | " + joins
						+ " | 3,001 ms | 2,900–3,101 | 2 |  |  |",
				"| P3 | join: window (1 s before the first change to 1 s after stable) — consumer (KIP-848) | " + joins
						+ " | 5,001 ms | 4,901–5,100 | 2 |  |  |",
				"| P3 | join: partitions not moved — consumer (KIP-848) | " + joins + " | 4 | 3–4 | 2 |  |  |",
				"| P3 | steady state: longest wait, partitions not moved, as long a window before the join — consumer "
						+ "(KIP-848) | " + joins + " | 9 ms | 8–10 | 2 |  |  |",
				"| P3 | control: longest wait, partitions not moved, a replica JVM starting without joining, the join's "
						+ "window — consumer (KIP-848) | " + joins + " | 25 ms | 20–30 | 2 |  |  |",
				"| P3 | control: longest interval between two orders on a partition — consumer (KIP-848) | " + joins
						+ " | 5 ms | 5–5 | 2 |  |  |",
				"| P3 | lag before the join (orders not committed) — consumer (KIP-848) | " + joins
						+ " | 26 | 12–40 | 2 |  |  |",
				"| P3 | static restart: partitions moved — consumer (KIP-848) | " + restarts
						+ " | 0 | 0–0 | 2 | ≤ 0 | met |",
				"| P3 | static restart: longest stall, other replicas' partitions — consumer (KIP-848) | " + restarts
						+ " | 87 ms | 33–140 | 2 | ≤ 50 ms | not observable |",
				"| P3 | static restart: longest interval between two orders on their partitions (resolution) — "
						+ "consumer (KIP-848) | " + restarts + " | 31 ms | 10–51 | 2 |  |  |",
				"| P3 | static restart: its own partitions paused — consumer (KIP-848) | " + restarts
						+ " | 6.9 s | 6.3–7.5 | 2 |  |  |",
				"| P3 | steady state: longest wait, other replicas' partitions, as long a window before the restart "
						+ "— consumer (KIP-848) | " + restarts + " | 9 ms | — | 1 |  |  |",
				"| P3 | lag before the restart (orders not committed) — consumer (KIP-848) | " + restarts
						+ " | 3 | 2–4 | 3 |  |  |");
		assertThat(section.charts()).singleElement().satisfies((chart) -> {
			assertThat(chart.fileName()).isEqualTo("p3-rebalance-stall.png");
			assertThat(chart.categories()).containsExactly("consumer (KIP-848)");
		});
	}

	@Test
	void shouldSetNoAimForTheEagerProtocolsStall() {
		// Given a join of the eager protocol, whose every rebalance stops every partition
		JoinMeasurements join = new JoinMeasurements();
		join.stallUnmoved.add(400.0);
		join.arrivalUnmoved.add(5.0);

		// When
		Section section = this.report.section(Map.of(EAGER, join), Map.of(), List.of());

		// Then
		assertThat(section.results().get(0).what())
			.isEqualTo("join: longest stall, partitions not moved — classic, range (eager)");
		assertThat(section.results().get(0).aim()).isNull();
	}

	@Test
	void shouldNoteTheEventsSkippedAndTheScenariosThatFailed() {
		// Given a join and a control whose group did not catch up, and a failed session
		JoinMeasurements join = new JoinMeasurements();
		join.behind.addAll(List.of("join 2", "control 3"));

		// When
		Section section = this.report.section(Map.of(CONSUMER, join), Collections.emptyMap(),
				List.of("consumer (KIP-848): the group did not take in a 4th member"));

		// Then
		assertThat(section.notes())
			.endsWith("Skipped, the group still more than 120 orders behind after 3 min — consumer (KIP-848): join 2, "
					+ "control 3", "Not measured: consumer (KIP-848): the group did not take in a 4th member");
	}

}
