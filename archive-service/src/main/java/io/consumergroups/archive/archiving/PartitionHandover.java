package io.consumergroups.archive.archiving;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Where this replica observes its assignment: Kafka calls it on the consumer thread
 * during every rebalance. A partition gained starts a batch; a partition revoked hands
 * its batch over (written and committed before the partition moves); a partition lost
 * drops its batch, since another replica may be reading it already.
 */
@Component
class PartitionHandover implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(PartitionHandover.class);

	private final OrderArchiver archiver;

	PartitionHandover(OrderArchiver archiver) {
		this.archiver = archiver;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.archiver.start(consumer, partitions);
		log("assigned", partitions, consumer.assignment());
	}

	@Override
	public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			this.archiver.handOver(consumer, partitions);
			log("revoked", partitions, remaining(consumer, partitions));
		}
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			this.archiver.drop(partitions);
			log("lost", partitions, remaining(consumer, partitions));
		}
	}

	private static void log(String change, Collection<TopicPartition> partitions, Collection<TopicPartition> owned) {
		logger.info("archive-service {} {}; now owns {}", change, sorted(partitions), sorted(owned));
	}

	/** During the callback the consumer still lists the partitions it gives up. */
	private static Set<TopicPartition> remaining(Consumer<?, ?> consumer, Collection<TopicPartition> givenUp) {
		Set<TopicPartition> owned = new HashSet<>(consumer.assignment());
		owned.removeAll(givenUp);
		return owned;
	}

	private static List<String> sorted(Collection<TopicPartition> partitions) {
		return partitions.stream().map(TopicPartition::toString).sorted().toList();
	}

}
