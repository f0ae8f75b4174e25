package io.consumergroups.harness.group;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.consumergroups.harness.group.GroupAssignment.Member;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupAssignmentTest {

	@Test
	void shouldListEachMembersPartitionsAndEachPartitionsOwner() {
		// Given
		GroupAssignment group = new GroupAssignment("order-processors", "orders", GroupType.CONSUMER, GroupState.STABLE,
				List.of(new Member("order-processor-2", List.of(5, 3, 4)),
						new Member("order-processor-1", List.of(2, 0, 1)), new Member("order-processor-3", List.of())));

		// When, Then
		assertThat(group.partitionsByMember()).containsExactly(Map.entry("order-processor-1", List.of(0, 1, 2)),
				Map.entry("order-processor-2", List.of(3, 4, 5)), Map.entry("order-processor-3", List.of()));
		assertThat(group.ownerByPartition()).hasSize(6)
			.containsEntry(0, "order-processor-1")
			.containsEntry(5, "order-processor-2");
		assertThat(group.idleMembers()).isOne();
		assertThat(group.isStableWith(3, 6)).isTrue();
		assertThat(group.isStableWith(2, 6)).isFalse();
	}

	@Test
	void shouldListEveryMemberThatFetchesFromAPartitionOfAShareGroup() {
		// Given two share members on the same partitions
		GroupAssignment group = new GroupAssignment("order-processors-share", "orders", GroupType.SHARE,
				GroupState.STABLE, List.of(new Member("order-processor-1-0", List.of(0, 1)),
						new Member("order-processor-2-0", List.of(1))));

		// When, Then
		assertThat(group.membersByPartition()).containsExactly(Map.entry(0, List.of("order-processor-1-0")),
				Map.entry(1, List.of("order-processor-1-0", "order-processor-2-0")));
	}

	@Test
	void shouldKeepTheActiveTasksOfAStreamsMember() {
		// Given
		GroupAssignment group = new GroupAssignment("analytics-service", "orders", GroupType.STREAMS, GroupState.STABLE,
				List.of(new Member("localhost:8084", List.of(4), Set.of("1_4", "0_4"))));

		// When, Then
		assertThat(group.tasksByMember()).containsExactly(Map.entry("localhost:8084", Set.of("0_4", "1_4")));
		assertThat(group.partitionsByMember()).containsExactly(Map.entry("localhost:8084", List.of(4)));
	}

	@Test
	void shouldDescribeAGroupTheCoordinatorDoesNotKnowAsDeadAndEmpty() {
		// When
		GroupAssignment group = GroupAssignment.unknown("order-processors", "orders");

		// Then
		assertThat(group.state()).isEqualTo(GroupState.DEAD);
		assertThat(group.type()).isEqualTo(GroupType.UNKNOWN);
		assertThat(group.partitionsByMember()).isEmpty();
		assertThat(group.ownerByPartition()).isEmpty();
	}

}
