package io.consumergroups.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.consumergroups.harness.group.GroupAssignment;

/**
 * Turns successive readings of the group into what a rebalance did: which partitions
 * moved from whom to whom, and how long each was without an owner. Pure: the
 * {@link GroupAssignmentWatch} feeds it readings with the time they were taken.
 * <p>
 * The time without an owner is measured from outside, by polling: from the first reading
 * that showed the partition unowned or the group out of {@code Stable}, to the first
 * {@code Stable} reading that shows it owned again. So it is accurate to about one
 * polling interval, and it does not include the session timeout a crashed member's
 * partitions wait out while the group still looks {@code Stable}, unless the demo says
 * when it killed or stopped the member ({@link #memberGone}).
 */
final class PartitionMoves {

	private static final String NO_OWNER = "(none)";

	private GroupReading lastStable;

	/** When the group was first seen out of Stable since the last Stable reading. */
	private Long unstableSince;

	/** Partition name to when it was first seen without an owner. */
	private final Map<String, Long> ownerlessSince = new HashMap<>();

	/**
	 * Member name to when the demo crashed or stopped it: its partitions are without a
	 * working owner from then, though the group may look Stable until its session times
	 * out.
	 */
	private final Map<String, Long> goneSince = new HashMap<>();

	/**
	 * Notes that a member's process was killed or stopped.
	 * @param member the member's name
	 * @param nanos when, as {@link System#nanoTime()}
	 */
	void memberGone(String member, long nanos) {
		this.goneSince.putIfAbsent(member, nanos);
	}

	/**
	 * Notes that a member's process was started again.
	 * @param member the member's name
	 */
	void memberBack(String member) {
		this.goneSince.remove(member);
	}

	/**
	 * Takes a reading.
	 * @param assignment the group now
	 * @param nanos when it was read, as {@link System#nanoTime()}
	 * @return the lines that describe the rebalance that just ended, or none if the
	 * reading ends no rebalance
	 */
	List<String> observe(GroupReading assignment, long nanos) {
		assignment.partitions()
			.stream()
			.filter((partition) -> partition.owner().isEmpty())
			.forEach((partition) -> this.ownerlessSince.putIfAbsent(partition.name(), nanos));
		if (!assignment.isStable()) {
			if (this.unstableSince == null) {
				this.unstableSince = nanos;
			}
			return List.of();
		}
		// Stable but with partitions unowned, as while the consumer protocol reconciles:
		// the rebalance is not over until each partition has its new owner
		if (assignment.partitions().isEmpty()
				|| assignment.partitions().stream().anyMatch((partition) -> partition.owner().isEmpty())) {
			return List.of();
		}
		GroupReading before = this.lastStable;
		Long unstable = this.unstableSince;
		this.lastStable = assignment;
		this.unstableSince = null;
		List<String> lines = new ArrayList<>();
		if (before == null) {
			forgetOwned(assignment);
			return lines;
		}
		Map<String, Optional<String>> was = before.owners();
		Map<String, Optional<String>> now = assignment.owners();
		List<String> moves = new ArrayList<>();
		now.forEach((partition, owner) -> {
			Optional<String> previous = was.getOrDefault(partition, Optional.empty());
			if (previous.equals(owner)) {
				return;
			}
			String move = "  %s: %s → %s".formatted(partition, previous.orElse(NO_OWNER), owner.orElse(NO_OWNER));
			if (owner.isPresent()) {
				move += ", " + ownerlessFor(partition, previous.map(this.goneSince::get).orElse(null), unstable, nanos);
			}
			moves.add(move);
		});
		if (moves.isEmpty()) {
			if (unstable != null) {
				lines.add("%s is Stable again after %s: no partition moved".formatted(assignment.groupId(),
						describe(Duration.ofNanos(nanos - unstable))));
			}
		}
		else {
			lines.add("Rebalance: %d %s moved (no-owner times seen by polling the group every %d ms)".formatted(
					moves.size(), (moves.size() == 1) ? "partition" : "partitions",
					GroupAssignmentWatch.INTERVAL.toMillis()));
			lines.addAll(moves);
		}
		forgetOwned(assignment);
		List<String> members = assignment.members().stream().map(GroupAssignment.Member::name).toList();
		this.goneSince.keySet().removeIf((member) -> !members.contains(member));
		return lines;
	}

	private String ownerlessFor(String partition, Long ownerGone, Long unstable, long nanos) {
		Long since = this.ownerlessSince.get(partition);
		for (Long earlier : new Long[] { ownerGone, unstable }) {
			if (earlier != null && (since == null || earlier < since)) {
				since = earlier;
			}
		}
		if (since == null) {
			return "moved between two readings (under " + GroupAssignmentWatch.INTERVAL.toMillis() + " ms)";
		}
		return "no owner for " + describe(Duration.ofNanos(nanos - since));
	}

	private void forgetOwned(GroupReading assignment) {
		assignment.partitions()
			.stream()
			.filter((partition) -> partition.owner().isPresent())
			.forEach((partition) -> this.ownerlessSince.remove(partition.name()));
	}

	static String describe(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
