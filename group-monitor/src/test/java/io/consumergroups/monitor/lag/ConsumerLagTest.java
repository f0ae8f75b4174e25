package io.consumergroups.monitor.lag;

import java.time.Duration;
import java.util.Optional;

import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.GroupSnapshots;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConsumerLagTest {

	private static final Duration WINDOW = Duration.ofSeconds(30);

	@Test
	void shouldEstimateTheSecondsToConsumeTheLagAtTheRecentConsumeRate() {
		ConsumerLag lag = ConsumerLag.estimate(600, Optional.of(new Throughput(200, 250, 50, WINDOW)), WINDOW);

		assertThat(lag.records()).isEqualTo(600);
		assertThat(lag.seconds()).isCloseTo(3.0, within(0.001));
		assertThat(lag.estimate()).isEqualTo("lag / consume rate over the last 30 s (200.0 records/s)");
	}

	@Test
	void shouldBeZeroSecondsBehindWhenCaughtUp() {
		ConsumerLag lag = ConsumerLag.estimate(0, Optional.empty(), WINDOW);

		assertThat(lag.seconds()).isZero();
	}

	@Test
	void shouldNotKnowTheSecondsWhileTheRateIsBeingMeasured() {
		ConsumerLag lag = ConsumerLag.estimate(600, Optional.empty(), WINDOW);

		assertThat(lag.seconds()).isNull();
		assertThat(lag.estimate()).startsWith("unknown");
	}

	@Test
	void shouldNotKnowTheSecondsWhenTheGroupConsumesNothing() {
		ConsumerLag lag = ConsumerLag.estimate(600, Optional.of(new Throughput(0, 20, 20, WINDOW)), WINDOW);

		assertThat(lag.seconds()).isNull();
		assertThat(lag.estimate()).isEqualTo("unknown: the group consumed nothing in the last 30 s");
	}

	@Test
	void shouldMeasureTheRatesFromSuccessiveSnapshotsWithinTheWindow() {
		// Given a window of 30 s that needs 3 s of observations
		ThroughputWindow window = new ThroughputWindow(WINDOW, Duration.ofSeconds(3));
		Optional<Throughput> first = window.observe(snapshot(0, 0, 0));
		Optional<Throughput> second = window.observe(snapshot(1, 100, 150));

		// When 10 s in, the group committed 1,000 records while 1,500 were written
		Optional<Throughput> tenSeconds = window.observe(snapshot(10, 1_000, 1_500));
		// and 40 s in, the snapshot of second 0 has left the window
		Optional<Throughput> fortySeconds = window.observe(snapshot(40, 1_300, 1_800));

		// Then
		assertThat(first).isEmpty();
		assertThat(second).isEmpty();
		assertThat(tenSeconds).hasValueSatisfying((rates) -> {
			assertThat(rates.consumedPerSecond()).isCloseTo(100, within(0.001));
			assertThat(rates.producedPerSecond()).isCloseTo(150, within(0.001));
			assertThat(rates.lagTrendPerSecond()).isCloseTo(50, within(0.001));
		});
		assertThat(fortySeconds).hasValueSatisfying((rates) -> {
			assertThat(rates.over()).isEqualTo(Duration.ofSeconds(30));
			assertThat(rates.consumedPerSecond()).isCloseTo(10, within(0.001));
		});
	}

	@Test
	void shouldMeasureAfreshWhenAPartitionCommitsForTheFirstTime() {
		// Given a group that had committed nothing
		ThroughputWindow window = new ThroughputWindow(WINDOW, Duration.ofSeconds(3));
		window.observe(GroupSnapshots.consumerGroup().member("m1", 0).offsets(0, null, 500L).build());

		// When it commits, 5 s and then 10 s later
		Optional<Throughput> firstCommit = window
			.observe(GroupSnapshots.consumerGroup().atSecond(5).member("m1", 0).offsets(0, 100L, 500L).build());
		Optional<Throughput> later = window
			.observe(GroupSnapshots.consumerGroup().atSecond(10).member("m1", 0).offsets(0, 400L, 500L).build());

		// Then its rate is measured from its first commit, not counted as zero
		assertThat(firstCommit).isEmpty();
		assertThat(later)
			.hasValueSatisfying((rates) -> assertThat(rates.consumedPerSecond()).isCloseTo(60, within(0.001)));
	}

	private static GroupSnapshot snapshot(long second, long committed, long logEnd) {
		return GroupSnapshots.consumerGroup()
			.atSecond(second)
			.member("m1", 0, 1)
			.offsets(0, committed / 2, logEnd / 2)
			.offsets(1, committed / 2, logEnd / 2)
			.build();
	}

}
