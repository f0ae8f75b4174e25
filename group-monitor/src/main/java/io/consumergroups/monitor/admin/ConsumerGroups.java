package io.consumergroups.monitor.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer groups under either protocol: the classic groups that consumers form, and
 * consumer groups (KIP-848). Described with {@code ConsumerGroupDescribe}, which the
 * client falls back from to {@code DescribeGroups} for classic groups; their committed
 * offsets read with {@code OffsetFetch}.
 */
final class ConsumerGroups extends GroupsOfType<ConsumerGroupDescription, Map<TopicPartition, OffsetAndMetadata>> {

	/**
	 * Protocol types of classic groups that consumers (rather than e.g. Connect) form.
	 */
	private static final Set<String> CONSUMER_PROTOCOL_TYPES = Set.of("consumer", "");

	ConsumerGroups(Admin admin, AdminAnswers answers) {
		super(GroupType.CONSUMER, GroupProgress::committed, admin, answers);
	}

	/**
	 * Consumer groups, and the classic groups that consumers form.
	 */
	@Override
	boolean includes(GroupListing listing) {
		GroupType type = listing.type().orElse(GroupType.CLASSIC);
		return type == GroupType.CONSUMER
				|| (type == GroupType.CLASSIC && CONSUMER_PROTOCOL_TYPES.contains(listing.protocol()));
	}

	@Override
	Map<String, KafkaFuture<ConsumerGroupDescription>> describeRequest(List<String> ids) {
		return this.admin.describeConsumerGroups(ids).describedGroups();
	}

	@Override
	DescribedGroup group(ConsumerGroupDescription description) {
		List<MemberSnapshot> members = description.members()
			.stream()
			.map((member) -> new MemberSnapshot(member.consumerId(), member.groupInstanceId().orElse(null),
					member.clientId(), DescribedGroup.host(member.host()), member.memberEpoch().orElse(null),
					partitions(member.assignment()),
					member.targetAssignment().map(ConsumerGroups::partitions).orElse(null)))
			.toList();
		return new DescribedGroup(description.groupId(), description.type(), description.groupState(),
				description.partitionAssignor(), description.groupEpoch().orElse(null),
				description.targetAssignmentEpoch().orElse(null), members);
	}

	@Override
	Function<String, KafkaFuture<Map<TopicPartition, OffsetAndMetadata>>> offsetsRequest(List<String> ids) {
		return this.admin
			.listConsumerGroupOffsets(specs(ids, ListConsumerGroupOffsetsSpec::new))::partitionsToOffsetAndMetadata;
	}

	private static List<PartitionId> partitions(MemberAssignment assignment) {
		return assignment.topicPartitions().stream().map(PartitionId::of).toList();
	}

}
