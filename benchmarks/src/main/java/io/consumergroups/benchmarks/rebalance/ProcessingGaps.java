package io.consumergroups.benchmarks.rebalance;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.consumergroups.benchmarks.harness.StatusRecorder;
import io.consumergroups.benchmarks.harness.StatusRecorder.ObservedStatus;

/**
 * What the statuses of {@code order-status} say about processing on each partition of
 * {@code orders}: every status carries the partition of its order, the replica that
 * processed it and when ({@code processedAt}, by the replica's clock, on the same machine
 * as the harness), and the harness knows when it sent each order.
 * <p>
 * A <em>gap</em> is a time during which a partition had an order waiting and processed
 * nothing: for each status, from the later of the previous status on that partition and
 * the moment its own order was sent, to its own processing. Counting only time with work
 * waiting keeps the quiet moments between two orders out. In steady state a gap is just
 * an order's own wait (poll, the previous transaction); during a rebalance it is the
 * stall.
 * <p>
 * A stall is seen only through the orders that arrive during it: one that begins just
 * after an order was sent shows from the next order's send on. So a window's gaps are
 * short of the stalls by up to its <em>arrival interval</em>, the longest time between
 * two orders sent to one partition; at 60 orders/s over 6 partitions that is about 100
 * ms, and a stall of 100 ms could show as none. A window whose arrival interval is above
 * an aim cannot tell whether the aim was met ({@link Stall#observes(long)}).
 */
final class ProcessingGaps {

	private final List<ObservedStatus> statuses;

	private final Map<String, Instant> sentAt;

	/**
	 * @param statuses the statuses seen
	 * @param sentAt when each order was sent, by order id
	 */
	ProcessingGaps(List<ObservedStatus> statuses, Map<String, Instant> sentAt) {
		this.statuses = statuses;
		this.sentAt = sentAt;
	}

	/**
	 * Now, on the clock of the statuses' {@code processedAt} and of the orders' send
	 * times.
	 * @return epoch microseconds
	 */
	static long nowMicros() {
		return StatusRecorder.epochMicros(Instant.now());
	}

	/**
	 * A gap for the log.
	 * @param gapMillis a longest gap, empty when nothing was processed
	 * @return e.g. {@code 12 ms}, or {@code none measured}
	 */
	static String describe(OptionalLong gapMillis) {
		return gapMillis.isPresent() ? gapMillis.getAsLong() + " ms" : "none measured";
	}

	/**
	 * The longest gap of a partition among those that overlap a window, each counted
	 * whole: a stall that began before the window is the whole stall.
	 * @param partition the partition of {@code orders}
	 * @param fromMicros the window's start, epoch microseconds
	 * @param toMicros the window's end, epoch microseconds
	 * @return the longest gap in milliseconds, or empty when no order of the partition
	 * was processed in or after the window
	 */
	OptionalLong longestGapMillis(int partition, long fromMicros, long toMicros) {
		List<ObservedStatus> processed = this.statuses.stream()
			.filter((observed) -> observed.status().partition() == partition)
			.sorted(Comparator.comparingLong(ObservedStatus::processedAtMicros))
			.toList();
		long longest = -1;
		long previous = Long.MIN_VALUE;
		for (ObservedStatus observed : processed) {
			long end = observed.processedAtMicros();
			Long sent = sentAtMicros(observed);
			long start = Math.max(previous, (sent != null) ? sent : previous);
			previous = end;
			if (start == Long.MIN_VALUE || start > toMicros || end < fromMicros) {
				continue;
			}
			longest = Math.max(longest, end - start);
		}
		return (longest >= 0) ? OptionalLong.of(longest / 1000) : OptionalLong.empty();
	}

	/**
	 * The longest gap over several partitions.
	 * @param partitions the partitions
	 * @param fromMicros the window's start
	 * @param toMicros the window's end
	 * @return the longest gap in milliseconds, or empty for no partition
	 */
	OptionalLong longestGapMillis(Collection<Integer> partitions, long fromMicros, long toMicros) {
		return partitions.stream()
			.map((partition) -> longestGapMillis(partition, fromMicros, toMicros))
			.filter(OptionalLong::isPresent)
			.mapToLong(OptionalLong::getAsLong)
			.max();
	}

	/**
	 * The longest gap over several partitions in a window, with the window's arrival
	 * interval on them: how far short of a stall the gap can be.
	 * @param partitions the partitions
	 * @param fromMicros the window's start
	 * @param toMicros the window's end
	 * @return the stall as seen
	 */
	Stall stall(Collection<Integer> partitions, long fromMicros, long toMicros) {
		return new Stall(longestGapMillis(partitions, fromMicros, toMicros),
				arrivalIntervalMillis(partitions, fromMicros, toMicros));
	}

