package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.consumergroups.harness.group.GroupAssignment;
import io.consumergroups.harness.group.GroupReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The cluster as the benchmarks set it up and wait on it, through Kafka's Admin API and
 * independently of the processes under test: topics created and emptied, and a group
 * described until it reaches a state. What a group is, its lag and its committed offsets
 * are read by the harness's {@link GroupReader}, on the same Admin client.
 */
public final class ClusterProbe implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final Admin admin;

	private final GroupReader groups;

	public ClusterProbe(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
		this.groups = new GroupReader(this.admin, TIMEOUT);
	}

	/**
	 * What the coordinators say of a group: its assignment, lag and committed offsets;
	 * each call fails after 30 s.
	 * @return the reader, closed with this probe
	 */
	public GroupReader groups() {
		return this.groups;
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
		Map<TopicPartition, RecordsToDelete> request = this.groups.endOffsets(topic)
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (end) -> RecordsToDelete.beforeOffset(end.getValue())));
		get(this.admin.deleteRecords(request).all());
	}

	/**
	 * Describe a consumer group every 100 ms until it matches.
	 * @param groupId the group
	 * @param topic the topic whose partitions count
	 * @param condition what to wait for
	 * @param timeout how long at most
	 * @param replicas replicas that must stay alive meanwhile
	 * @return the first matching description
	 * @throws IllegalStateException on timeout, with the last description, or when a
	 * replica exited
	 */
	public GroupAssignment awaitGroup(String groupId, String topic, Predicate<GroupAssignment> condition,
			Duration timeout, List<ProcessorReplica> replicas) {
		return await(groupId, () -> this.groups.consumerGroup(groupId, topic), condition, timeout, replicas);
	}

	/**
	 * Describe a share group every 100 ms until it matches.
	 * @param groupId the share group
	 * @param topic the topic whose partitions count
	 * @param condition what to wait for
	 * @param timeout how long at most
	 * @param replicas replicas that must stay alive meanwhile
	 * @return the first matching description
	 * @throws IllegalStateException on timeout, with the last description, or when a
	 * replica exited
	 */
	public GroupAssignment awaitShareGroup(String groupId, String topic, Predicate<GroupAssignment> condition,
			Duration timeout, List<ProcessorReplica> replicas) {
		return await(groupId, () -> this.groups.shareGroup(groupId, topic), condition, timeout, replicas);
	}

	private static GroupAssignment await(String groupId, Supplier<GroupAssignment> describe,
			Predicate<GroupAssignment> condition, Duration timeout, List<ProcessorReplica> replicas) {
		long deadline = System.nanoTime() + timeout.toNanos();
		GroupAssignment last = null;
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
		this.groups.close();
		this.admin.close();
	}

}
