package io.consumergroups.harness.group;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.common.GroupType;

/**
 * A share group (KIP-932), as {@code kafka-share-groups.sh --describe} shows it: each
 * member and the partitions it fetches from, which it shares with the other members of
 * those partitions.
 */
final class ShareGroupAssignments {

	private ShareGroupAssignments() {
	}

	/**
	 * The group as described.
	 * @param groupId the share group
	 * @param topic the topic whose partitions count
	 * @param group the coordinator's description
	 * @return the group's assignment
	 */
	static GroupAssignment assignment(String groupId, String topic, ShareGroupDescription group) {
		return DescribedMember.assignment(groupId, topic, GroupType.SHARE, group.groupState(),
				group.members().stream().map((member) -> described(member, topic)).toList());
	}

	private static DescribedMember described(ShareMemberDescription member, String topic) {
		return new DescribedMember(
				new MemberNames.Identity(member.consumerId(), member.clientId(), Optional.empty(), Optional.empty()),
				DescribedMember.partitionsOf(member.assignment().topicPartitions(), topic), Set.of());
	}

}
