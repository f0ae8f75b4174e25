package io.consumergroups.monitor.work;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The statuses each member wrote, counted: since the monitor began reading, in the last
 * window, and how many were of a redelivered record. Thread-safe: one thread adds, the
 * web threads read.
 */
public class WorkTally {

	/** More names than any group has members; a name past it is not tallied. */
	static final int MAX_MEMBERS = 10_000;

	private final Duration window;

	private final Map<String, Counts> byMember = new HashMap<>();

	/**
	 * A tally over the given window.
	 * @param window how far back {@link Work#recent()} looks
	 */
	public WorkTally(Duration window) {
		this.window = window;
	}

	/**
	 * Count one status.
	 * @param member the member that wrote it ({@code processedBy})
	 * @param at when it was written (the record's timestamp)
	 * @param deliveryCount which delivery of the order's record it was, {@code null} in a
	 * consumer group
	 */
	public synchronized void add(String member, Instant at, Integer deliveryCount) {
		Counts counts = this.byMember.get(member);
		if (counts == null) {
			if (this.byMember.size() >= MAX_MEMBERS) {
				return;
			}
			counts = new Counts();
			this.byMember.put(member, counts);
		}
		counts.processed++;
		if (deliveryCount != null && deliveryCount > 1) {
			counts.redelivered++;
		}
		counts.times.addLast(at.toEpochMilli());
		counts.trim(at.toEpochMilli() - this.window.toMillis());
	}

	/**
	 * What a member did, as of now.
	 * @param member the member's name: its instance id, or its client id
	 * @param now the time the window ends
	 * @return its counts, zeros when it wrote no status
	 */
	public synchronized Work of(String member, Instant now) {
		Counts counts = this.byMember.get(member);
		if (counts == null) {
			return new Work(0, 0, 0, this.window.toSeconds());
		}
		long from = now.toEpochMilli() - this.window.toMillis();
		counts.trim(from);
		long recent = counts.times.stream().filter((time) -> time > from && time <= now.toEpochMilli()).count();
		return new Work(counts.processed, recent, counts.redelivered, this.window.toSeconds());
	}

	private static final class Counts {

		private long processed;

		private long redelivered;

		/**
		 * Timestamps of the statuses in the window, in the order read: oldest first
		 * within a partition.
		 */
		private final Deque<Long> times = new ArrayDeque<>();

		private void trim(long from) {
			while (!this.times.isEmpty() && this.times.peekFirst() <= from) {
				this.times.removeFirst();
			}
		}

	}

	/**
	 * A member's statuses on {@code order-status}.
	 *
	 * @param processed statuses it wrote since the monitor began reading
	 * @param recent statuses it wrote in the last {@code windowSeconds}
	 * @param redelivered of {@code processed}, those of a record delivered more than once
	 * (share groups: {@code deliveryCount} > 1)
	 * @param windowSeconds the window of {@code recent}
	 */
	public record Work(long processed, long recent, long redelivered, long windowSeconds) {

	}

}
