package io.consumergroups.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.consumergroups.harness.group.GroupAssignment;
import org.junit.jupiter.api.Test;

import static io.consumergroups.demo.AssignmentTableTest.group;
import static io.consumergroups.demo.AssignmentTableTest.member;
import static io.consumergroups.demo.AssignmentTableTest.rebalancing;
import static io.consumergroups.demo.AssignmentTableTest.share;
import static org.assertj.core.api.Assertions.assertThat;

class GroupAssignmentWatchTest {

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final GroupAssignmentWatch watch = new GroupAssignmentWatch(() -> {
		throw new UnsupportedOperationException("the tests hand the readings over");
	}, new PrintStream(this.printed, true, StandardCharsets.UTF_8));

	@Test
	void shouldPrintTheSameAssignmentOnlyOnceWhateverTheLag() {
		// Given
		List<GroupAssignment.Member> members = List.of(member("order-processor-1", 0, 1, 2),
				member("order-processor-2", 3, 4, 5));

		// When
		boolean first = this.watch.observe(group(members, 0L, 0L, 0L, 0L, 0L, 0L));
		boolean second = this.watch.observe(group(members, 5L, 9L, 0L, 2L, 0L, 7L));

		// Then
		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(output()).containsOnlyOnce("order-processors: 6 partitions over 2 members (3, 3)");
	}

	@Test
	void shouldPrintTheAssignmentAgainWhenItChanges() {
		// Given
		this.watch.observe(group(List.of(member("order-processor-1", 0, 1, 2, 3, 4, 5)), 0L, 0L, 0L, 0L, 0L, 0L));

		// When
		boolean printedAgain = this.watch
			.observe(group(List.of(member("order-processor-1", 0, 1, 2), member("order-processor-2", 3, 4, 5)), 0L, 0L,
					0L, 0L, 0L, 0L));

		// Then
		assertThat(printedAgain).isTrue();
		assertThat(output()).contains("6 partitions over 1 member (6)", "6 partitions over 2 members (3, 3)");
	}

	@Test
	void shouldWaitForAShareGroupsFirstPartitionsAndNotPrintItAgainForOrdersProcessed() {
		// Given a share group that is Stable as soon as its members joined, before the
		// coordinator gave them partitions
		GroupReading joined = share(List.of(member("order-processor-1"), member("order-processor-2")), 1, Map.of(),
				Map.of());
		List<GroupAssignment.Member> onPartition0 = List.of(member("order-processor-1", 0),
				member("order-processor-2", 0));
		GroupReading assigned = share(onPartition0, 1, Map.of(),
				Map.of("order-processor-1", 3L, "order-processor-2", 4L));
		GroupReading busier = share(onPartition0, 1, Map.of(),
				Map.of("order-processor-1", 30L, "order-processor-2", 41L));

		// When
		boolean beforePartitions = this.watch.observe(joined);
		boolean withPartitions = this.watch.observe(assigned);
		boolean withMoreOrders = this.watch.observe(busier);

		// Then
		assertThat(beforePartitions).isFalse();
		assertThat(withPartitions).isTrue();
		assertThat(withMoreOrders).isFalse();
		assertThat(output()).containsOnlyOnce("order-processors-share (share group): 2 members fetch from 1 partition");
	}

	@Test
	void shouldWaitForTheGroupToBeStableBeforePrintingTheAssignment() {
		// Given
		GroupReading stable = group(List.of(member("order-processor-1", 0, 1, 2, 3, 4, 5), member("order-processor-2")),
				0L, 0L, 0L, 0L, 0L, 0L);
		GroupReading rebalancing = rebalancing(stable);

		// When
		boolean printed = this.watch.observe(rebalancing);

		// Then
		assertThat(printed).isFalse();
		assertThat(output()).isEqualToNormalizingNewlines("order-processors is rebalancing (PreparingRebalance)\n");
		assertThat(this.watch.latest()).contains(rebalancing);
	}

	@Test
	void shouldPrintNothingBeforeTheTopicExists() {
		// Given
		GroupReading noTopicYet = group(List.of(member("order-processor-1")));

		// When
		boolean printed = this.watch.observe(noTopicYet);

		// Then
		assertThat(printed).isFalse();
		assertThat(output()).isEmpty();
	}

	private String output() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

}
