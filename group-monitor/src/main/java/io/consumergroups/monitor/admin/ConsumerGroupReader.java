package io.consumergroups.monitor.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.consumergroups.monitor.config.MonitorProperties;
import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberAssignment;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.admin.StreamsGroupSubtopologyDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads every group of the cluster through Kafka's Admin API: the only place the monitor
 * talks to Kafka. One {@link #read()} makes a handful of batched requests, whatever the
 * number of groups:
 * <ol>
 * <li>{@code ListGroups}: every group with its type (classic, consumer, share, streams)
 * and state;</li>
 * <li>{@code ConsumerGroupDescribe} (KIP-848), which the client falls back from to
 * {@code DescribeGroups} for classic groups; {@code ShareGroupDescribe},
 * {@code StreamsGroupDescribe}: members, their assignment and epochs;</li>
 * <li>{@code OffsetFetch}: the committed offsets; {@code DescribeShareGroupOffsets}: a
 * share group's start offset and lag in each partition;</li>
 * <li>{@code Metadata} and {@code ListOffsets}: the partitions of the topics the groups
 * read, and their log-end offsets.</li>
 * </ol>
 * A group that vanishes or fails to describe between two requests is left out of this
 * read; it will be in the next one if it still exists.
 */
@Component
public class ConsumerGroupReader {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerGroupReader.class);

	/**
	 * Protocol types of classic groups that consumers (rather than e.g. Connect) form.
	 */
	private static final Set<String> CONSUMER_PROTOCOL_TYPES = Set.of("consumer", "");

	private final Admin admin;

	private final Duration timeout;

	private final Clock clock;

	private final Comparator<String> order;

	ConsumerGroupReader(Admin admin, MonitorProperties properties, Clock clock) {
		this.admin = admin;
		this.timeout = properties.adminTimeout();
		this.order = GroupOrder.firstThenById(properties.firstGroups());
		this.clock = clock;
	}

	/**
	 * Read every group now.
	 * @return a snapshot of each group: the first groups of the configuration, then the
	 * others by id
	 * @throws IllegalStateException if the cluster cannot be listed
	 */
	public List<GroupSnapshot> read() {
		Instant now = this.clock.instant();
		Collection<GroupListing> listings = get(this.admin.listGroups().all());
		List<String> consumerGroups = ids(listings, ConsumerGroupReader::isConsumerGroup);
		List<String> shareGroups = ids(listings, (listing) -> listing.type().orElse(null) == GroupType.SHARE);
		List<String> streamsGroups = ids(listings, (listing) -> listing.type().orElse(null) == GroupType.STREAMS);

		List<Group> groups = new ArrayList<>();
		describeConsumerGroups(consumerGroups).forEach((id, description) -> groups.add(group(description)));
		describeShareGroups(shareGroups).forEach((id, description) -> groups.add(group(description)));
		describeStreamsGroups(streamsGroups).forEach((id, description) -> groups.add(group(description)));

		Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
		committed.putAll(committedOffsets(consumerGroups));
		committed.putAll(committedStreamsOffsets(streamsGroups));
		Map<String, Map<TopicPartition, SharePartitionOffsetInfo>> shared = shareGroupOffsets(shareGroups);
		Set<String> topics = new TreeSet<>();
		for (Group group : groups) {
			committed.getOrDefault(group.id(), Map.of()).keySet().forEach((partition) -> topics.add(partition.topic()));
			shared.getOrDefault(group.id(), Map.of()).keySet().forEach((partition) -> topics.add(partition.topic()));
			group.members().forEach((member) -> topicsOf(member).forEach(topics::add));
		}
		Map<String, Integer> partitionCounts = partitionCounts(topics);
		Map<TopicPartition, Long> logEnd = logEndOffsets(partitionCounts);
		return groups.stream()
			.map((group) -> group
				.snapshot(
						(group.type() == GroupType.SHARE)
								? shareOffsets(group, shared.getOrDefault(group.id(), Map.of()), partitionCounts,
										logEnd)
								: offsets(group, committed.getOrDefault(group.id(), Map.of()), partitionCounts, logEnd),
						now))
			.sorted(Comparator.comparing(GroupSnapshot::groupId, this.order))
			.toList();
	}

	private static boolean isConsumerGroup(GroupListing listing) {
		GroupType type = listing.type().orElse(GroupType.CLASSIC);
		return type == GroupType.CONSUMER
				|| (type == GroupType.CLASSIC && CONSUMER_PROTOCOL_TYPES.contains(listing.protocol()));
	}

	private static List<String> ids(Collection<GroupListing> listings, Predicate<GroupListing> filter) {
		return listings.stream().filter(filter).map(GroupListing::groupId).sorted().toList();
	}

	private Map<String, ConsumerGroupDescription> describeConsumerGroups(List<String> ids) {
		return ids.isEmpty() ? Map.of() : each(this.admin.describeConsumerGroups(ids).describedGroups());
	}

	private Map<String, ShareGroupDescription> describeShareGroups(List<String> ids) {
		return ids.isEmpty() ? Map.of() : each(this.admin.describeShareGroups(ids).describedGroups());
	}

	private Map<String, StreamsGroupDescription> describeStreamsGroups(List<String> ids) {
		return ids.isEmpty() ? Map.of() : each(this.admin.describeStreamsGroups(ids).describedGroups());
	}

	private Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(List<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		var result = this.admin.listConsumerGroupOffsets(ids.stream()
			.collect(Collectors.toMap(Function.identity(), (id) -> new ListConsumerGroupOffsetsSpec())));
		return each(ids.stream().collect(Collectors.toMap(Function.identity(), result::partitionsToOffsetAndMetadata)));
	}

	private Map<String, Map<TopicPartition, OffsetAndMetadata>> committedStreamsOffsets(List<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		var result = this.admin.listStreamsGroupOffsets(
				ids.stream().collect(Collectors.toMap(Function.identity(), (id) -> new ListStreamsGroupOffsetsSpec())));
		return each(ids.stream().collect(Collectors.toMap(Function.identity(), result::partitionsToOffsetAndMetadata)));
	}

	/**
	 * Each share group's start offset and lag in each partition it has state for; a
	 * partition without state yet maps to {@code null}.
	 */
	private Map<String, Map<TopicPartition, SharePartitionOffsetInfo>> shareGroupOffsets(List<String> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		ListShareGroupOffsetsResult result = this.admin.listShareGroupOffsets(
				ids.stream().collect(Collectors.toMap(Function.identity(), (id) -> new ListShareGroupOffsetsSpec())));
		return each(ids.stream().collect(Collectors.toMap(Function.identity(), result::partitionsToOffsetInfo)));
	}

	private Map<String, Integer> partitionCounts(Set<String> topics) {
		if (topics.isEmpty()) {
			return Map.of();
		}
		Map<String, TopicDescription> described = each(this.admin.describeTopics(topics).topicNameValues());
		Map<String, Integer> counts = new HashMap<>();
		described.forEach((topic, description) -> counts.put(topic, description.partitions().size()));
		return counts;
	}

	private Map<TopicPartition, Long> logEndOffsets(Map<String, Integer> partitionCounts) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitionCounts.forEach((topic, count) -> {
			for (int partition = 0; partition < count; partition++) {
				request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
			}
		});
		if (request.isEmpty()) {
			return Map.of();
		}
		ListOffsetsResult result = this.admin.listOffsets(request);
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = each(
				request.keySet().stream().collect(Collectors.toMap(Function.identity(), result::partitionResult)));
		Map<TopicPartition, Long> logEnd = new HashMap<>();
		offsets.forEach((partition, info) -> logEnd.put(partition, info.offset()));
		return logEnd;
	}

	private static List<PartitionOffsets> offsets(Group group, Map<TopicPartition, OffsetAndMetadata> committed,
			Map<String, Integer> partitionCounts, Map<TopicPartition, Long> logEnd) {
		return partitions(group, committed.keySet(), partitionCounts, logEnd, (partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			return new PartitionOffsets(PartitionId.of(partition), (offset != null) ? offset.offset() : null, end);
		});
	}

	/**
	 * A share group's partitions, each with its start offset and lag once the share
	 * coordinator has state for it.
	 */
	private static List<PartitionOffsets> shareOffsets(Group group,
			Map<TopicPartition, SharePartitionOffsetInfo> shared, Map<String, Integer> partitionCounts,
			Map<TopicPartition, Long> logEnd) {
		return partitions(group, shared.keySet(), partitionCounts, logEnd, (partition, end) -> {
			SharePartitionOffsetInfo info = shared.get(partition);
			return new PartitionOffsets(PartitionId.of(partition), null, end, (info != null)
					? new PartitionOffsets.ShareProgress(info.startOffset(), info.lag().orElse(null)) : null);
		});
	}

	/**
	 * Every partition of the topics a group has offsets in or its members read, whose
	 * log-end offset is known.
	 */
	private static List<PartitionOffsets> partitions(Group group, Set<TopicPartition> withOffsets,
			Map<String, Integer> partitionCounts, Map<TopicPartition, Long> logEnd,
			BiFunction<TopicPartition, Long, PartitionOffsets> offsetsOf) {
		Set<String> topics = new TreeSet<>();
		withOffsets.forEach((partition) -> topics.add(partition.topic()));
		group.members().forEach((member) -> topicsOf(member).forEach(topics::add));
		List<PartitionOffsets> offsets = new ArrayList<>();
		for (String topic : topics) {
			for (int i = 0; i < partitionCounts.getOrDefault(topic, 0); i++) {
				TopicPartition partition = new TopicPartition(topic, i);
				Long end = logEnd.get(partition);
				if (end != null) {
					offsets.add(offsetsOf.apply(partition, end));
				}
			}
		}
		return offsets;
	}

	private static Stream<String> topicsOf(MemberSnapshot member) {
		Stream<PartitionId> target = (member.target() != null) ? member.target().stream() : Stream.empty();
		return Stream.concat(member.assigned().stream(), target).map(PartitionId::topic);
	}

	private static Group group(ConsumerGroupDescription description) {
		List<MemberSnapshot> members = description.members()
			.stream()
			.map((member) -> new MemberSnapshot(member.consumerId(), member.groupInstanceId().orElse(null),
					member.clientId(), host(member.host()), member.memberEpoch().orElse(null),
					partitions(member.assignment()),
					member.targetAssignment().map(ConsumerGroupReader::partitions).orElse(null)))
			.toList();
		return new Group(description.groupId(), description.type(), description.groupState(),
				description.partitionAssignor(), description.groupEpoch().orElse(null),
				description.targetAssignmentEpoch().orElse(null), members);
	}

	private static Group group(ShareGroupDescription description) {
		List<MemberSnapshot> members = description.members()
			.stream()
			.map((member) -> new MemberSnapshot(member.consumerId(), null, member.clientId(), host(member.host()),
					member.memberEpoch(), member.assignment().topicPartitions().stream().map(PartitionId::of).toList(),
					null))
			.toList();
		return new Group(description.groupId(), GroupType.SHARE, description.groupState(), "", description.groupEpoch(),
				description.targetAssignmentEpoch(), members);
	}

	private static Group group(StreamsGroupDescription description) {
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
					host(member.clientHost()), member.memberEpoch(), partitions(member.assignment(), sourceTopics),
					partitions(member.targetAssignment(), sourceTopics)));
		}
		return new Group(description.groupId(), GroupType.STREAMS, description.groupState(), "",
				description.groupEpoch(), description.targetAssignmentEpoch(), members);
	}

	private static List<PartitionId> partitions(MemberAssignment assignment) {
		return assignment.topicPartitions().stream().map(PartitionId::of).toList();
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

	private static String host(String host) {
		// The coordinator reports the address the member connects from as "/10.0.0.7".
		return (host != null && host.startsWith("/")) ? host.substring(1) : host;
	}

	/**
	 * Wait for each future; leave out those that fail, e.g. a group deleted since it was
	 * listed.
	 */
	private <K, V> Map<K, V> each(Map<K, KafkaFuture<V>> futures) {
		Map<K, V> values = new HashMap<>();
		futures.forEach((key, future) -> {
			try {
				values.put(key, get(future));
			}
			catch (IllegalStateException ex) {
				logger.debug("Left {} out of this read: {}", key, ex.getMessage());
			}
		});
		return values;
	}

	private <T> T get(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer within " + this.timeout.toMillis() + " ms", ex);
		}
	}

	private record Group(String id, GroupType type, GroupState state, String assignor, Integer groupEpoch,
			Integer targetAssignmentEpoch, List<MemberSnapshot> members) {

		GroupSnapshot snapshot(List<PartitionOffsets> partitions, Instant at) {
			return new GroupSnapshot(this.id, this.type, this.state, this.assignor, this.groupEpoch,
					this.targetAssignmentEpoch, this.members, partitions, at);
		}

	}

}
