package io.consumergroups.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.consumergroups.events.Order;
import io.consumergroups.events.Topics;
import io.consumergroups.harness.group.GroupReader;
import io.consumergroups.harness.orders.CommittedRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * What a test sees of the cluster, through Kafka's own clients, independently of the
 * services under test: it creates topics, writes records, reads topics to their end as a
 * {@code read_committed} consumer, and reads groups (their assignment, lag and configs)
 * with the Admin API.
 */
public final class KafkaProbe implements AutoCloseable {

	/** Bootstrap servers and, on a secured cluster, the super user's login. */
	private final Map<String, Object> clientSettings;

	private final Admin admin;

	private final GroupReader groups;

	public KafkaProbe(TestKafka kafka) {
		this.clientSettings = kafka.adminProperties();
		// A call fails after 20 s instead of Kafka's 60 s. While a crashed broker's
		// partitions find new leaders, a call can wait for a node until its timeout;
		// the tests read the cluster inside Awaitility loops that try again, and a
		// minute-long wait per attempt made a chaos run idle for two minutes between
		// crashes
		this.admin = Admin.create(GroupReader.adminSettings(this.clientSettings, GroupReader.DEFAULT_TIMEOUT));
		this.groups = new GroupReader(this.admin, GroupReader.DEFAULT_TIMEOUT);
	}

	/**
	 * The groups of the cluster as their coordinators describe them: assignment, lag, end
	 * offsets.
	 * @return the reader, closed with this probe
	 */
	public GroupReader groups() {
		return this.groups;
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
			.until(() -> this.groups.endOffsets(name).size() == partitions);
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
		return CommittedRecords.read(this.clientSettings, topic, values, Duration.ofSeconds(60));
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

}
