package io.consumergroups.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunSettingsTest {

	@Test
	void shouldPreFillEnoughForTheFastestConsumerToWarmUpAndMeasureAWindowWithRoomForAnother() {
		// 30 s warm-up and 2 windows of 5 s at 150,000 orders/s
		assertThat(RunSettings.full(3).backlog()).isEqualTo(6_000_000);
	}

	@Test
	void shouldNeedNoLargerBacklogForMoreRepetitions() {
		// Each repetition reads the topic from the start in a new group
		assertThat(RunSettings.full(9).backlog()).isEqualTo(RunSettings.full(1).backlog());
	}

}
