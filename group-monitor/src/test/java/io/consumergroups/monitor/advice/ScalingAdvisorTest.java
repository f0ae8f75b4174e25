package io.consumergroups.monitor.advice;

import java.time.Duration;
import java.util.Optional;

import io.consumergroups.monitor.advice.ScalingAdvice.Action;
import io.consumergroups.monitor.lag.Throughput;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.GroupSnapshots;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingAdvisorTest {

	@Test
	void shouldAdviseRemovingIdleMembersWhenThereAreMoreMembersThanPartitions() {
		// Given
		GroupSnapshot group = GroupSnapshots.consumerGroup()
			.partitions(6)
			.member("m1", 0)
			.member("m2", 1)
			.member("m3", 2)
			.member("m4", 3)
			.member("m5", 4)
			.member("m6", 5)
			.member("m7")
			.member("m8")
			.build();

		// When
		ScalingAdvice advice = ScalingAdvisor.advise(group, Optional.of(rates(100, 100, 0)));

		// Then
		assertThat(advice.action()).isEqualTo(Action.SCALE_DOWN);
		assertThat(advice.recommendedMembers()).isEqualTo(6);
		assertThat(advice.partitionLimited()).isTrue();
		assertThat(advice.reason()).startsWith("2 of 8 members idle: 6 partitions keep at most 6 members busy.");
	}

	@Test
	void shouldAdviseScalingUpToWhatKeepsUpWhenTheLagGrows() {
		// Given two members consuming 100/s of the 250/s produced
		GroupSnapshot group = twoMembersBehindBy(5_000);

		// When
		ScalingAdvice advice = ScalingAdvisor.advise(group, Optional.of(rates(100, 250, 150)));

		// Then
		assertThat(advice.action()).isEqualTo(Action.SCALE_UP);
		assertThat(advice.recommendedMembers()).isEqualTo(5);
		assertThat(advice.partitionLimited()).isFalse();
		assertThat(advice.reason()).contains("about 5 members would keep up");
	}

	@Test
	void shouldAdviseScalingUpToThePartitionCountAndSayItIsTheLimit() {
		// Given two members consuming 100/s of the 500/s produced: 10 would be needed
		GroupSnapshot group = twoMembersBehindBy(5_000);

		// When
		ScalingAdvice advice = ScalingAdvisor.advise(group, Optional.of(rates(100, 500, 400)));

		// Then
		assertThat(advice.action()).isEqualTo(Action.SCALE_UP);
		assertThat(advice.recommendedMembers()).isEqualTo(6);
		assertThat(advice.partitionLimited()).isTrue();
		assertThat(advice.reason()).contains("about 10 members").contains("the partition count is the limit");
	}

	@Test
	void shouldSayThePartitionCountIsTheLimitWhenEveryPartitionHasItsOwnMember() {
		// Given
		GroupSnapshot group = GroupSnapshots.consumerGroup()
			.offsets(0, 0L, 1_000L)
			.offsets(1, 0L, 1_000L)
			.member("m1", 0)
			.member("m2", 1)
			.build();

		// When
		ScalingAdvice advice = ScalingAdvisor.advise(group, Optional.of(rates(100, 300, 200)));

		// Then
		assertThat(advice.action()).isEqualTo(Action.HOLD);
		assertThat(advice.partitionLimited()).isTrue();
		assertThat(advice.reason()).contains("the partition count (2) is the limit");
	}

	@Test
	void shouldHoldWhileTheLagShrinks() {
		ScalingAdvice advice = ScalingAdvisor.advise(twoMembersBehindBy(5_000), Optional.of(rates(300, 100, -200)));

		assertThat(advice.action()).isEqualTo(Action.HOLD);
		assertThat(advice.reason()).startsWith("Keeping up: lag shrinks by 200 records/s");
	}

	@Test
	void shouldAskToCheckMembersThatConsumeNothingWhileRecordsWait() {
		ScalingAdvice advice = ScalingAdvisor.advise(twoMembersBehindBy(5_000), Optional.of(rates(0, 50, 50)));

		assertThat(advice.action()).isEqualTo(Action.CHECK_MEMBERS);
		assertThat(advice.recommendedMembers()).isEqualTo(2);
	}

	@Test
	void shouldAdviseAFirstMemberWhenNobodyConsumesTheLag() {
		GroupSnapshot group = GroupSnapshots.consumerGroup().offsets(0, 0L, 10L).build();

		ScalingAdvice advice = ScalingAdvisor.advise(group, Optional.empty());

		assertThat(advice.action()).isEqualTo(Action.SCALE_UP);
		assertThat(advice.recommendedMembers()).isEqualTo(1);
	}

	@Test
	void shouldObserveUntilTheThroughputIsKnown() {
		ScalingAdvice advice = ScalingAdvisor.advise(twoMembersBehindBy(5_000), Optional.empty());

		assertThat(advice.action()).isEqualTo(Action.OBSERVING);
	}

	private static GroupSnapshot twoMembersBehindBy(long lag) {
		GroupSnapshots group = GroupSnapshots.consumerGroup().member("m1", 0, 1, 2).member("m2", 3, 4, 5);
		for (int partition = 0; partition < 6; partition++) {
			group.offsets(partition, 0L, (partition == 0) ? lag : 0L);
		}
		return group.build();
	}

	private static Throughput rates(double consumed, double produced, double trend) {
		return new Throughput(consumed, produced, trend, Duration.ofSeconds(30));
	}

}
