package io.consumergroups.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads a group's assignment and lag from the cluster with Kafka's Admin API, the way
 * {@code kafka-consumer-groups.sh --describe} does: the members and their partitions from
 * the group coordinator, the group's committed offsets, and the partitions' latest
 * offsets. A share group's the way {@code kafka-share-groups.sh --describe} does: its
 * members and the partitions each fetches from, and each partition's start offset and lag
 * as the share coordinator reports them.
 */
final class GroupAssignmentReader {

	/** Long enough for a leader election, short enough to keep the watch lively. */
	private static final long TIMEOUT_SECONDS = 5;

	private final Admin admin;

	private final String groupId;

	private final String topic;

	private final boolean share;

	/**
	 * Reads a consumer group.
	 * @param admin the cluster
	 * @param groupId the group
	 * @param topic the topic whose partitions it reads
	 */
	GroupAssignmentReader(Admin admin, String groupId, String topic) {
		this(admin, groupId, topic, false);
	}

	/**
	 * Reads a consumer or share group.
	 * @param admin the cluster
	 * @param groupId the group
	 * @param topic the topic whose partitions it reads
	 * @param share whether it is a share group
	 */
	GroupAssignmentReader(Admin admin, String groupId, String topic, boolean share) {
		this.admin = admin;
		this.groupId = groupId;
		this.topic = topic;
		this.share = share;
	}

	/**
	 * Reads the group now.
	 * @return the group's assignment; with no members if the group does not exist yet
	 * @throws Exception if the cluster does not answer in time
	 */
	GroupAssignment read() throws Exception {
		Optional<Described> group = this.share ? describeShareGroup() : describeGroup();
		int partitionCount = partitionCount();
		Map<Integer, List<String>> membersOf = new HashMap<>();
		List<GroupAssignment.Member> members = new ArrayList<>();
		group.ifPresent((description) -> description.members().forEach((member) -> {
			List<Integer> partitions = member.partitions()
				.stream()
				.filter((partition) -> partition.topic().equals(this.topic))
				.map(TopicPartition::partition)
				.toList();
			partitions.forEach(
					(partition) -> membersOf.computeIfAbsent(partition, (key) -> new ArrayList<>()).add(member.name()));
			members.add(new GroupAssignment.Member(member.name(), partitions));
		}));
		Map<Integer, OptionalLong> lags = this.share ? shareLags() : lags(partitionCount);
		List<GroupAssignment.Partition> partitions = new ArrayList<>();
		for (int partition = 0; partition < partitionCount; partition++) {
			partitions.add(new GroupAssignment.Partition(this.topic, partition,
					membersOf.getOrDefault(partition, List.of()), lags.getOrDefault(partition, OptionalLong.empty())));
		}
		String state = group.map(Described::state).orElse("Dead");
		return new GroupAssignment(this.groupId, state, members, partitions, this.share);
	}

	private Optional<Described> describeShareGroup() throws Exception {
		try {
			ShareGroupDescription group = await(this.admin.describeShareGroups(List.of(this.groupId)).all())
				.get(this.groupId);
			// A share group has no instance ids: a member is its client id
			return Optional.of(new Described(group.groupState().toString(),
					group.members()
						.stream()
						.map((member) -> new DescribedMember(member.clientId(), member.assignment().topicPartitions()))
						.toList()));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * The lag the share coordinator reports for each partition: the records from the
	 * share group's start offset to the end not yet acknowledged or archived.
	 */
	private Map<Integer, OptionalLong> shareLags() throws Exception {
		Map<TopicPartition, SharePartitionOffsetInfo> offsets;
		try {
			offsets = await(this.admin.listShareGroupOffsets(Map.of(this.groupId, new ListShareGroupOffsetsSpec()))
				.partitionsToOffsetInfo(this.groupId));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
		Map<Integer, OptionalLong> lags = new HashMap<>();
		offsets.forEach((partition, offset) -> {
			// No offset info: the share coordinator holds no state for the partition yet
			if (partition.topic().equals(this.topic) && offset != null && offset.lag().isPresent()) {
				lags.put(partition.partition(), OptionalLong.of(offset.lag().get()));
			}
		});
		return lags;
	}

	private static String nameOf(MemberDescription member) {
		return member.groupInstanceId().orElse(member.clientId());
	}

	private Optional<Described> describeGroup() throws Exception {
		try {
			ConsumerGroupDescription group = await(this.admin.describeConsumerGroups(List.of(this.groupId)).all())
				.get(this.groupId);
			return Optional.of(new Described(group.groupState().toString(),
					group.members()
						.stream()
						.map((member) -> new DescribedMember(nameOf(member), member.assignment().topicPartitions()))
						.toList()));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private int partitionCount() throws Exception {
		try {
			TopicDescription description = await(this.admin.describeTopics(List.of(this.topic)).allTopicNames())
				.get(this.topic);
			return description.partitions().size();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return 0;
			}
			throw ex;
		}
	}

	private Map<Integer, OptionalLong> lags(int partitionCount) throws Exception {
		if (partitionCount == 0) {
			return Map.of();
		}
		Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int partition = 0; partition < partitionCount; partition++) {
			latest.put(new TopicPartition(this.topic, partition), OffsetSpec.latest());
		}
		Map<TopicPartition, ListOffsetsResultInfo> ends = await(this.admin.listOffsets(latest).all());
		Map<Integer, OptionalLong> lags = new HashMap<>();
		ends.forEach((partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			lags.put(partition.partition(), (offset != null)
					? OptionalLong.of(Math.max(0, end.offset() - offset.offset())) : OptionalLong.empty());
		});
		return lags;
	}

	private Map<TopicPartition, OffsetAndMetadata> committedOffsets() throws Exception {
		try {
			return await(this.admin.listConsumerGroupOffsets(this.groupId).partitionsToOffsetAndMetadata());
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
	}

	private static <T> T await(KafkaFuture<T> future)
			throws ExecutionException, InterruptedException, TimeoutException {
		return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * A consumer or share group as the coordinator describes it.
	 */
	private record Described(String state, List<DescribedMember> members) {

	}

	private record DescribedMember(String name, Collection<TopicPartition> partitions) {

	}

}
