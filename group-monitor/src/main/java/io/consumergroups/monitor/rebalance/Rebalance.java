package io.consumergroups.monitor.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.consumergroups.monitor.snapshot.PartitionId;

/**
 * One rebalance of a group: from the first snapshot that showed a change or an unsettled
 * group to the last one before the group was at rest again. Times are as observed, so to
 * within one poll interval.
 *
 * @param number the group's rebalance count when this one started, from 1
 * @param startedAt when it was first seen
 * @param endedAt when it was last seen under way; {@code null} while it is
 * @param changes what it did, in order
 * @param assignment who owns what once it ended (member name to partitions); empty while
 * under way
 */
public record Rebalance(long number, Instant startedAt, Instant endedAt, List<AssignmentChange> changes,
		Map<String, List<PartitionId>> assignment) {

	public boolean inProgress() {
		return this.endedAt == null;
	}

	/**
	 * How long it took, as observed.
	 * @param now the time to measure to while it is under way
	 * @return from first to last sighting
	 */
	public Duration duration(Instant now) {
		return Duration.between(this.startedAt, (this.endedAt != null) ? this.endedAt : now);
	}

}
