package io.consumergroups.monitor.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Share groups (KIP-932): described with {@code ShareGroupDescribe}; their start offset
 * and lag in each partition read with {@code DescribeShareGroupOffsets}, a partition
 * without state yet mapping to {@code null}. A share group has no assignor to tell and
 * commits no offsets.
 */
final class ShareGroups extends GroupsOfType<ShareGroupDescription, Map<TopicPartition, SharePartitionOffsetInfo>> {

	ShareGroups(Admin admin, AdminAnswers answers) {
		super(GroupType.SHARE, GroupProgress::shared, admin, answers);
	}

	@Override
	Map<String, KafkaFuture<ShareGroupDescription>> describeRequest(List<String> ids) {
		return this.admin.describeShareGroups(ids).describedGroups();
	}

	@Override
	DescribedGroup group(ShareGroupDescription description) {
		List<MemberSnapshot> members = description.members()
			.stream()
			.map((member) -> new MemberSnapshot(member.consumerId(), null, member.clientId(),
					DescribedGroup.host(member.host()), member.memberEpoch(),
					member.assignment().topicPartitions().stream().map(PartitionId::of).toList(), null))
			.toList();
		return new DescribedGroup(description.groupId(), GroupType.SHARE, description.groupState(), "",
				description.groupEpoch(), description.targetAssignmentEpoch(), members);
	}

	@Override
	Function<String, KafkaFuture<Map<TopicPartition, SharePartitionOffsetInfo>>> offsetsRequest(List<String> ids) {
		return this.admin.listShareGroupOffsets(specs(ids, ListShareGroupOffsetsSpec::new))::partitionsToOffsetInfo;
	}

}
