package io.consumergroups.monitor.watch;

import io.consumergroups.monitor.advice.ScalingAdvice.Action;
import io.consumergroups.monitor.snapshot.GroupSnapshots;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GroupObserverTest {

	@Test
	void shouldPutLagThroughputAndAdviceTogetherFromSuccessiveSnapshots() {
		// Given two members that committed 1,000 records in 10 s while 2,500 were written
		GroupObservation observation = GroupObservations.observe(
				GroupSnapshots.consumerGroup()
					.member("m1", 0)
					.member("m2", 1)
					.offsets(0, 0L, 0L)
					.offsets(1, 0L, 0L)
					.build(),
				GroupSnapshots.consumerGroup()
					.atSecond(10)
					.member("m1", 0)
					.member("m2", 1)
					.offsets(0, 500L, 1_250L)
					.offsets(1, 500L, 1_250L)
					.build());

		// Then
		assertThat(observation.lag().records()).isEqualTo(1_500);
		assertThat(observation.lag().seconds()).isCloseTo(15.0, within(0.001));
		assertThat(observation.advice().action()).isEqualTo(Action.HOLD);
		assertThat(observation.advice().partitionLimited()).isTrue();
		assertThat(observation.rebalanceCount()).isZero();
	}

}
