package io.consumergroups.demo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.consumergroups.demo.AssignmentTableTest.group;
import static io.consumergroups.demo.AssignmentTableTest.member;
import static io.consumergroups.demo.AssignmentTableTest.rebalancing;
import static org.assertj.core.api.Assertions.assertThat;

class PartitionMovesTest {

	private final PartitionMoves moves = new PartitionMoves();

	@Test
	void shouldSayNothingAboutTheFirstAssignment() {
		// When
		List<String> lines = this.moves.observe(oneMemberOwningAll(), 0);

		// Then
		assertThat(lines).isEmpty();
	}

	@Test
	void shouldNameEachMovedPartitionWithItsOldAndNewOwnerAndTheTimeSinceTheGroupLeftStable() {
		// Given
		this.moves.observe(oneMemberOwningAll(), 0);
		this.moves.observe(rebalancing(oneMemberOwningAll()), seconds(1));
		this.moves.observe(rebalancing(oneMemberOwningAll()), seconds(2));

		// When
		List<String> lines = this.moves
			.observe(group(List.of(member("order-processor-1", 0, 1, 2), member("order-processor-2", 3, 4, 5)), 0L, 0L,
					0L, 0L, 0L, 0L), seconds(4));

		// Then
		assertThat(lines).containsExactly(
				"Rebalance: 3 partitions moved (no-owner times seen by polling the group every 500 ms)",
				"  orders-3: order-processor-1 → order-processor-2, no owner for 3.0 s",
				"  orders-4: order-processor-1 → order-processor-2, no owner for 3.0 s",
				"  orders-5: order-processor-1 → order-processor-2, no owner for 3.0 s");
	}

	@Test
	void shouldCountFromTheFirstReadingThatShowedThePartitionUnowned() {
		// Given a stable group where orders-5 lost its owner, as when a member left
		this.moves.observe(oneMemberOwningAll(), 0);
		this.moves.observe(group(List.of(member("order-processor-1", 0, 1, 2, 3, 4)), 0L, 0L, 0L, 0L, 0L, 0L),
				seconds(1));

		// When
		List<String> lines = this.moves
			.observe(group(List.of(member("order-processor-1", 0, 1, 2, 3, 4), member("order-processor-2", 5)), 0L, 0L,
					0L, 0L, 0L, 0L), Duration.ofMillis(3500).toNanos());

		// Then
		assertThat(lines).containsExactly(
				"Rebalance: 1 partition moved (no-owner times seen by polling the group every 500 ms)",
				"  orders-5: order-processor-1 → order-processor-2, no owner for 2.5 s");
	}

	@Test
	void shouldCountFromWhenTheOwnerWasKilledThoughTheGroupLookedStableUntilItsSessionTimedOut() {
		// Given
		GroupReading split = group(List.of(member("order-processor-1", 0, 1, 2), member("order-processor-2", 3, 4, 5)),
				0L, 0L, 0L, 0L, 0L, 0L);
		this.moves.observe(split, 0);
		this.moves.memberGone("order-processor-2", seconds(1));
		this.moves.observe(split, seconds(5));

		// When
		List<String> lines = this.moves.observe(oneMemberOwningAll(), seconds(11));

		// Then
		assertThat(lines).contains("  orders-3: order-processor-2 → order-processor-1, no owner for 10.0 s");
	}

	@Test
	void shouldSayWhenARebalanceMovedNothing() {
		// Given
		this.moves.observe(oneMemberOwningAll(), 0);
		this.moves.observe(rebalancing(oneMemberOwningAll()), seconds(1));

		// When
		List<String> lines = this.moves.observe(oneMemberOwningAll(), seconds(3));

		// Then
		assertThat(lines).containsExactly("order-processors is Stable again after 2.0 s: no partition moved");
	}

	@Test
	void shouldSayAPartitionMovedBetweenTwoReadingsWhenItWasNeverSeenUnowned() {
		// Given
		this.moves.observe(oneMemberOwningAll(), 0);

		// When
		List<String> lines = this.moves
			.observe(group(List.of(member("order-processor-1", 0, 1, 2, 3, 4), member("order-processor-2", 5)), 0L, 0L,
					0L, 0L, 0L, 0L), seconds(1));

		// Then
		assertThat(lines).contains(
				"  orders-5: order-processor-1 → order-processor-2, moved between two readings" + " (under 500 ms)");
	}

	@Test
	void shouldNotRepeatARebalanceOnceReported() {
		// Given
		this.moves.observe(oneMemberOwningAll(), 0);
		this.moves.observe(rebalancing(oneMemberOwningAll()), seconds(1));
		GroupReading split = group(List.of(member("order-processor-1", 0, 1, 2), member("order-processor-2", 3, 4, 5)),
				0L, 0L, 0L, 0L, 0L, 0L);
		this.moves.observe(split, seconds(2));

		// When
		List<String> lines = this.moves.observe(split, seconds(3));

		// Then
		assertThat(lines).isEmpty();
	}

	private static GroupReading oneMemberOwningAll() {
		return group(List.of(member("order-processor-1", 0, 1, 2, 3, 4, 5)), 0L, 0L, 0L, 0L, 0L, 0L);
	}

	private static long seconds(long seconds) {
		return Duration.ofSeconds(seconds).toNanos();
	}

}
