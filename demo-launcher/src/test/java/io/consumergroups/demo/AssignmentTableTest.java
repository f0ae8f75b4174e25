package io.consumergroups.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.consumergroups.harness.group.GroupAssignment;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentTableTest {

	@Test
	void shouldShowSixPartitionsOverThreeMembers() {
		// Given
		GroupReading group = group(List.of(member("order-processor-1", 0, 1), member("order-processor-2", 2, 3),
				member("order-processor-3", 4, 5)), 0L, 3L, 12L, 0L, null, 1L);

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).isEqualToNormalizingNewlines("""
				order-processors: 6 partitions over 3 members (2, 2, 2)
				  partition  member               lag
				  orders-0   order-processor-1      0
				  orders-1   order-processor-1      3
				  orders-2   order-processor-2     12
				  orders-3   order-processor-2      0
				  orders-4   order-processor-3      -
				  orders-5   order-processor-3      1
				""");
	}

	@Test
	void shouldNameTheIdleMembersWhenThereAreMoreMembersThanPartitions() {
		// Given
		List<GroupAssignment.Member> members = new ArrayList<>();
		IntStream.rangeClosed(1, 6).forEach((i) -> members.add(member("order-processor-" + i, i - 1)));
		members.add(member("order-processor-8"));
		members.add(member("order-processor-7"));
		GroupReading group = group(members, 0L, 0L, 0L, 0L, 0L, 0L);

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).startsWith("order-processors: 6 partitions over 8 members (1, 1, 1, 1, 1, 1, 0, 0)")
			.endsWith("  idle: order-processor-7, order-processor-8"
					+ " (more members than partitions: they stand by until a member leaves)" + System.lineSeparator());
	}

	@Test
	void shouldShowPartitionsThatNoMemberOwns() {
		// Given
		GroupReading group = group(List.of(member("order-processor-1", 0, 1, 2)), 0L, 0L, 0L, 0L, 0L, 0L);

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).contains("6 partitions over 1 member (3)")
			.contains("  orders-3   (unassigned)")
			.doesNotContain("idle");
	}

	@Test
	void shouldShowEveryShareGroupMemberWithThePartitionsItFetchesFromAndItsRecentOrders() {
		// Given twelve members, two on each partition, as the share group assigns them
		List<GroupAssignment.Member> members = new ArrayList<>();
		Map<String, Long> processed = new HashMap<>();
		IntStream.rangeClosed(1, 12).forEach((i) -> {
			members.add(member("order-processor-" + i + "-0", (i - 1) % 6));
			processed.put("order-processor-" + i + "-0", 30L + i);
		});
		Map<Integer, Long> lags = new HashMap<>();
		IntStream.range(0, 6)
			.filter((partition) -> partition != 2)
			.forEach((partition) -> lags.put(partition, 0L + partition));
		GroupReading group = share(members, 6, lags, processed);

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).isEqualToNormalizingNewlines(
				"""
						order-processors-share (share group): 12 members fetch from 6 partitions (2, 2, 2, 2, 2, 2 per partition)
						  partition  members                                      lag
						  orders-0   order-processor-1-0, order-processor-7-0       0
						  orders-1   order-processor-2-0, order-processor-8-0       1
						  orders-2   order-processor-3-0, order-processor-9-0       -
						  orders-3   order-processor-4-0, order-processor-10-0      3
						  orders-4   order-processor-5-0, order-processor-11-0      4
						  orders-5   order-processor-6-0, order-processor-12-0      5
						  member                partitions  orders (last 10 s)
						  order-processor-1-0   0                           31
						  order-processor-2-0   1                           32
						  order-processor-3-0   2                           33
						  order-processor-4-0   3                           34
						  order-processor-5-0   4                           35
						  order-processor-6-0   5                           36
						  order-processor-7-0   0                           37
						  order-processor-8-0   1                           38
						  order-processor-9-0   2                           39
						  order-processor-10-0  3                           40
						  order-processor-11-0  4                           41
						  order-processor-12-0  5                           42
						""");
	}

	@Test
	void shouldNotCallShareGroupMembersStandbysWhenTheyOutnumberThePartitions() {
		// Given a member the share group has not given a partition yet
		List<GroupAssignment.Member> members = new ArrayList<>();
		IntStream.rangeClosed(1, 7).forEach((i) -> members.add(member("order-processor-" + i + "-0", (i - 1) % 6)));
		members.add(member("order-processor-8-0"));
		GroupReading group = share(members, 1, Map.of(), Map.of());

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).contains("order-processors-share (share group): 8 members fetch from 1 partition (2 per")
			.contains("  order-processor-8-0  -                            -")
			.contains("  idle: order-processor-8-0" + System.lineSeparator())
			.doesNotContain("stand by");
	}

	@Test
	void shouldOrderMembersByTheirNumber() {
		// Given
		List<GroupAssignment.Member> members = new ArrayList<>();
		IntStream.rangeClosed(1, 11).forEach((i) -> members.add(member("order-processor-" + (12 - i))));

		// When
		GroupReading group = group(members);

		// Then
		assertThat(group.members()).first().extracting(GroupAssignment.Member::name).isEqualTo("order-processor-1");
		assertThat(group.members()).last().extracting(GroupAssignment.Member::name).isEqualTo("order-processor-11");
	}

	static GroupReading group(List<GroupAssignment.Member> members, Long... lags) {
		Map<Integer, Long> lag = new HashMap<>();
		for (int partition = 0; partition < lags.length; partition++) {
			if (lags[partition] != null) {
				lag.put(partition, lags[partition]);
			}
		}
		return new GroupReading(
				new GroupAssignment("order-processors", "orders", GroupType.CONSUMER, GroupState.STABLE, members),
				false, lags.length, lag, Map.of());
	}

	static GroupReading share(List<GroupAssignment.Member> members, int partitions, Map<Integer, Long> lags,
			Map<String, Long> processed) {
		return new GroupReading(
				new GroupAssignment("order-processors-share", "orders", GroupType.SHARE, GroupState.STABLE, members),
				true, partitions, lags, processed);
	}

	static GroupReading rebalancing(GroupReading reading) {
		GroupAssignment group = reading.group();
		return new GroupReading(
				new GroupAssignment(group.groupId(), group.topic(), group.type(), GroupState.PREPARING_REBALANCE,
						group.members()),
				reading.share(), reading.partitionCount(), reading.lags(), reading.recentlyProcessed());
	}

	static GroupAssignment.Member member(String name, Integer... partitions) {
		return new GroupAssignment.Member(name, List.of(partitions));
	}

}
