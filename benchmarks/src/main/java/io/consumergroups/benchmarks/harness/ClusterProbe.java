package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * What the harness sees of the cluster, through Kafka's Admin API and independently of
 * the processes under test: topics, end offsets, the offsets a group has committed, and
 * the group as its coordinator describes it.
 */
public final class ClusterProbe implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final Admin admin;

	public ClusterProbe(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/**
	 * Create a topic with the broker's default replication, unless it exists.
	 * @param name the topic
	 * @param partitions how many partitions
	 */
	public void createTopic(String name, int partitions) {
		try {
			get(this.admin.createTopics(List.of(new NewTopic(name, partitions, (short) -1))).all());
		}
		catch (IllegalStateException ex) {
			if (!(ex.getCause() instanceof TopicExistsException)) {
				throw ex;
			}
		}
	}

	/**
	 * Delete every record of a topic up to its end, so that a new group reading from the
	 * earliest offset starts from now on.
	 * @param topic the topic
	 */
	public void truncate(String topic) {
		Map<TopicPartition, RecordsToDelete> request = endOffsets(topic).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (end) -> RecordsToDelete.beforeOffset(end.getValue())));
		get(this.admin.deleteRecords(request).all());
	}

	/**
	 * The end offset of each partition of a topic.
	 * @param topic the topic
	 * @return partition to end offset
	 */
	public Map<TopicPartition, Long> endOffsets(String topic) {
		Map<TopicPartition, OffsetSpec> request = get(this.admin.describeTopics(List.of(topic)).allTopicNames())
			.get(topic)
			.partitions()
			.stream()
			.collect(Collectors.toMap((info) -> new TopicPartition(topic, info.partition()),
					(info) -> OffsetSpec.latest()));
		return get(this.admin.listOffsets(request).all()).entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

	/**
	 * How many records a group has consumed and committed, over all partitions.
	 * @param groupId the group
	 * @return the sum of its committed offsets; 0 before its first commit
	 */
	public long committedTotal(String groupId) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
		return committed.values()
			.stream()
			.filter((offset) -> offset != null)
			.mapToLong(OffsetAndMetadata::offset)
			.sum();
	}

	/**
	 * How many records of a topic a group has not committed yet: the end offsets, read
	 * after the group's committed offsets, minus those. A partition the group has never
	 * committed counts whole.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the lag summed over the topic's partitions
	 */
	public long lag(String groupId, String topic) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
		return endOffsets(topic).entrySet().stream().mapToLong((end) -> {
			OffsetAndMetadata offset = committed.get(end.getKey());
			return end.getValue() - ((offset != null) ? offset.offset() : 0);
		}).sum();
	}

	/**
	 * Describe a group as its coordinator sees it.
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @return its state and each member's partitions
	 */
	public AssignmentSnapshot describe(String groupId, String topic) {
		ConsumerGroupDescription description = described(this.admin.describeConsumerGroups(List.of(groupId)).all(),
				groupId);
		if (description == null) {
			return new AssignmentSnapshot(System.currentTimeMillis(), GroupState.DEAD, Map.of());
		}
		Map<String, List<Integer>> partitionsByMember = new HashMap<>();
		for (MemberDescription member : description.members()) {
			String name = member.groupInstanceId().orElse(member.clientId() + "/" + member.consumerId());
			partitionsByMember.put(name, partitionsOf(member.assignment().topicPartitions(), topic));
		}
		return new AssignmentSnapshot(System.currentTimeMillis(), description.groupState(), partitionsByMember);
	}

	/**
	 * Describe a share group as its coordinator sees it: each member and the partitions
	 * it fetches from, which it shares with the other members of those partitions.
	 * @param groupId the share group
	 * @param topic the topic whose partitions count
	 * @return its state and each member's partitions, members named by client id and
	 * member id
	 */
	public AssignmentSnapshot describeShareGroup(String groupId, String topic) {
		ShareGroupDescription description = described(this.admin.describeShareGroups(List.of(groupId)).all(), groupId);
		if (description == null) {
			return new AssignmentSnapshot(System.currentTimeMillis(), GroupState.DEAD, Map.of());
		}
		Map<String, List<Integer>> partitionsByMember = new HashMap<>();
		for (ShareMemberDescription member : description.members()) {
			partitionsByMember.put(member.clientId() + "/" + member.consumerId(),
					partitionsOf(member.assignment().topicPartitions(), topic));
		}
		return new AssignmentSnapshot(System.currentTimeMillis(), description.groupState(), partitionsByMember);
	}

	/**
	 * A group's description, or {@code null} when the coordinator knows no such group:
	 * the consumer protocol's and the share group's coordinators know none before its
	 * first member.
	 */
	private static <D> D described(KafkaFuture<Map<String, D>> descriptions, String groupId) {
		try {
			return get(descriptions).get(groupId);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return null;
			}
			throw ex;
		}
	}

	private static List<Integer> partitionsOf(Collection<TopicPartition> assigned, String topic) {
		return assigned.stream()
			.filter((partition) -> partition.topic().equals(topic))
			.map(TopicPartition::partition)
			.sorted()
			.toList();
	}

	/**
	 * Describe a group every 100 ms until it matches.
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @param condition what to wait for
	 * @param timeout how long at most
	 * @param replicas replicas that must stay alive meanwhile
	 * @return the first matching snapshot
	 * @throws IllegalStateException on timeout, with the last snapshot, or when a replica
	 * exited
	 */
	public AssignmentSnapshot awaitGroup(String groupId, String topic, Predicate<AssignmentSnapshot> condition,
			Duration timeout, List<ProcessorReplica> replicas) {
		return await(groupId, () -> describe(groupId, topic), condition, timeout, replicas);
	}

	/**
	 * Describe a share group every 100 ms until it matches.
	 * @param groupId the share group
	 * @param topic the topic whose partitions count
	 * @param condition what to wait for
	 * @param timeout how long at most
	 * @param replicas replicas that must stay alive meanwhile
	 * @return the first matching snapshot
	 * @throws IllegalStateException on timeout, with the last snapshot, or when a replica
	 * exited
	 */
	public AssignmentSnapshot awaitShareGroup(String groupId, String topic, Predicate<AssignmentSnapshot> condition,
			Duration timeout, List<ProcessorReplica> replicas) {
		return await(groupId, () -> describeShareGroup(groupId, topic), condition, timeout, replicas);
	}

	private static AssignmentSnapshot await(String groupId, Supplier<AssignmentSnapshot> describe,
			Predicate<AssignmentSnapshot> condition, Duration timeout, List<ProcessorReplica> replicas) {
		long deadline = System.nanoTime() + timeout.toNanos();
		AssignmentSnapshot last = null;
		while (System.nanoTime() < deadline) {
			replicas.forEach(ProcessorReplica::requireAlive);
			last = describe.get();
			if (condition.test(last)) {
				return last;
			}
			Pause.of(POLL_INTERVAL);
		}
		throw new IllegalStateException("Group " + groupId + " did not reach the expected state within "
				+ timeout.toSeconds() + " s; last seen: " + last);
	}

	private static <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer from Kafka within " + TIMEOUT.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
