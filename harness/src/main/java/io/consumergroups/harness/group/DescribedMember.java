package io.consumergroups.harness.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * A member as a coordinator described it, whatever the group's type: what it says of
 * itself, and what it was given. The members of one group are named together
 * ({@link MemberNames}) into a {@link GroupAssignment}.
 *
 * @param identity what it says of itself
 * @param partitions the partitions of the topic it was given
 * @param tasks a streams member's active tasks; empty in other groups
 */
record DescribedMember(MemberNames.Identity identity, List<Integer> partitions, Set<String> tasks) {

	/**
	 * A group and its members, named.
	 * @param groupId the group
	 * @param topic the topic whose partitions the members' lists hold
	 * @param type the group's type
	 * @param state the group's state
	 * @param described every member of the group
	 * @return the group
	 */
	static GroupAssignment assignment(String groupId, String topic, GroupType type, GroupState state,
			List<DescribedMember> described) {
		List<String> names = MemberNames.of(described.stream().map(DescribedMember::identity).toList());
		List<GroupAssignment.Member> members = new ArrayList<>();
		for (int i = 0; i < described.size(); i++) {
			members
				.add(new GroupAssignment.Member(names.get(i), described.get(i).partitions(), described.get(i).tasks()));
		}
		return new GroupAssignment(groupId, topic, type, state, members);
	}

	/**
	 * The partitions of one topic among those assigned.
	 * @param assigned every partition assigned
	 * @param topic the topic
	 * @return its partitions' numbers
	 */
	static List<Integer> partitionsOf(Collection<TopicPartition> assigned, String topic) {
		return assigned.stream()
			.filter((partition) -> partition.topic().equals(topic))
			.map(TopicPartition::partition)
			.toList();
	}

}