	/**
	 * The longest time between two consecutive orders sent to a partition, over the
	 * intervals that overlap a window: a stall that begins in one shows from its end on.
	 * The window's edges stand in for an order before or after it that was not seen, so a
	 * window without any order is one interval. Orders are placed by the partition in
	 * their status, so only processed orders count.
	 * @param partition the partition of {@code orders}
	 * @param fromMicros the window's start
	 * @param toMicros the window's end
	 * @return the longest interval in milliseconds
	 */
	long arrivalIntervalMillis(int partition, long fromMicros, long toMicros) {
		List<Long> sent = this.statuses.stream()
			.filter((observed) -> observed.status().partition() == partition)
			.map(this::sentAtMicros)
			.filter(Objects::nonNull)
			.sorted()
			.toList();
		long previous = fromMicros;
		long longest = 0;
		for (long at : sent) {
			if (at <= fromMicros) {
				previous = at;
				continue;
			}
			longest = Math.max(longest, at - previous);
			if (at >= toMicros) {
				return longest / 1000;
			}
			previous = at;
		}
		return Math.max(longest, toMicros - previous) / 1000;
	}

	/**
	 * The longest arrival interval over several partitions.
	 * @param partitions the partitions
	 * @param fromMicros the window's start
	 * @param toMicros the window's end
	 * @return the longest interval in milliseconds; the window's length for no partition
	 */
	long arrivalIntervalMillis(Collection<Integer> partitions, long fromMicros, long toMicros) {
		return partitions.stream()
			.mapToLong((partition) -> arrivalIntervalMillis(partition, fromMicros, toMicros))
			.max()
			.orElse((toMicros - fromMicros) / 1000);
	}

	/**
	 * The first status of a partition processed after a moment, by a given replica or by
	 * any other.
	 * @param partition the partition of {@code orders}
	 * @param afterMicros the moment
	 * @param replica the replica (instance id)
	 * @param byReplica {@code true}: processed by {@code replica}; {@code false}: by any
	 * other
	 * @return the earliest such status by processing time
	 */
	Optional<ObservedStatus> firstProcessedAfter(int partition, long afterMicros, String replica, boolean byReplica) {
		return this.statuses.stream()
			.filter((observed) -> observed.status().partition() == partition)
			.filter((observed) -> observed.processedAtMicros() > afterMicros)
			.filter((observed) -> replica.equals(observed.status().processedBy()) == byReplica)
			.min(Comparator.comparingLong(ObservedStatus::processedAtMicros));
	}

	/**
	 * When each partition was first processed after a moment (by a given replica, or by
	 * any other), the latest of those: the moment all of them were processed again.
	 * @param partitions the partitions
	 * @param afterMicros the moment
	 * @param replica the replica
	 * @param byReplica by it, or by any other
	 * @return the latest first status, or empty while one partition has none
	 */
	Optional<ObservedStatus> allProcessedAfter(Collection<Integer> partitions, long afterMicros, String replica,
			boolean byReplica) {
		ObservedStatus latest = null;
		for (int partition : partitions) {
			Optional<ObservedStatus> first = firstProcessedAfter(partition, afterMicros, replica, byReplica);
			if (first.isEmpty()) {
				return Optional.empty();
			}
			if (latest == null || first.get().processedAtMicros() > latest.processedAtMicros()) {
				latest = first.get();
			}
		}
		return Optional.ofNullable(latest);
	}

	/**
	 * Whether every partition has a status processed after a moment, by anyone.
	 * @param partitions the partitions
	 * @param afterMicros the moment
	 * @return whether each has one
	 */
	boolean allProcessedAfter(Collection<Integer> partitions, long afterMicros) {
		return partitions.stream()
			.allMatch((partition) -> this.statuses.stream()
				.anyMatch((observed) -> observed.status().partition() == partition
						&& observed.processedAtMicros() > afterMicros));
	}

	/**
	 * When the order of a status was sent, if this run sent it.
	 */
	private Long sentAtMicros(ObservedStatus observed) {
		Instant sent = this.sentAt.get(observed.status().orderId());
		return (sent != null) ? StatusRecorder.epochMicros(sent) : null;
	}

	/**
	 * The longest gap in a window and how finely the window could see one.
	 *
	 * @param longestGapMillis the longest gap, empty when nothing was processed
	 * @param arrivalIntervalMillis the longest time between two orders sent to one of the
	 * partitions: a stall can be this much longer than its gap
	 */
	record Stall(OptionalLong longestGapMillis, long arrivalIntervalMillis) {

		/**
		 * Whether the window can tell if a stall stayed within a bound: not when orders
		 * arrived further apart than the bound.
		 * @param aimMillis the bound
		 * @return whether the arrival interval is within it
		 */
		boolean observes(long aimMillis) {
			return this.arrivalIntervalMillis <= aimMillis;
		}

	}

}
