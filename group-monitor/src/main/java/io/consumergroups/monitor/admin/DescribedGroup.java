package io.consumergroups.monitor.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;

/**
 * A group as its coordinator describes it, whatever its type, before its offsets are
 * read.
 *
 * @param id the group
 * @param type its type
 * @param state its state
 * @param assignor its partition assignor; empty where the type has none to tell
 * @param groupEpoch its epoch, or {@code null} (classic groups)
 * @param targetAssignmentEpoch the epoch of its target assignment, or {@code null}
 * @param members its members
 */
record DescribedGroup(String id, GroupType type, GroupState state, String assignor, Integer groupEpoch,
		Integer targetAssignmentEpoch, List<MemberSnapshot> members) {

	/**
	 * The topics the members own partitions of, or are to own.
	 * @return topic names, with repeats
	 */
	Stream<String> memberTopics() {
		return this.members.stream().flatMap((member) -> {
			Stream<PartitionId> target = (member.target() != null) ? member.target().stream() : Stream.empty();
			return Stream.concat(member.assigned().stream(), target).map(PartitionId::topic);
		});
	}

	/**
	 * The group with its offsets in every partition of the topics it has state in or its
	 * members read, whose log-end offset is known.
	 * @param progress where the group stands
	 * @param partitionCounts the partitions of each topic
	 * @param logEnd the log-end offsets
	 * @param at when the read began
	 * @return the snapshot
	 */
	GroupSnapshot snapshot(GroupProgress progress, Map<String, Integer> partitionCounts,
			Map<TopicPartition, Long> logEnd, Instant at) {
		Set<String> topics = new TreeSet<>();
		progress.partitions().forEach((partition) -> topics.add(partition.topic()));
		memberTopics().forEach(topics::add);
		List<PartitionOffsets> partitions = new ArrayList<>();
		for (String topic : topics) {
			for (int i = 0; i < partitionCounts.getOrDefault(topic, 0); i++) {
				TopicPartition partition = new TopicPartition(topic, i);
				Long end = logEnd.get(partition);
				if (end != null) {
					partitions.add(progress.offsetsIn().apply(partition, end));
				}
			}
		}
		return new GroupSnapshot(this.id, this.type, this.state, this.assignor, this.groupEpoch,
				this.targetAssignmentEpoch, this.members, partitions, at);
	}

	/**
	 * Where a member connects from.
	 * @param reported the host as the coordinator reports it, {@code /10.0.0.7}
	 * @return the address alone
	 */
	static String host(String reported) {
		return (reported != null && reported.startsWith("/")) ? reported.substring(1) : reported;
	}

}
