package io.consumergroups.monitor.rebalance;

import java.time.Duration;
import java.util.List;

import io.consumergroups.monitor.rebalance.AssignmentChange.Kind;
import io.consumergroups.monitor.snapshot.GroupSnapshots;
import io.consumergroups.monitor.snapshot.PartitionId;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RebalanceTimelineTest {

	private final RebalanceTimeline timeline = new RebalanceTimeline(20);

	@Test
	void shouldSeeNothingInTheFirstSnapshot() {
		RebalanceTimeline.Observed observed = this.timeline.observe(twoMembers().build());

		assertThat(observed.changes()).isEmpty();
		assertThat(this.timeline.count()).isZero();
		assertThat(this.timeline.owners()).containsEntry(partition(0), "p1").containsEntry(partition(5), "p2");
	}

	@Test
	void shouldNeverCallAShareGroupsPartitionsUnownedSinceItsMembersShareThem() {
		// Given a share group whose members fetch from every partition, two to each
		this.timeline.observe(GroupSnapshots.shareGroup()
			.shareOffsets(0, 10, 2, 14)
			.shareOffsets(1, 7, 0, 8)
			.member("p1-0", 0, 1)
			.member("p1-1", 0, 1)
			.build());

		// When a member joins
		RebalanceTimeline.Observed joined = this.timeline.observe(GroupSnapshots.shareGroup()
			.atSecond(1)
			.shareOffsets(0, 12, 1, 15)
			.shareOffsets(1, 8, 0, 8)
			.member("p1-0", 0, 1)
			.member("p1-1", 0, 1)
			.member("p2-0", 0)
			.build());

		// Then it joined, and no partition was ever without an owner or moved
		assertThat(joined.changes()).extracting(AssignmentChange::kind, AssignmentChange::member)
			.containsExactly(tuple(Kind.JOINED, "p2-0"));
		assertThat(this.timeline.unownedSince()).isEmpty();
	}

	@Test
	void shouldSeeAMemberJoinAndTakeOnePartitionFromEach() {
		// Given
		this.timeline.observe(twoMembers().build());

		// When
		RebalanceTimeline.Observed joined = this.timeline.observe(GroupSnapshots.consumerGroup()
			.atSecond(1)
			.partitions(6)
			.member("p1", 0, 1)
			.member("p2", 3, 4)
			.member("p3", 2, 5)
			.build());
		RebalanceTimeline.Observed quiet = this.timeline.observe(GroupSnapshots.consumerGroup()
			.atSecond(2)
			.partitions(6)
			.member("p1", 0, 1)
			.member("p2", 3, 4)
			.member("p3", 2, 5)
			.build());

		// Then
		assertThat(joined.started()).isTrue();
		assertThat(joined.changes())
			.extracting(AssignmentChange::kind, AssignmentChange::member, AssignmentChange::partition,
					AssignmentChange::from, AssignmentChange::to)
			.containsExactly(tuple(Kind.JOINED, "p3", null, null, null),
					tuple(Kind.MOVED, null, partition(2), "p1", "p3"),
					tuple(Kind.MOVED, null, partition(5), "p2", "p3"));
		assertThat(quiet.ended()).isNotNull();
		assertThat(quiet.ended().assignment()).containsEntry("p3", List.of(partition(2), partition(5)));
		assertThat(this.timeline.count()).isEqualTo(1);
		assertThat(this.timeline.rebalances()).singleElement().satisfies((rebalance) -> {
			assertThat(rebalance.inProgress()).isFalse();
			assertThat(rebalance.startedAt()).isEqualTo(GroupSnapshots.T0.plusSeconds(1));
		});
	}

	@Test
	void shouldSeeAMemberLeaveAndHowLongItsPartitionsHadNoOwner() {
		// Given
		this.timeline.observe(twoMembers().build());

		// When p2 leaves, its partitions wait 2 s for p1
		RebalanceTimeline.Observed left = this.timeline.observe(GroupSnapshots.consumerGroup()
			.state(GroupState.RECONCILING)
			.atSecond(1)
			.partitions(6)
			.member("p1", 0, 1, 2)
			.build());
		this.timeline.observe(GroupSnapshots.consumerGroup()
			.state(GroupState.RECONCILING)
			.atSecond(2)
			.partitions(6)
			.member("p1", 0, 1, 2)
			.build());
		RebalanceTimeline.Observed taken = this.timeline
			.observe(GroupSnapshots.consumerGroup().atSecond(3).partitions(6).member("p1", 0, 1, 2, 3, 4, 5).build());

		// Then
		assertThat(left.changes()).extracting(AssignmentChange::kind)
			.containsExactly(Kind.LEFT, Kind.REVOKED, Kind.REVOKED, Kind.REVOKED);
		assertThat(taken.changes())
			.extracting(AssignmentChange::kind, AssignmentChange::from, AssignmentChange::to,
					AssignmentChange::unownedFor)
			.containsOnly(tuple(Kind.MOVED, "p2", "p1", Duration.ofSeconds(2)));
		Rebalance rebalance = this.timeline.rebalances().get(0);
		assertThat(rebalance.inProgress()).isTrue();
		assertThat(rebalance.changes()).extracting(AssignmentChange::describe)
			.containsExactly("p2 left", "orders-3 p2 → p1 (unowned 2.0 s)", "orders-4 p2 → p1 (unowned 2.0 s)",
					"orders-5 p2 → p1 (unowned 2.0 s)");
	}

	@Test
	void shouldSeeAPartitionMoveBetweenTwoPollsWithoutAnUnownedTime() {
		// Given
		this.timeline.observe(twoMembers().build());

		// When
		RebalanceTimeline.Observed moved = this.timeline.observe(GroupSnapshots.consumerGroup()
			.atSecond(1)
			.partitions(6)
			.member("p1", 0, 1)
			.member("p2", 2, 3, 4, 5)
			.build());

		// Then
		assertThat(moved.changes()).singleElement().satisfies((change) -> {
			assertThat(change.kind()).isEqualTo(Kind.MOVED);
			assertThat(change.partition()).isEqualTo(partition(2));
			assertThat(change.unownedFor()).isNull();
		});
		assertThat(this.timeline.unownedSince()).isEmpty();
	}

	@Test
	void shouldCountEveryPartitionUnownedForAWholeEagerRebalance() {
		// Given a classic group with an eager assignor, whose coordinator hides the
		// assignment while it rebalances
		this.timeline.observe(
				GroupSnapshots.classicGroup("range").partitions(6).member("p1", 0, 1, 2).member("p2", 3, 4, 5).build());
		this.timeline.observe(GroupSnapshots.classicGroup("")
			.state(GroupState.PREPARING_REBALANCE)
			.atSecond(1)
			.partitions(6)
			.member("p1")
			.member("p2")
			.member("p3")
			.build());
		assertThat(this.timeline.owners()).containsEntry(partition(0), "p1");

		// When
		RebalanceTimeline.Observed stable = this.timeline.observe(GroupSnapshots.classicGroup("range")
			.atSecond(4)
			.partitions(6)
			.member("p1", 0, 1)
			.member("p2", 2, 3)
			.member("p3", 4, 5)
			.build());

		// Then
		assertThat(stable.changes()).hasSize(6).allSatisfy((change) -> {
			assertThat(change.unownedFor()).isEqualTo(Duration.ofSeconds(3));
			assertThat(change.unownedAtMost()).isFalse();
		});
		assertThat(stable.changes()).extracting(AssignmentChange::kind)
			.containsExactly(Kind.RESUMED, Kind.RESUMED, Kind.MOVED, Kind.RESUMED, Kind.MOVED, Kind.MOVED);
	}

	@Test
	void shouldCountOnlyTheMovedPartitionsUnownedInACooperativeRebalance() {
		// Given
		this.timeline.observe(GroupSnapshots.classicGroup("cooperative-sticky")
			.partitions(6)
			.member("p1", 0, 1, 2)
			.member("p2", 3, 4, 5)
			.build());
		this.timeline.observe(GroupSnapshots.classicGroup("cooperative-sticky")
			.state(GroupState.COMPLETING_REBALANCE)
			.atSecond(1)
			.partitions(6)
			.member("p1")
			.member("p2")
			.member("p3")
			.build());

		// When
		RebalanceTimeline.Observed stable = this.timeline.observe(GroupSnapshots.classicGroup("cooperative-sticky")
			.atSecond(3)
			.partitions(6)
			.member("p1", 0, 1)
			.member("p2", 3, 4)
			.member("p3", 2, 5)
			.build());

		// Then only the moved partitions were unowned, for at most the rebalance
		assertThat(stable.changes())
			.extracting(AssignmentChange::partition, AssignmentChange::unownedFor, AssignmentChange::unownedAtMost)
			.containsExactly(tuple(partition(2), Duration.ofSeconds(2), true),
					tuple(partition(5), Duration.ofSeconds(2), true));
		assertThat(stable.changes().get(0).describe()).isEqualTo("orders-2 p1 → p3 (unowned ≤ 2.0 s)");
	}

	private static GroupSnapshots twoMembers() {
		return GroupSnapshots.consumerGroup().partitions(6).member("p1", 0, 1, 2).member("p2", 3, 4, 5);
	}

	private static PartitionId partition(int partition) {
		return new PartitionId("orders", partition);
	}

}
