package io.consumergroups.harness.group;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Where a group stands on a topic, and where the topic ends: the offsets a consumer or
 * streams group committed, a share group's offsets, and the topic's end offsets, each
 * read with one Admin call.
 */
final class GroupOffsets {

	private final AdminCalls calls;

	GroupOffsets(AdminCalls calls) {
		this.calls = calls;
	}

	/**
	 * The offsets a consumer or streams group committed on a topic.
	 * @param groupId the group
	 * @param topic the topic
	 * @return partition to committed offset, for the partitions that have one; empty
	 * while the coordinator knows no such group
	 */
	Map<Integer, Long> committed(String groupId, String topic) {
		Map<TopicPartition, OffsetAndMetadata> committed = this.calls
			.getOfKnownGroup(this.calls.admin()
				.listConsumerGroupOffsets(groupId, this.calls.options(new ListConsumerGroupOffsetsOptions()))
				.partitionsToOffsetAndMetadata())
			.orElse(Map.of());
		Map<Integer, Long> byPartition = new HashMap<>();
		committed.forEach((partition, offset) -> {
			if (partition.topic().equals(topic) && offset != null) {
				byPartition.put(partition.partition(), offset.offset());
			}
		});
		return byPartition;
	}

	/**
	 * Where a share group stands on each partition of a topic.
	 * @param groupId the share group
	 * @param topic the topic
	 * @return partition to its offsets, for the partitions the group has begun; empty
	 * while the coordinator knows no such group
	 */
	Map<Integer, SharePartitionOffsetInfo> share(String groupId, String topic) {
		Map<TopicPartition, SharePartitionOffsetInfo> offsets = this.calls
			.getOfKnownGroup(this.calls.admin()
				.listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec()),
						this.calls.options(new ListShareGroupOffsetsOptions()))
				.partitionsToOffsetInfo(groupId))
			.orElse(Map.of());
		Map<Integer, SharePartitionOffsetInfo> byPartition = new TreeMap<>();
		offsets.forEach((partition, offset) -> {
			// No offset info: the share coordinator holds no state for the partition yet
			if (partition.topic().equals(topic) && offset != null) {
				byPartition.put(partition.partition(), offset);
			}
		});
		return byPartition;
	}

	/**
	 * The end offset of each partition of a topic, the topic described once.
	 * @param topic the topic
	 * @return partition to end offset
	 * @throws IllegalStateException if there is no such topic
	 */
	Map<TopicPartition, Long> ends(String topic) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		int partitions = partitionCount(topic);
		for (int partition = 0; partition < partitions; partition++) {
			request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
		}
		if (request.isEmpty()) {
			throw new IllegalStateException(new UnknownTopicOrPartitionException("No topic " + topic));
		}
		return this.calls
			.get(this.calls.admin().listOffsets(request, this.calls.options(new ListOffsetsOptions())).all())
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	/**
	 * How many partitions a topic has.
	 * @param topic the topic
	 * @return its partition count; 0 if there is no such topic (yet)
	 */
	int partitionCount(String topic) {
		try {
			return this.calls
				.get(this.calls.admin()
					.describeTopics(List.of(topic), this.calls.options(new DescribeTopicsOptions()))
					.allTopicNames())
				.get(topic)
				.partitions()
				.size();
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
				return 0;
			}
			throw ex;
		}
	}

}
