package io.consumergroups.monitor.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Streams groups (KIP-1071): described with {@code StreamsGroupDescribe}, their committed
 * offsets read with {@code OffsetFetch}. A member is assigned tasks, shown as the
 * partitions they read.
 */
final class StreamsGroups extends GroupsOfType<StreamsGroupDescription, Map<TopicPartition, OffsetAndMetadata>> {

	StreamsGroups(Admin admin, AdminAnswers answers) {
		super(GroupType.STREAMS, GroupProgress::committed, admin, answers);
	}

	@Override
	Map<String, KafkaFuture<StreamsGroupDescription>> describeRequest(List<String> ids) {
		return this.admin.describeStreamsGroups(ids).describedGroups();
	}

	@Override
	DescribedGroup group(StreamsGroupDescription description) {
		// A streams member is assigned tasks: task (subtopology s, partition p) reads
		// partition p of each source topic of s.
		Map<String, List<String>> sourceTopics = new HashMap<>();
		for (StreamsGroupSubtopologyDescription subtopology : description.subtopologies()) {
			List<String> topics = new ArrayList<>(subtopology.sourceTopics());
			topics.addAll(subtopology.repartitionSourceTopics().keySet());
			sourceTopics.put(subtopology.subtopologyId(), topics);
		}
		List<MemberSnapshot> members = new ArrayList<>();
		for (StreamsGroupMemberDescription member : description.members()) {
			members.add(new MemberSnapshot(member.memberId(), member.instanceId().orElse(null), member.clientId(),
					DescribedGroup.host(member.clientHost()), member.memberEpoch(),
					partitions(member.assignment(), sourceTopics),
					partitions(member.targetAssignment(), sourceTopics)));
		}
		return new DescribedGroup(description.groupId(), GroupType.STREAMS, description.groupState(), "",
				description.groupEpoch(), description.targetAssignmentEpoch(), members);
	}

	@Override
	Function<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> offsetsRequest(List<String> ids) {
		return this.admin
			.listStreamsGroupOffsets(specs(ids, ListStreamsGroupOffsetsSpec::new))::partitionsToOffsetAndMetadata;
	}

	private static List<PartitionId> partitions(StreamsGroupMemberAssignment assignment,
			Map<String, List<String>> sourceTopics) {
		if (assignment == null) {
			return List.of();
		}
		List<PartitionId> partitions = new ArrayList<>();
		for (StreamsGroupMemberAssignment.TaskIds task : assignment.activeTasks()) {
			for (String topic : sourceTopics.getOrDefault(task.subtopologyId(), List.of())) {
				task.partitions().forEach((partition) -> partitions.add(new PartitionId(topic, partition)));
			}
		}
		return partitions;
	}

}
