package io.consumergroups.harness.group;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeShareGroupsOptions;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a group's assignment and lag from the cluster with Kafka's Admin API, as
 * {@code kafka-consumer-groups.sh}, {@code kafka-share-groups.sh} and
 * {@code kafka-streams-groups.sh --describe} do, independently of the members: who owns
 * which partition, as a {@link GroupAssignment}, and how far behind the group is, as a
 * {@link GroupLag}.
 * <p>
 * Every call fails after one timeout, 20 s unless told: longer than a leader election
 * after a broker crash, and a third of Kafka's default minute, so that a caller that
 * tries again in a loop (a test's Awaitility, the demo's watch) does not idle for a
 * minute per attempt. Failures are {@link IllegalStateException}s whose cause is Kafka's.
 */
public final class GroupReader implements AutoCloseable {

	/** The timeout of every Admin call unless told. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	/** The longest a single request to a broker may take within a call. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private final AdminCalls calls;

	private final boolean ownAdmin;

	private final GroupOffsets offsets;

	/**
	 * A reader on an Admin client of the caller's, which stays open when the reader is
	 * closed.
	 * @param admin the client
	 * @param timeout how long each call may take
	 */
	public GroupReader(Admin admin, Duration timeout) {
		this(admin, false, timeout);
	}

	private GroupReader(Admin admin, boolean ownAdmin, Duration timeout) {
		this.calls = new AdminCalls(admin, timeout);
		this.ownAdmin = ownAdmin;
		this.offsets = new GroupOffsets(this.calls);
	}

	/**
	 * A reader with an Admin client of its own, calls timing out after
	 * {@link #DEFAULT_TIMEOUT}.
	 * @param clientSettings the cluster: {@code bootstrap.servers} and, on a secured
	 * cluster, a login allowed to describe groups and topics
	 * @return the reader, to close
	 */
	public static GroupReader create(Map<String, Object> clientSettings) {
		return create(clientSettings, DEFAULT_TIMEOUT);
	}

	/**
	 * A reader with an Admin client of its own.
	 * @param clientSettings the cluster, and its login if secured
	 * @param timeout how long each call may take
	 * @return the reader, to close
	 */
	public static GroupReader create(Map<String, Object> clientSettings, Duration timeout) {
		return new GroupReader(Admin.create(adminSettings(clientSettings, timeout)), true, timeout);
	}

