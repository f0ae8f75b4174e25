package io.consumergroups.benchmarks.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.consumergroups.events.OrderStatus;
import io.consumergroups.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code order-status} from its current end as a downstream service would: a
 * {@code read_committed} consumer, so a status is seen only once its transaction is
 * committed. Keeps every status with the moment it was received, for the benchmarks to
 * analyse afterwards (processing gaps from {@link OrderStatus#processedAt()}, end-to-end
 * latency from the receive time).
 */
public final class StatusRecorder implements AutoCloseable {

	private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

	private final KafkaConsumer<String, OrderStatus> consumer;

	private final Thread poller;

	private final List<ObservedStatus> observed = new ArrayList<>();

	private volatile boolean running = true;

	private volatile RuntimeException failure;

	private StatusRecorder(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
						IsolationLevel.READ_COMMITTED.toString(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
						ConsumerConfig.CLIENT_ID_CONFIG, "bench-status-recorder"),
				new StringDeserializer(), Topics.orderStatusSerde().deserializer());
		List<TopicPartition> partitions = awaitPartitions(this.consumer);
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		// Resolve the positions now: statuses published from here on are all seen
		partitions.forEach(this.consumer::position);
		this.poller = new Thread(this::poll, "status-recorder");
		this.poller.setDaemon(true);
	}

	/**
	 * The partitions of {@code order-status}. A node learns of a topic just created a
	 * moment after the controller: until then it answers with none.
	 */
	private static List<TopicPartition> awaitPartitions(KafkaConsumer<String, OrderStatus> consumer) {
		long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
		while (true) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDER_STATUS)
				.stream()
				.map((info) -> new TopicPartition(Topics.ORDER_STATUS, info.partition()))
				.toList();
			if (!partitions.isEmpty()) {
				return partitions;
			}
			if (System.nanoTime() > deadline) {
				consumer.close();
				throw new IllegalStateException(
						"The cluster has no partitions of " + Topics.ORDER_STATUS + " after " + METADATA_TIMEOUT);
			}
			Pause.of(Duration.ofMillis(100));
		}
	}

	/**
	 * Start reading {@code order-status} from its end. The topic must exist.
	 * @param bootstrapServers the cluster
	 * @return the running recorder
	 */
	public static StatusRecorder start(String bootstrapServers) {
		StatusRecorder recorder = new StatusRecorder(bootstrapServers);
		recorder.poller.start();
		return recorder;
	}

	private void poll() {
		try {
			while (this.running) {
				ConsumerRecords<String, OrderStatus> records = this.consumer.poll(Duration.ofMillis(50));
				if (records.isEmpty()) {
					continue;
				}
				long receivedAt = epochMicros(Instant.now());
				synchronized (this.observed) {
					for (ConsumerRecord<String, OrderStatus> record : records) {
						if (record.value() != null) {
							this.observed.add(new ObservedStatus(receivedAt, record.value()));
						}
					}
				}
			}
		}
		catch (WakeupException ex) {
			// Closing
		}
		catch (RuntimeException ex) {
			// Whoever waits for statuses hears of it, instead of waiting for nothing
			this.failure = ex;
		}
		finally {
			this.consumer.close();
		}
	}

	/**
	 * Every status received so far.
	 * @return a copy, in the order received
	 * @throws IllegalStateException if the recorder stopped reading on an error
	 */
	public List<ObservedStatus> observed() {
		if (this.failure != null) {
			throw new IllegalStateException("The status recorder stopped reading " + Topics.ORDER_STATUS, this.failure);
		}
		synchronized (this.observed) {
			return List.copyOf(this.observed);
		}
	}

	/**
	 * How many statuses were received so far, without copying them.
	 * @return the count
	 * @throws IllegalStateException if the recorder stopped reading on an error
	 */
	public int count() {
		if (this.failure != null) {
			throw new IllegalStateException("The status recorder stopped reading " + Topics.ORDER_STATUS, this.failure);
		}
		synchronized (this.observed) {
			return this.observed.size();
		}
	}

	/**
	 * Wait until the statuses received so far satisfy a condition.
	 * @param condition what to wait for
	 * @param timeout how long at most
	 * @return whether it was satisfied in time
	 */
	public boolean await(Predicate<List<ObservedStatus>> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.test(observed())) {
				return true;
			}
			Pause.of(Duration.ofMillis(100));
		}
		return condition.test(observed());
	}

	@Override
	public void close() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.poller.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * An instant as epoch microseconds, the resolution of the JVM's clock here.
	 * @param instant the instant
	 * @return microseconds since the epoch
	 */
	public static long epochMicros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
	}

	/**
	 * A status and when the recorder received it.
	 *
	 * @param receivedAtMicros epoch microseconds
	 * @param status the status
	 */
	public record ObservedStatus(long receivedAtMicros, OrderStatus status) {

		/**
		 * When the order was processed, by the replica's clock (same machine).
		 * @return epoch microseconds
		 */
		public long processedAtMicros() {
			return epochMicros(this.status.processedAt());
		}

	}

}
