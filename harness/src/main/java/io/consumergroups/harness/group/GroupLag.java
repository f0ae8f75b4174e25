package io.consumergroups.harness.group;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How far a group is behind on a topic: for each partition, its end offset minus the
 * offset the group committed there. A partition without a committed offset counts whole:
 * every record of it is still to be consumed (the group starts from the earliest offset,
 * as every group of this project does).
 *
 * @param groupId the group
 * @param topic the topic
 * @param partitions every partition of the topic, in order
 */
public record GroupLag(String groupId, String topic, List<PartitionLag> partitions) {

	public GroupLag {
		partitions = List.copyOf(partitions);
	}

	/**
	 * The lag from end offsets and committed offsets, the committed ones read first: a
	 * record written between the two reads counts as lag, never the other way round.
	 * @param groupId the group
	 * @param topic the topic
	 * @param endOffsets each partition of the topic and its end offset
	 * @param committed the group's committed offset on the partitions that have one
	 * @return the lag
	 */
	public static GroupLag of(String groupId, String topic, Map<Integer, Long> endOffsets,
			Map<Integer, Long> committed) {
		return new GroupLag(groupId, topic,
				new TreeMap<>(endOffsets).entrySet()
					.stream()
					.map((end) -> new PartitionLag(end.getKey(), end.getValue(),
							committed.containsKey(end.getKey()) ? OptionalLong.of(committed.get(end.getKey()))
									: OptionalLong.empty()))
					.toList());
	}

	/**
	 * How many records the group has not committed past, over all partitions.
	 * @return the sum of the partitions' lag
	 */
	public long total() {
		return this.partitions.stream().mapToLong(PartitionLag::records).sum();
	}

	/**
	 * How many records the group has committed past, over all partitions.
	 * @return the sum of its committed offsets; 0 before its first commit
	 */
	public long committedTotal() {
		return this.partitions.stream().mapToLong((partition) -> partition.committed().orElse(0)).sum();
	}

	/**
	 * The group's committed offset on each partition that has one: the next record its
	 * members will read there.
	 * @return partition to committed offset
	 */
	public Map<Integer, Long> committedOffsets() {
		Map<Integer, Long> committed = new TreeMap<>();
		this.partitions.forEach((partition) -> partition.committed()
			.ifPresent((offset) -> committed.put(partition.partition(), offset)));
		return committed;
	}

	/**
	 * One partition's lag.
	 *
	 * @param partition the partition
	 * @param endOffset the offset the next record written to it will get
	 * @param committed the group's committed offset on it, if any
	 */
	public record PartitionLag(int partition, long endOffset, OptionalLong committed) {

		/**
		 * The records between the committed offset (or the start) and the end.
		 * @return end offset minus committed offset, or the end offset without one
		 */
		public long records() {
			return this.endOffset - this.committed.orElse(0);
		}

	}

}
