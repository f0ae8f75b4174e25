package io.consumergroups.harness.orders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a {@code read_committed} consumer finds on a topic: every record of a committed
 * transaction (and every record written outside one), from the beginning to the last
 * stable offset, without a group.
 */
public final class CommittedRecords {

	private static final Duration POLL = Duration.ofMillis(200);

	private CommittedRecords() {
	}

	/**
	 * Read a topic to its end.
	 * @param <V> the value type
	 * @param clientSettings the cluster, and its login if secured
	 * @param topic the topic
	 * @param values how to read values
	 * @param timeout how long the whole read may take
	 * @return every committed record, partition by partition
	 * @throws IllegalStateException if the end is not reached in time, e.g. held back by
	 * a transaction left open
	 */
	public static <V> List<ConsumerRecord<String, V>> read(Map<String, Object> clientSettings, String topic,
			Deserializer<V> values, Duration timeout) {
		List<ConsumerRecord<String, V>> records = new ArrayList<>();
		forEach(clientSettings, topic, values, timeout, records::add);
		return records;
	}

	/**
	 * Read a topic to its end, a record at a time, without keeping them.
	 * @param <V> the value type
	 * @param clientSettings the cluster, its login if secured, and any other consumer
	 * setting, e.g. {@code max.poll.records}
	 * @param topic the topic
	 * @param values how to read values
	 * @param timeout how long the whole read may take
	 * @param action what to do with each committed record, partition by partition
	 * @throws IllegalStateException if the end is not reached in time, e.g. held back by
	 * a transaction left open
	 */
	public static <V> void forEach(Map<String, Object> clientSettings, String topic, Deserializer<V> values,
			Duration timeout, Consumer<ConsumerRecord<String, V>> action) {
		Properties settings = new Properties();
		settings.putAll(clientSettings);
		settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
		settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		long deadline = System.nanoTime() + timeout.toNanos();
		try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), values)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			// With read_committed, the end is the last stable offset: an open transaction
			// (of a member killed mid-way) holds it back until it is aborted
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Could not read " + topic + " to its end " + end + " in " + timeout.toSeconds() + " s");
				}
				consumer.poll(POLL).forEach(action);
			}
		}
	}

}
