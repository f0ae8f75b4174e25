package io.consumergroups.monitor.snapshot;

/**
 * Where a group stands in one partition: its committed offset and the partition's log-end
 * offset, read a few milliseconds apart; for a share group, its start offset and the lag
 * the share coordinator reports instead.
 *
 * @param partition the partition
 * @param committed the offset the group will resume from, {@code null} if it has
 * committed none in this partition (it starts wherever {@code auto.offset.reset} says);
 * always {@code null} in a share group, which commits no offsets
 * @param logEnd the offset the next record written to the partition will get
 * @param share a share group's progress in the partition, {@code null} for other groups
 */
public record PartitionOffsets(PartitionId partition, Long committed, long logEnd, ShareProgress share) {

	/**
	 * A consumer or streams group's offsets.
	 * @param partition the partition
	 * @param committed the committed offset, or {@code null}
	 * @param logEnd the log-end offset
	 */
	public PartitionOffsets(PartitionId partition, Long committed, long logEnd) {
		this(partition, committed, logEnd, null);
	}

	/**
	 * Records written but not yet consumed, as {@code kafka-consumer-groups.sh} counts
	 * them; in a share group, as {@code kafka-share-groups.sh} does: the share
	 * coordinator's count.
	 * @return log-end minus committed, never negative; {@code null} when nothing is
	 * committed, or when the share coordinator reports no lag
	 */
	public Long lag() {
		if (this.share != null) {
			return this.share.lag();
		}
		return (this.committed != null) ? Math.max(0, this.logEnd - this.committed) : null;
	}

	/**
	 * A share group's progress in a partition, as {@code Admin#listShareGroupOffsets}
	 * reports it (Kafka 4.2, KIP-932 and KIP-1226).
	 *
	 * @param startOffset the share-partition start offset: every record below it has been
	 * acknowledged or archived; records above it may be too, or be in flight
	 * @param lag records from the start offset to the end not yet acknowledged or
	 * archived, by the share coordinator's count; {@code null} if it reports none
	 */
	public record ShareProgress(long startOffset, Long lag) {

	}

}
