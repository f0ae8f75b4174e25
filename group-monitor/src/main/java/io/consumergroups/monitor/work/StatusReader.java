package io.consumergroups.monitor.work;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * Reads {@code order-status} and counts, per member, the statuses it wrote and how many
 * of them were of a redelivered record: what the Admin API cannot say. A
 * share-partition's state has each record's delivery count, but
 * {@code DescribeShareGroupOffsets} returns only the start offset and the lag;
 * order-processor writes the delivery count into each status.
 * <p>
 * The reader joins no group: it assigns itself every partition, starts {@code lookback}
 * before it started ({@code offsetsForTimes}), reads committed records only, and commits
 * nothing. On a secured cluster it needs READ on the topic, nothing on any group. A
 * record that is not a status is skipped and counted in the log.
 */
public class StatusReader implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(StatusReader.class);

	private static final Duration POLL = Duration.ofMillis(500);

	/** How often the topic's partitions are looked up again, for new ones. */
	private static final Duration PARTITIONS_REFRESH = Duration.ofSeconds(30);

	private final KafkaProperties kafka;

	private final String topic;

	private final Duration lookback;

	private final WorkTally tally;

	private final Clock clock;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile KafkaConsumer<byte[], byte[]> consumer;

	private Thread thread;

	/** Records that were not a status; touched by the reading thread only. */
	private long unreadable;

	/** Whether the broker refused the reads, logged once. */
	private boolean refused;

	/**
	 * A reader that counts into a tally.
	 * @param kafka the connection settings ({@code spring.kafka.*})
	 * @param topic the status topic
	 * @param lookback how far back before its start it begins
	 * @param tally where it counts
	 * @param clock the time
	 */
	public StatusReader(KafkaProperties kafka, String topic, Duration lookback, WorkTally tally, Clock clock) {
		this.kafka = kafka;
		this.topic = topic;
		this.lookback = lookback;
		this.tally = tally;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		Map<String, Object> settings = this.kafka.buildConsumerProperties();
		settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
		settings.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "group-monitor-statuses");
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
		this.running.set(true);
		this.thread = new Thread(this::run, "status-reader");
		this.thread.setDaemon(true);
		this.thread.start();
		logger.info("Counting each member's statuses on {}, from {} before now", this.topic, this.lookback);
	}

	@Override
	public synchronized void stop() {
		this.running.set(false);
		KafkaConsumer<byte[], byte[]> current = this.consumer;
		if (current != null) {
			current.wakeup();
		}
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running.get();
	}

	private void run() {
		Instant from = this.clock.instant().minus(this.lookback);
		Set<TopicPartition> assigned = new HashSet<>();
		long nextRefresh = System.nanoTime();
		try (Deserializer<OrderStatus> statuses = Topics.orderStatusSerde().deserializer()) {
			while (this.running.get()) {
				try {
					if (System.nanoTime() - nextRefresh >= 0) {
						assignNew(assigned, from);
						nextRefresh = System.nanoTime() + PARTITIONS_REFRESH.toNanos();
					}
					if (assigned.isEmpty()) {
						// The topic does not exist yet: look again after a while
						nextRefresh = System.nanoTime() + POLL.toNanos();
						Thread.sleep(POLL.toMillis());
						continue;
					}
					for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(POLL)) {
						count(statuses, record);
					}
				}
				catch (WakeupException ex) {
					// stopping
				}
				catch (AuthorizationException ex) {
					if (!this.refused) {
						logger.warn(
								"Not allowed to read {}: members' statuses and redeliveries are not counted"
										+ " (grant READ on the topic to this client's principal): {}",
								this.topic, ex.getMessage());
						this.refused = true;
					}
					sleepQuietly(PARTITIONS_REFRESH);
				}
				catch (InterruptedException | InterruptException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				catch (RuntimeException ex) {
					logger.warn("Reading {} failed, trying again: {}", this.topic, ex.toString());
					sleepQuietly(POLL);
				}
			}
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	private void assignNew(Set<TopicPartition> assigned, Instant from) {
		List<PartitionInfo> partitions = this.consumer.partitionsFor(this.topic, Duration.ofSeconds(5));
		Set<TopicPartition> all = new HashSet<>(assigned);
		if (partitions != null) {
			partitions.forEach((partition) -> all.add(new TopicPartition(partition.topic(), partition.partition())));
		}
		if (all.equals(assigned)) {
			return;
		}
		Set<TopicPartition> added = new HashSet<>(all);
		added.removeAll(assigned);
		this.consumer.assign(all);
		Map<TopicPartition, Long> times = new HashMap<>();
		added.forEach((partition) -> times.put(partition, from.toEpochMilli()));
		Map<TopicPartition, OffsetAndTimestamp> starts = this.consumer.offsetsForTimes(times, Duration.ofSeconds(5));
		Map<TopicPartition, Long> ends = this.consumer.endOffsets(added, Duration.ofSeconds(5));
		for (TopicPartition partition : added) {
			OffsetAndTimestamp start = starts.get(partition);
			this.consumer.seek(partition, (start != null) ? start.offset() : ends.get(partition));
		}
		assigned.clear();
		assigned.addAll(all);
	}

	private void count(Deserializer<OrderStatus> statuses, ConsumerRecord<byte[], byte[]> record) {
		OrderStatus status;
		try {
			status = statuses.deserialize(record.topic(), record.value());
		}
		catch (RuntimeException ex) {
			status = null;
		}
		if (status == null || status.processedBy() == null) {
			this.unreadable++;
			logger.debug("Skipped {}-{}@{}: not a status ({} so far)", record.topic(), record.partition(),
					record.offset(), this.unreadable);
			return;
		}
		this.tally.add(status.processedBy(), Instant.ofEpochMilli(record.timestamp()), status.deliveryCount());
	}

	private void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
