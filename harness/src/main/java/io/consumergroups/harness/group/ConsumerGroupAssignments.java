package io.consumergroups.harness.group;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * A consumer group, of the classic or the consumer protocol (KIP-848), as
 * {@code kafka-consumer-groups.sh --describe} shows it: each member and its partitions.
 */
final class ConsumerGroupAssignments {

	private ConsumerGroupAssignments() {
	}

	/**
	 * The group as described.
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @param group the coordinator's description
	 * @return the group's assignment
	 */
	static GroupAssignment assignment(String groupId, String topic, ConsumerGroupDescription group) {
		return DescribedMember.assignment(groupId, topic, group.type(), group.groupState(),
				group.members().stream().map((member) -> described(member, topic)).toList());
	}

	private static DescribedMember described(MemberDescription member, String topic) {
		return new DescribedMember(
				new MemberNames.Identity(member.consumerId(), member.clientId(), member.groupInstanceId(),
						Optional.empty()),
				DescribedMember.partitionsOf(member.assignment().topicPartitions(), topic), Set.of());
	}

}
