package io.consumergroups.monitor.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.consumergroups.monitor.snapshot.PartitionId;

/**
 * One thing a rebalance did, seen by comparing two successive snapshots of a group.
 *
 * @param at when it was first seen
 * @param kind what happened
 * @param member who joined or left; {@code null} for a partition's change
 * @param partition the partition that changed owner; {@code null} for a join or leave
 * @param from the partition's previous owner, {@code null} if it had none
 * @param to its new owner, {@code null} if it has none now
 * @param unownedFor how long the partition had no owner before {@code to} took it;
 * {@code null} if that was never seen (shorter than the poll interval) or it is still
 * unowned
 * @param unownedAtMost whether {@code unownedFor} is only an upper bound: a classic group
 * with a cooperative assignor hides when, during the rebalance, the old owner let go
 */
public record AssignmentChange(Instant at, Kind kind, String member, PartitionId partition, String from, String to,
		Duration unownedFor, boolean unownedAtMost) {

	static AssignmentChange joined(Instant at, String member) {
		return new AssignmentChange(at, Kind.JOINED, member, null, null, null, null, false);
	}

	static AssignmentChange left(Instant at, String member) {
		return new AssignmentChange(at, Kind.LEFT, member, null, null, null, null, false);
	}

	/**
	 * The change in words, e.g. {@code orders-4 order-processor-1 → order-processor-3
	 * (unowned 1.0 s)}.
	 * @return a short sentence
	 */
	public String describe() {
		return switch (this.kind) {
			case JOINED -> this.member + " joined";
			case LEFT -> this.member + " left";
			case REVOKED -> this.partition + " taken from " + this.from + ", unowned";
			case ASSIGNED -> this.partition + " → " + this.to + unowned();
			case MOVED -> this.partition + " " + this.from + " → " + this.to + unowned();
			case RESUMED -> this.partition + " back to " + this.to + unowned();
		};
	}

	private String unowned() {
		if (this.unownedFor == null) {
			return "";
		}
		return String.format(Locale.ROOT, " (unowned %s%.1f s)", this.unownedAtMost ? "≤ " : "",
				this.unownedFor.toMillis() / 1000.0);
	}

	/**
	 * What happened.
	 */
	public enum Kind {

		/** A member joined the group. */
		JOINED,

		/** A member left the group, or was removed by the coordinator. */
		LEFT,

		/** A partition that never had an owner in sight got one. */
		ASSIGNED,

		/** A partition went from one member to another. */
		MOVED,

		/**
		 * A partition went back to the member that had it, after being unowned: what an
		 * eager rebalance does to every partition.
		 */
		RESUMED,

		/** A partition lost its owner and has none yet. */
		REVOKED

	}

}