	/**
	 * An Admin client's settings whose calls end with the reader's timeout: Kafka's
	 * default is a minute.
	 * @param clientSettings the cluster, and its login if secured
	 * @param timeout how long each call may take
	 * @return the settings
	 */
	public static Map<String, Object> adminSettings(Map<String, Object> clientSettings, Duration timeout) {
		Map<String, Object> settings = new HashMap<>(clientSettings);
		settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				(int) Math.min(REQUEST_TIMEOUT.toMillis(), timeout.toMillis()));
		settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		return settings;
	}

	/**
	 * Describe a group of a given type.
	 * @param type {@link GroupType#CLASSIC} or {@link GroupType#CONSUMER} (both described
	 * as consumer groups), {@link GroupType#SHARE} or {@link GroupType#STREAMS}
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @return the group; {@link GroupAssignment#unknown} while the coordinator knows none
	 */
	public GroupAssignment describe(GroupType type, String groupId, String topic) {
		return switch (type) {
			case CLASSIC, CONSUMER -> consumerGroup(groupId, topic);
			case SHARE -> shareGroup(groupId, topic);
			case STREAMS -> streamsGroup(groupId, topic);
			default -> throw new IllegalArgumentException("No group type " + type);
		};
	}

	/**
	 * Describe a consumer group, of the classic or the consumer protocol (KIP-848).
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @return the group; {@link GroupAssignment#unknown} while the coordinator knows none
	 * (the consumer protocol's knows no group before its first member)
	 */
	public GroupAssignment consumerGroup(String groupId, String topic) {
		return described(groupId, topic,
				this.calls.admin()
					.describeConsumerGroups(List.of(groupId), this.calls.options(new DescribeConsumerGroupsOptions()))
					.describedGroups(),
				(group) -> ConsumerGroupAssignments.assignment(groupId, topic, group));
	}

	/**
	 * Describe a share group (KIP-932): each member and the partitions it fetches from,
	 * which it shares with the other members of those partitions.
	 * @param groupId the share group
	 * @param topic the topic whose partitions count
	 * @return the group; {@link GroupAssignment#unknown} before its first member
	 */
	public GroupAssignment shareGroup(String groupId, String topic) {
		return described(groupId, topic,
				this.calls.admin()
					.describeShareGroups(List.of(groupId), this.calls.options(new DescribeShareGroupsOptions()))
					.describedGroups(),
				(group) -> ShareGroupAssignments.assignment(groupId, topic, group));
	}

	/**
	 * Describe a streams group (KIP-1071): each member, its active tasks, and the
	 * partitions of the topic those tasks read.
	 * @param groupId the group, a Streams {@code application.id}
	 * @param topic the source topic whose partitions count
	 * @return the group; {@link GroupAssignment#unknown} before its first member
	 */
	public GroupAssignment streamsGroup(String groupId, String topic) {
		return described(groupId, topic,
				this.calls.admin()
					.describeStreamsGroups(List.of(groupId), this.calls.options(new DescribeStreamsGroupsOptions()))
					.describedGroups(),
				(group) -> StreamsGroupAssignments.assignment(groupId, topic, group));
	}

	/**
	 * The group's assignment from its description, or {@link GroupAssignment#unknown}
	 * while the coordinator knows no such group.
	 */
	private <D> GroupAssignment described(String groupId, String topic, Map<String, KafkaFuture<D>> descriptions,
			Function<D, GroupAssignment> assignment) {
		return this.calls.getOfKnownGroup(descriptions.get(groupId))
			.map(assignment)
			.orElseGet(() -> GroupAssignment.unknown(groupId, topic));
	}

	/**
	 * Every group the cluster knows, of any type.
	 * @return the coordinators' listings
	 */
	public Collection<GroupListing> listGroups() {
		return this.calls.get(this.calls.admin().listGroups(this.calls.options(new ListGroupsOptions())).all());
	}

	/**
	 * A group's type as the coordinator lists it, whatever its type.
	 * @param groupId the group
	 * @return its type, or empty while the coordinator knows no such group
	 */
	public Optional<GroupType> listedType(String groupId) {
		return listGroups().stream()
			.filter((group) -> group.groupId().equals(groupId))
			.findFirst()
			.flatMap(GroupListing::type);
	}

	/**
	 * How far a consumer or streams group is behind on a topic: its committed offsets,
	 * then the topic's end offsets.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the lag of every partition of the topic
	 */
	public GroupLag lag(String groupId, String topic) {
		Map<Integer, Long> committed = this.offsets.committed(groupId, topic);
		Map<Integer, Long> ends = new HashMap<>();
		this.offsets.ends(topic).forEach((partition, end) -> ends.put(partition.partition(), end));
		return GroupLag.of(groupId, topic, ends, committed);
	}

	/**
	 * How many records of a topic a consumer group has committed past, over all its
	 * partitions: the group's committed offsets alone, in one call, for a caller that
	 * samples a group's progress often (a throughput measurement); {@link #lag} also
	 * reads the end offsets.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the sum of its committed offsets on the topic; 0 before its first commit
	 */
	public long committedTotal(String groupId, String topic) {
		return this.offsets.committed(groupId, topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * The end offset of each partition of a topic: the offset of its next record
	 * ({@code OffsetSpec.latest()}, the high watermark). The topics read here are written
	 * by idempotent producers, not transactional ones, so it is also what a
	 * {@code read_committed} consumer reaches.
	 * @param topic the topic
	 * @return partition to end offset
	 */
	public Map<TopicPartition, Long> endOffsets(String topic) {
		return this.offsets.ends(topic);
	}

	/**
	 * How many partitions a topic has.
	 * @param topic the topic
	 * @return its partition count; 0 if there is no such topic (yet)
	 */
	public int partitionCount(String topic) {
		return this.offsets.partitionCount(topic);
	}

	/**
	 * Where a share group stands on each partition of a topic, as the share coordinator
	 * reports it (Kafka 4.2: {@code DescribeShareGroupOffsets}, KIP-1226): its start
	 * offset, below which every record is acknowledged or archived, and its lag.
	 * @param groupId the share group
	 * @param topic the topic
	 * @return partition to its offsets, for the partitions the group has begun; empty
	 * while the coordinator knows no such group
	 */
	public Map<Integer, SharePartitionOffsetInfo> shareOffsets(String groupId, String topic) {
		return this.offsets.share(groupId, topic);
	}

	/** Closes the Admin client if the reader created it. */
	@Override
	public void close() {
		if (this.ownAdmin) {
			this.calls.admin().close();
		}
	}

}
