package io.consumergroups.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentTableTest {

	@Test
	void shouldShowSixPartitionsOverThreeMembers() {
		// Given
		GroupAssignment group = group(List.of(member("order-processor-1", 0, 1), member("order-processor-2", 2, 3),
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
		GroupAssignment group = group(members, 0L, 0L, 0L, 0L, 0L, 0L);

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
		GroupAssignment group = group(List.of(member("order-processor-1", 0, 1, 2)), 0L, 0L, 0L, 0L, 0L, 0L);

		// When
		String table = AssignmentTable.format(group);

		// Then
		assertThat(table).contains("6 partitions over 1 member (3)")
			.contains("  orders-3   (unassigned)")
			.doesNotContain("idle");
	}

	@Test
	void shouldOrderMembersByTheirNumber() {
		// Given
		List<GroupAssignment.Member> members = new ArrayList<>();
		IntStream.rangeClosed(1, 11).forEach((i) -> members.add(member("order-processor-" + (12 - i))));

		// When
		GroupAssignment group = group(members);

		// Then
		assertThat(group.members()).first().extracting(GroupAssignment.Member::name).isEqualTo("order-processor-1");
		assertThat(group.members()).last().extracting(GroupAssignment.Member::name).isEqualTo("order-processor-11");
	}

	static GroupAssignment group(List<GroupAssignment.Member> members, Long... lags) {
		List<GroupAssignment.Partition> partitions = new ArrayList<>();
		for (int partition = 0; partition < lags.length; partition++) {
			int number = partition;
			Optional<String> owner = members.stream()
				.filter((member) -> member.partitions().contains(number))
				.map(GroupAssignment.Member::name)
				.findFirst();
			OptionalLong lag = (lags[partition] != null) ? OptionalLong.of(lags[partition]) : OptionalLong.empty();
			partitions.add(new GroupAssignment.Partition("orders", partition, owner, lag));
		}
		return new GroupAssignment("order-processors", GroupAssignment.STABLE, members, partitions);
	}

	static GroupAssignment.Member member(String name, Integer... partitions) {
		return new GroupAssignment.Member(name, List.of(partitions));
	}

}
