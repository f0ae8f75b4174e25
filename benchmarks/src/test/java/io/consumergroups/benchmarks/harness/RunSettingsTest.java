package io.consumergroups.benchmarks.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunSettingsTest {

	@Test
	void shouldPreFill200000OrdersForEveryThreeRepetitions() {
		assertThat(RunSettings.full(1).backlog()).isEqualTo(200_000);
		assertThat(RunSettings.full(3).backlog()).isEqualTo(200_000);
		assertThat(RunSettings.full(4).backlog()).isEqualTo(400_000);
		assertThat(RunSettings.full(9).backlog()).isEqualTo(600_000);
	}

}
