package io.consumergroups.notification.sent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.consumergroups.notification.NotificationTopics;
import io.consumergroups.notification.SentNotification;
import io.consumergroups.notification.config.NotificationProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * What this replica knows was sent, for the input partitions it owns: the ids of
 * notifications, by the partition of {@code orders} or {@code order-status} they were
 * sent for.
 * <p>
 * The truth is {@code notifications.sent}, written in the same Kafka transaction as the
 * consumed offsets. A record there is in the partition number of the input record it was
 * sent for, so when Kafka assigns this replica an input partition, it reads that one
 * partition of {@code notifications.sent} ({@code read_committed}, from the start to the
 * end) before the partition's first record is processed; when the partition is revoked or
 * lost, the replica forgets it. The replica that owns an input partition therefore holds
 * exactly what the group committed for it, whichever replica sent it and however often
 * the group rebalanced or restarted.
 * <p>
 * Ids older than {@code notifications.sent.retention} are dropped, as the topic drops
 * them: that bounds memory, and is how long a redelivered order is recognised.
 */
@Component
public class SentNotifications implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(SentNotifications.class);

	/**
	 * Reading happens inside the rebalance callback, so it must end well before
	 * {@code max.poll.interval.ms}.
	 */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

	private final Supplier<Consumer<String, SentNotification>> readers;

	private final Duration retention;

	private final Clock clock;

	private final Map<TopicPartition, PartitionRecord> byPartition = new ConcurrentHashMap<>();

	@Autowired
	SentNotifications(ConsumerFactory<?, ?> consumerFactory, NotificationProperties properties, Clock clock) {
		this(() -> reader(consumerFactory, properties.instanceId()), properties.sent().retention(), clock);
	}

	/**
	 * A record that reads {@code notifications.sent} with the given consumers.
	 * @param readers a new consumer of {@code notifications.sent} at each call,
	 * {@code read_committed} and in no group; closed after use
	 * @param retention how long an id is kept
	 * @param clock the time
	 */
	public SentNotifications(Supplier<Consumer<String, SentNotification>> readers, Duration retention, Clock clock) {
		this.readers = readers;
		this.retention = retention;
		this.clock = clock;
	}

	/**
	 * A consumer of {@code notifications.sent} with the listeners' connection settings,
	 * but in no group: it is assigned partitions and commits nothing.
	 */
	private static Consumer<String, SentNotification> reader(ConsumerFactory<?, ?> consumerFactory, String instanceId) {
		Map<String, Object> settings = new HashMap<>(consumerFactory.getConfigurationProperties());
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		settings.put(ConsumerConfig.CLIENT_ID_CONFIG, instanceId + "-sent-reader");
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
		return new KafkaConsumer<>(settings, new StringDeserializer(), NotificationTopics.sentSerde().deserializer());
	}

	/**
	 * When a notification was sent, if it was.
	 * @param source the input partition it was sent for
	 * @param notificationId its id
	 * @return when it was first sent, or empty
	 */
	public Optional<Instant> sentAt(TopicPartition source, String notificationId) {
		PartitionRecord record = this.byPartition.get(source);
		return (record != null) ? record.sentAt(notificationId) : Optional.empty();
	}

	/**
	 * Remember that a notification was sent.
	 * @param source the input partition it was sent for
	 * @param notificationId its id
	 * @param sentAt when
	 */
	public void add(TopicPartition source, String notificationId, Instant sentAt) {
		this.byPartition.computeIfAbsent(source, (partition) -> new PartitionRecord())
			.add(notificationId, sentAt, horizon());
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			load(partitions);
		}
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		forget(partitions);
	}

	private void load(Collection<TopicPartition> sources) {
		Map<TopicPartition, PartitionRecord> loaded = new HashMap<>();
		sources.forEach((source) -> loaded.put(source, new PartitionRecord()));
		List<TopicPartition> partitions = sources.stream()
			.map((source) -> new TopicPartition(NotificationTopics.SENT, source.partition()))
			.distinct()
			.toList();
		Instant horizon = horizon();
		try (Consumer<String, SentNotification> reader = this.readers.get()) {
			reader.assign(partitions);
			reader.seekToBeginning(partitions);
			// For a read_committed consumer, the end is the last stable offset: what a
			// replica is still writing in an open transaction is not the group's yet.
			Map<TopicPartition, Long> end = reader.endOffsets(partitions);
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			while (partitions.stream().anyMatch((partition) -> reader.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Could not read " + partitions + " to " + end + " in " + READ_TIMEOUT);
				}
				for (ConsumerRecord<String, SentNotification> sent : reader.poll(Duration.ofMillis(200))) {
					PartitionRecord record = (sent.value() != null)
							? loaded.get(new TopicPartition(sent.value().sourceTopic(), sent.partition())) : null;
					if (record != null) {
						record.add(sent.key(), sent.value().sentAt(), horizon);
					}
				}
			}
		}
		this.byPartition.putAll(loaded);
		Map<TopicPartition, Integer> sizes = new HashMap<>();
		loaded.forEach((source, record) -> sizes.put(source, record.size()));
		logger.info("Read what was sent for {}: {} notifications", sources, sizes);
	}

	private void forget(Collection<TopicPartition> partitions) {
		partitions.forEach(this.byPartition::remove);
	}

	private Instant horizon() {
		return this.clock.instant().minus(this.retention);
	}

	/**
	 * The ids sent for one input partition, oldest first.
	 */
	private static final class PartitionRecord {

		private final LinkedHashMap<String, Instant> sentAt = new LinkedHashMap<>();

		synchronized Optional<Instant> sentAt(String notificationId) {
			return Optional.ofNullable(this.sentAt.get(notificationId));
		}

		synchronized void add(String notificationId, Instant at, Instant horizon) {
			if (at.isBefore(horizon)) {
				return;
			}
			this.sentAt.putIfAbsent(notificationId, at);
			Iterator<Instant> oldest = this.sentAt.values().iterator();
			while (oldest.hasNext() && oldest.next().isBefore(horizon)) {
				oldest.remove();
			}
		}

		synchronized int size() {
			return this.sentAt.size();
		}

	}

}
