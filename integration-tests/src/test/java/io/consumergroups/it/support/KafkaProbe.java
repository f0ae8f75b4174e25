package io.consumergroups.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupMemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * What a test sees of the cluster, through Kafka's own clients: it creates topics, writes
 * records, reads topics to their end as a {@code read_committed} consumer, and describes
 * consumer and streams groups with the Admin API, independently of the services under
 * test.
 */
public final class KafkaProbe implements AutoCloseable {

	/** Bootstrap servers and, on a secured cluster, the super user's login. */
	private final Map<String, Object> clientSettings;

	private final Admin admin;

	public KafkaProbe(TestKafka kafka) {
		this.clientSettings = kafka.adminProperties();
		this.admin = Admin.create(adminSettings(this.clientSettings));
	}

	/**
	 * The Admin client's settings: a call fails after 20 s instead of Kafka's 60 s. While
	 * a crashed broker's partitions find new leaders, a call can wait for a node until
	 * its timeout; the tests read the cluster inside Awaitility loops that try again, and
	 * a minute-long wait per attempt made a chaos run idle for two minutes between
	 * crashes.
	 */
	private static Map<String, Object> adminSettings(Map<String, Object> clientSettings) {
		Map<String, Object> settings = new HashMap<>(clientSettings);
		settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
		settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
		return settings;
	}

