package io.consumergroups.monitor.snapshot;

import java.util.Comparator;

import org.apache.kafka.common.TopicPartition;

/**
 * One partition of one topic, e.g. {@code orders-3}. A value of the model rather than
 * Kafka's {@link TopicPartition}, so that it sorts and serializes as itself.
 *
 * @param topic the topic
 * @param partition the partition number
 */
public record PartitionId(String topic, int partition) implements Comparable<PartitionId> {

	private static final Comparator<PartitionId> ORDER = Comparator.comparing(PartitionId::topic)
		.thenComparingInt(PartitionId::partition);

	public static PartitionId of(TopicPartition partition) {
		return new PartitionId(partition.topic(), partition.partition());
	}

	@Override
	public int compareTo(PartitionId other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return this.topic + "-" + this.partition;
	}

}
