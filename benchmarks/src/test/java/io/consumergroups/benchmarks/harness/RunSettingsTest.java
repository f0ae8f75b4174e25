package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

	@Test
	void shouldFailOverWithTheBrokersSmallestSessionTimeoutOrderProcessorsAndKafkasDefault() {
		assertThat(RunSettings.full(3).failoverSessionTimeouts()).containsExactly(Duration.ofSeconds(6),
				Duration.ofSeconds(10), Duration.ofSeconds(45));
	}

	@Test
	void shouldRefuseFailoverSessionTimeoutsWithoutTheJoinScenariosOwn() {
		RunSettings quick = RunSettings.quick();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> quick.withFailoverSessionTimeouts(List.of(Duration.ofSeconds(6))))
			.withMessageContaining("must include the join scenario's PT10S");
	}

}
