package io.consumergroups.harness.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.common.GroupType;

/**
 * A streams group (KIP-1071), as {@code kafka-streams-groups.sh --describe} shows it:
 * each member, its active tasks, and the partitions of a source topic those tasks read.
 */
final class StreamsGroupAssignments {

	private StreamsGroupAssignments() {
	}

	/**
	 * The group as described.
	 * @param groupId the group, a Streams {@code application.id}
	 * @param topic the source topic whose partitions count
	 * @param group the coordinator's description
	 * @return the group's assignment
	 */
	static GroupAssignment assignment(String groupId, String topic, StreamsGroupDescription group) {
		Map<String, List<String>> sourceTopics = group.subtopologies()
			.stream()
			.collect(Collectors.toMap(StreamsGroupSubtopologyDescription::subtopologyId,
					StreamsGroupSubtopologyDescription::sourceTopics));
		return DescribedMember.assignment(groupId, topic, GroupType.STREAMS, group.groupState(),
				group.members().stream().map((member) -> described(member, topic, sourceTopics)).toList());
	}

	private static DescribedMember described(StreamsGroupMemberDescription member, String topic,
			Map<String, List<String>> sourceTopics) {
		List<Integer> partitions = new ArrayList<>();
		List<String> tasks = new ArrayList<>();
		member.assignment().activeTasks().forEach((taskIds) -> taskIds.partitions().forEach((partition) -> {
			tasks.add(taskIds.subtopologyId() + "_" + partition);
			if (sourceTopics.getOrDefault(taskIds.subtopologyId(), List.of()).contains(topic)) {
				partitions.add(partition);
			}
		}));
		Optional<String> endpoint = member.userEndpoint().map((address) -> address.host() + ":" + address.port());
		return new DescribedMember(
				new MemberNames.Identity(member.memberId(), member.clientId(), member.instanceId(), endpoint),
				partitions, Set.copyOf(tasks));
	}

}