	/**
	 * Create a topic and wait until each partition's leader serves it. A producer that
	 * writes to a partition whose leader is not ready yet gets
	 * {@code NOT_LEADER_OR_FOLLOWER}, and an idempotent one can then be refused with
	 * {@code OUT_OF_ORDER_SEQUENCE} for as long as its delivery timeout (two minutes): a
	 * test would wait for orders that are not coming.
	 * @param name the topic
	 * @param partitions how many partitions, on the cluster's default replication
	 */
	public void createTopic(String name, int partitions) {
		get(this.admin.createTopics(List.of(new NewTopic(name, partitions, (short) -1))).all());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> endOffsets(name).size() == partitions);
	}

	/**
	 * Publish orders as order-producer does: keyed by customer, acknowledged by all
	 * in-sync replicas.
	 * @param orders what to publish
	 * @return where each landed, in order
	 */
	public List<RecordMetadata> publish(Collection<Order> orders) {
		try (KafkaProducer<String, Order> producer = new KafkaProducer<>(producerSettings(), new StringSerializer(),
				Topics.orderSerde().serializer())) {
			List<Future<RecordMetadata>> sent = new ArrayList<>();
			for (Order order : orders) {
				sent.add(producer.send(new ProducerRecord<>(Topics.ORDERS, order.customerId(), order)));
			}
			return sent.stream().map(KafkaProbe::get).toList();
		}
	}

	/**
	 * Publish raw bytes, as a misbehaving producer would.
	 * @param topic where to
	 * @param key the key, may be null
	 * @param value the bytes, may be null
	 * @return where it landed
	 */
	public RecordMetadata publishRaw(String topic, String key, byte[] value) {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(), new StringSerializer(),
				new ByteArraySerializer())) {
			return get(producer.send(new ProducerRecord<>(topic, key, value)));
		}
	}

	/**
	 * Read a topic from the beginning to its last stable offset, as a
	 * {@code read_committed} consumer: only records of committed transactions.
	 * @param <V> the value type
	 * @param topic the topic
	 * @param values how to read values
	 * @return every committed record, partition by partition
	 */
	public <V> List<ConsumerRecord<String, V>> readCommitted(String topic, Deserializer<V> values) {
		Properties settings = new Properties();
		settings.putAll(this.clientSettings);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, V>> records = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end " + end + " in 60 s");
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/**
	 * The latest offset of each partition of a topic.
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
	 * How many records of a topic a group has not committed yet.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the sum over partitions of end offset minus committed offset
	 */
	public long lag(String groupId, String topic) {
		Map<Integer, Long> committed = committedOffsets(groupId, topic);
		return endOffsets(topic).entrySet()
			.stream()
			.mapToLong((entry) -> entry.getValue() - committed.getOrDefault(entry.getKey().partition(), 0L))
			.sum();
	}

	/**
	 * How many records of a topic a group has committed past, over all partitions.
	 * @param groupId the group
	 * @param topic the topic
	 * @return the sum of its committed offsets on the topic
	 */
	public long committed(String groupId, String topic) {
		return committedOffsets(groupId, topic).values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * A group's committed offset on each partition of a topic: the next record its
	 * members will read there, as the coordinator has it now.
	 * @param groupId the group
	 * @param topic the topic
	 * @return partition to committed offset, for the partitions with one
	 */
	public Map<Integer, Long> committedOffsets(String groupId, String topic) {
		Map<TopicPartition, OffsetAndMetadata> committed = get(
				this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
		return committed.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
			.collect(Collectors.toMap((entry) -> entry.getKey().partition(), (entry) -> entry.getValue().offset()));
	}

	/**
	 * Describe a group as the coordinator sees it.
	 * @param groupId the group
	 * @return its state, members and their partitions
	 */
	public Group describeGroup(String groupId) {
		ConsumerGroupDescription description;
		try {
			description = get(this.admin.describeConsumerGroups(List.of(groupId)).all()).get(groupId);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				// The consumer protocol's coordinator knows no group before its first
				// member
				return new Group(GroupState.DEAD, Map.of());
			}
			throw ex;
		}
		Map<String, List<Integer>> partitionsByMember = new HashMap<>();
		for (MemberDescription member : description.members()) {
			String name = member.groupInstanceId().orElse(member.clientId());
			partitionsByMember.put(name,
					member.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList());
		}
		return new Group(description.groupState(), partitionsByMember);
	}

	/**
	 * Which protocol the coordinator runs a group under: {@link GroupType#CLASSIC} for
	 * members that joined with {@code group.protocol=classic}, {@link GroupType#CONSUMER}
	 * for KIP-848's {@code group.protocol=consumer}.
	 * @param groupId the group
	 * @return the group's type
	 */
	public GroupType groupType(String groupId) {
		return get(this.admin.describeConsumerGroups(List.of(groupId)).all()).get(groupId).type();
	}

	/**
	 * Describe a share group (KIP-932) as the coordinator sees it.
	 * @param groupId the group
	 * @return its state, members (by client id) and the partitions each fetches from;
	 * {@link GroupState#DEAD} and no members before its first member joined
	 */
	public Group describeShareGroup(String groupId) {
		ShareGroupDescription description;
		try {
			description = get(this.admin.describeShareGroups(List.of(groupId)).all()).get(groupId);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return new Group(GroupState.DEAD, Map.of());
			}
			throw ex;
		}
		Map<String, List<Integer>> partitionsByMember = new HashMap<>();
		for (ShareMemberDescription member : description.members()) {
			partitionsByMember.put(member.clientId(),
					member.assignment().topicPartitions().stream().map(TopicPartition::partition).sorted().toList());
		}
		return new Group(description.groupState(), partitionsByMember);
	}

	/**
	 * A group's type as the coordinator lists it, whatever its type: unlike
	 * {@link #groupType(String)} this also finds share and streams groups.
	 * @param groupId the group
	 * @return its type, or empty while the coordinator knows no such group
	 */
	public Optional<GroupType> listedGroupType(String groupId) {
		return get(this.admin.listGroups().all()).stream()
			.filter((group) -> group.groupId().equals(groupId))
			.findFirst()
			.flatMap(GroupListing::type);
	}

	/**
	 * The configs set on a group (GROUP resource, KIP-848), as the coordinator has them:
	 * what a service wrote at start-up, e.g. a share group's
	 * {@code share.auto.offset.reset}.
	 * @param groupId the group
	 * @return config name to value, the broker's defaults included
	 */
	public Map<String, String> groupConfigs(String groupId) {
		ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
		return get(this.admin.describeConfigs(List.of(group)).all()).get(group)
			.entries()
			.stream()
			.filter((entry) -> entry.value() != null)
			.collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
	}

	/**
	 * The active tasks of each member of a streams group (KIP-1071), as the broker
	 * assigned them.
	 * @param groupId the group, a Streams {@code application.id}
	 * @return each member, by its {@code application.server} ({@code host:port}), and its
	 * active tasks as Streams names them ({@code 1_4}: sub-topology 1, partition 4);
	 * empty before the group's first member joined
	 */
	public Map<String, Set<String>> streamsGroupTasks(String groupId) {
		StreamsGroupDescription group;
		try {
			group = get(this.admin.describeStreamsGroups(List.of(groupId)).all()).get(groupId);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
		Map<String, Set<String>> tasksByMember = new TreeMap<>();
		for (StreamsGroupMemberDescription member : group.members()) {
			String name = member.userEndpoint()
				.map((endpoint) -> endpoint.host() + ":" + endpoint.port())
				.orElse(member.clientId());
			tasksByMember.put(name,
					member.assignment()
						.activeTasks()
						.stream()
						.flatMap((tasks) -> tasks.partitions()
							.stream()
							.map((partition) -> tasks.subtopologyId() + "_" + partition))
						.collect(Collectors.toCollection(TreeSet::new)));
		}
		return tasksByMember;
	}

	/**
	 * Where a share group stands on each partition of a topic: its start offset, below
	 * which every record is acknowledged (accepted, rejected) or archived, never to be
	 * delivered again.
	 * @param groupId the share group
	 * @param topic the topic
	 * @return partition to start offset, for the partitions the group has begun
	 */
	public Map<Integer, Long> shareGroupStartOffsets(String groupId, String topic) {
		Map<Integer, Long> startOffsets = new TreeMap<>();
		shareGroupOffsets(groupId, topic)
			.forEach((partition, offset) -> startOffsets.put(partition, offset.startOffset()));
		return startOffsets;
	}

	/**
	 * A share group's start offset and lag on each partition of a topic, as the share
	 * coordinator reports them (Kafka 4.2: {@code DescribeShareGroupOffsets}, KIP-1226).
	 * @param groupId the share group
	 * @param topic the topic
	 * @return partition to its offsets, for the partitions the group has begun
	 */
	public Map<Integer, SharePartitionOffsetInfo> shareGroupOffsets(String groupId, String topic) {
		Map<TopicPartition, SharePartitionOffsetInfo> offsets = get(
				this.admin.listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec()))
					.partitionsToOffsetInfo(groupId));
		Map<Integer, SharePartitionOffsetInfo> byPartition = new TreeMap<>();
		offsets.forEach((partition, offset) -> {
			if (partition.topic().equals(topic) && offset != null) {
				byPartition.put(partition.partition(), offset);
			}
		});
		return byPartition;
	}

	private Properties producerSettings() {
		Properties settings = new Properties();
		settings.putAll(this.clientSettings);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		return settings;
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

	/**
	 * A consumer group at one moment.
	 *
	 * @param state e.g. {@link GroupState#STABLE}
	 * @param partitionsByMember each member (instance id, else client id) and the
	 * partitions it owns, sorted
	 */
	public record Group(GroupState state, Map<String, List<Integer>> partitionsByMember) {

		/**
		 * Which member owns each partition.
		 * @return partition to member
		 */
		public Map<Integer, String> ownerByPartition() {
			Map<Integer, String> owners = new HashMap<>();
			this.partitionsByMember
				.forEach((member, partitions) -> partitions.forEach((partition) -> owners.put(partition, member)));
			return owners;
		}

	}

}
