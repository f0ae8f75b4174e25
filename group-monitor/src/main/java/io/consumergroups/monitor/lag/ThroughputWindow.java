package io.consumergroups.monitor.lag;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;

/**
 * The recent snapshots of one group, to measure its throughput over a sliding window:
 * long enough to smooth out commit batches, short enough to follow a change of pace. The
 * window starts afresh when the set of partitions with a committed offset changes.
 * <p>
 * Pure and not thread-safe: one instance per group, fed from one thread.
 */
public final class ThroughputWindow {

	private final Duration window;

	private final Duration minimum;

	private final Deque<GroupSnapshot> snapshots = new ArrayDeque<>();

	/**
	 * A window of the given length.
	 * @param window how far back to compare
	 * @param minimum the shortest span worth a measurement
	 */
	public ThroughputWindow(Duration window, Duration minimum) {
		this.window = window;
		this.minimum = minimum;
	}

	/**
	 * Add the latest snapshot and measure.
	 * @param snapshot the group now
	 * @return the throughput between the oldest snapshot in the window and this one;
	 * empty until the window spans the minimum
	 */
	public Optional<Throughput> observe(GroupSnapshot snapshot) {
		if (!this.snapshots.isEmpty()
				&& !committedPartitions(this.snapshots.getLast()).equals(committedPartitions(snapshot))) {
			// A partition got its first committed offset (or lost it): where it started
			// is unknown, so measure afresh from here rather than count it as no
			// progress.
			this.snapshots.clear();
		}
		this.snapshots.addLast(snapshot);
		while (Duration.between(this.snapshots.getFirst().observedAt(), snapshot.observedAt())
			.compareTo(this.window) > 0) {
			this.snapshots.removeFirst();
		}
		GroupSnapshot oldest = this.snapshots.getFirst();
		if (Duration.between(oldest.observedAt(), snapshot.observedAt()).compareTo(this.minimum) < 0) {
			return Optional.empty();
		}
		return Optional.of(Throughput.between(oldest, snapshot));
	}

	private static Set<PartitionId> committedPartitions(GroupSnapshot snapshot) {
		return snapshot.partitions()
			.stream()
			.filter((offsets) -> offsets.committed() != null)
			.map(PartitionOffsets::partition)
			.collect(Collectors.toSet());
	}

	public Duration window() {
		return this.window;
	}

}
