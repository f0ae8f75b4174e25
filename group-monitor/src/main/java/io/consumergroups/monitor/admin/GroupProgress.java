package io.consumergroups.monitor.admin;

import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a group stands in each partition it has state for: a consumer or streams group's
 * committed offsets, a share group's start offset and lag.
 *
 * @param partitions the partitions the group has state for
 * @param offsetsIn the group's offsets in a partition, given its log-end offset
 */
record GroupProgress(Set<TopicPartition> partitions, BiFunction<TopicPartition, Long, PartitionOffsets> offsetsIn) {

	/** A group whose offsets were not read: no state in any partition. */
	static final GroupProgress NONE = committed(Map.of());

	/**
	 * A consumer or streams group's progress.
	 * @param committed the committed offsets
	 * @return the progress
	 */
	static GroupProgress committed(Map<TopicPartition, OffsetAndMetadata> committed) {
		return new GroupProgress(committed.keySet(), (partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			return new PartitionOffsets(PartitionId.of(partition), (offset != null) ? offset.offset() : null, end);
		});
	}

	/**
	 * A share group's progress, once the share coordinator has state for a partition.
	 * @param shared the start offset and lag in each partition; {@code null} for a
	 * partition without state yet
	 * @return the progress
	 */
	static GroupProgress shared(Map<TopicPartition, SharePartitionOffsetInfo> shared) {
		return new GroupProgress(shared.keySet(), (partition, end) -> {
			SharePartitionOffsetInfo info = shared.get(partition);
			return new PartitionOffsets(PartitionId.of(partition), null, end, (info != null)
					? new PartitionOffsets.ShareProgress(info.startOffset(), info.lag().orElse(null)) : null);
		});
	}

}
