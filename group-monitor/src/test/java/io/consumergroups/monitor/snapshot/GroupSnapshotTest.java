package io.consumergroups.monitor.snapshot;

import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupSnapshotTest {

	@Test
	void shouldFlagTwoOfEightMembersIdleOnSixPartitions() {
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

		// When / Then
		assertThat(group.idleMembers()).extracting(MemberSnapshot::name).containsExactly("m7", "m8");
		assertThat(group.partitionCount()).isEqualTo(6);
	}

	@Test
	void shouldTakeAShareGroupsLagFromTheShareCoordinatorNotFromItsStartOffset() {
		// Given a share group whose start offsets trail the log end, with records
		// acknowledged above them
		GroupSnapshot group = GroupSnapshots.shareGroup()
			.shareOffsets(0, 441, 0, 443)
			.shareOffsets(1, 400, 5, 421)
			.member("m1-0", 0, 1)
			.build();

		// When / Then the lag is the coordinator's count: 0 + 5, not 2 + 21
		assertThat(group.lagRecords()).isEqualTo(5);
		assertThat(group.partitions()).allSatisfy((partition) -> assertThat(partition.committed()).isNull());
		assertThat(group.ownerByPartition()).isEmpty();
	}

	@Test
	void shouldFlagNoMemberIdleWhileTheGroupRebalances() {
		// Given a member that has not got its partitions yet
		GroupSnapshot group = GroupSnapshots.classicGroup("cooperative-sticky")
			.state(GroupState.PREPARING_REBALANCE)
			.partitions(6)
			.member("m1")
			.member("m2")
			.build();

		// When / Then
		assertThat(group.idleMembers()).isEmpty();
		assertThat(group.isAssignmentVisible()).isFalse();
	}

	@Test
	void shouldSumTheKnownLagOfThePartitions() {
		// Given one partition with nothing committed
		GroupSnapshot group = GroupSnapshots.consumerGroup()
			.offsets(0, 100L, 150L)
			.offsets(1, 20L, 20L)
			.offsets(2, null, 40L)
			.build();

		// When / Then
		assertThat(group.lagRecords()).isEqualTo(50);
		assertThat(group.partitions()).extracting(PartitionOffsets::lag).containsExactly(50L, 0L, null);
	}

}
