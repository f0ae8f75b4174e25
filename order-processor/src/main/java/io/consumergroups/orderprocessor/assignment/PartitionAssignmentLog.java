package io.consumergroups.orderprocessor.assignment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import io.consumergroups.orderprocessor.config.ProcessorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Where this replica observes partition assignment: Kafka calls it on every rebalance, on
 * the consumer thread. It logs one INFO line per change with the full assignment and
 * keeps the last few changes for {@code GET /assignment}.
 * <p>
 * The decision itself is not made here: the classic protocol's assignor runs in the group
 * leader, the consumer protocol's on the broker. Which protocol and assignor a replica
 * uses is set in {@code config/ConsumerGroupConfig}.
 */
@Component
class PartitionAssignmentLog implements ConsumerAwareRebalanceListener {

	private static final Logger logger = LoggerFactory.getLogger(PartitionAssignmentLog.class);

	private static final int KEPT_CHANGES = 20;

	private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
		.thenComparingInt(TopicPartition::partition);

	private final String instanceId;

	private final Clock clock;

	private final MeterRegistry meters;

	private final SortedSet<TopicPartition> owned = new TreeSet<>(ORDER);

	private final List<Change> changes = new ArrayList<>();

	private final Map<Change.Kind, Long> totals = new EnumMap<>(Change.Kind.class);

	PartitionAssignmentLog(ProcessorProperties properties, Clock clock, MeterRegistry meters) {
		this.instanceId = properties.instanceId();
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			record(Change.Kind.REVOKED, partitions);
		}
	}

	@Override
	public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		if (!partitions.isEmpty()) {
			record(Change.Kind.LOST, partitions);
		}
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		// Called with an empty set too: with the cooperative protocols a member that
		// gains nothing still completes the rebalance, which is worth a line.
		record(Change.Kind.ASSIGNED, partitions);
	}

	private synchronized void record(Change.Kind kind, Collection<TopicPartition> partitions) {
		if (kind == Change.Kind.ASSIGNED) {
			this.owned.addAll(partitions);
		}
		else {
			this.owned.removeAll(partitions);
		}
		Change change = new Change(kind, sorted(partitions), List.copyOf(this.owned), this.clock.instant());
		this.changes.add(change);
		this.totals.merge(kind, 1L, Long::sum);
		if (this.changes.size() > KEPT_CHANGES) {
			this.changes.remove(0);
		}
		this.meters.counter("orders.processor.rebalance.changes", "kind", kind.name().toLowerCase()).increment();
		logger.info("{} {} {}; now owns {}", this.instanceId, kind.name().toLowerCase(), change.partitions(),
				change.owned());
	}

	/**
	 * The partitions this replica owns now, and the latest changes.
	 * @return a snapshot
	 */
	synchronized Snapshot snapshot() {
		return new Snapshot(this.instanceId, List.copyOf(this.owned), List.copyOf(this.changes),
				Map.copyOf(this.totals));
	}

	private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
		return partitions.stream().sorted(ORDER).toList();
	}

	record Snapshot(String instanceId, List<TopicPartition> owned, List<Change> changes,
			Map<Change.Kind, Long> totals) {

	}

	record Change(Kind kind, List<TopicPartition> partitions, List<TopicPartition> owned, Instant at) {

		enum Kind {

			ASSIGNED, REVOKED, LOST

		}

	}

}
