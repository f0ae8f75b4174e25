package io.consumergroups.monitor.snapshot;

/**
 * Where a group stands in one partition: its committed offset and the partition's log-end
 * offset, read a few milliseconds apart.
 *
 * @param partition the partition
 * @param committed the offset the group will resume from, {@code null} if it has
 * committed none in this partition (it starts wherever {@code auto.offset.reset} says)
 * @param logEnd the offset the next record written to the partition will get
 */
public record PartitionOffsets(PartitionId partition, Long committed, long logEnd) {

	/**
	 * Records written but not yet consumed, as {@code kafka-consumer-groups.sh} counts
	 * them.
	 * @return log-end minus committed, never negative; {@code null} when nothing is
	 * committed
	 */
	public Long lag() {
		return (this.committed != null) ? Math.max(0, this.logEnd - this.committed) : null;
	}

}
