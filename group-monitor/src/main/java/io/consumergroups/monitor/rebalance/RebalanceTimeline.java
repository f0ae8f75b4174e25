package io.consumergroups.monitor.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.consumergroups.monitor.snapshot.GroupSnapshot;
import io.consumergroups.monitor.snapshot.MemberSnapshot;
import io.consumergroups.monitor.snapshot.PartitionId;
import io.consumergroups.monitor.snapshot.PartitionOffsets;
import org.apache.kafka.common.GroupType;

/**
 * Where the monitor observes partition assignment: it compares each snapshot of one group
 * with the one before and turns the differences into joins, leaves and partition moves,
 * with how long each partition was without an owner, grouped into rebalances.
 * <p>
 * A classic group's coordinator hides the assignment while the group rebalances. The
 * timeline then keeps the last owners it saw, and once the group is stable again counts a
 * partition as unowned for the whole rebalance if it changed owner, or if the assignor is
 * eager (which revokes every partition); with a cooperative assignor, a partition that
 * stays put was never unowned.
 * <p>
 * Pure and not thread-safe: one instance per group, fed from one thread.
 */
public final class RebalanceTimeline {

	private final int kept;

	private final Map<PartitionId, Ownership> partitions = new TreeMap<>();

	private final Map<String, String> names = new HashMap<>();

	private final Deque<Rebalance> finished = new ArrayDeque<>();

	private Set<String> members;

	private boolean baselined;

	private Instant hiddenSince;

	private boolean lastEager;

	private Current current;

	private long count;

	/**
	 * A timeline keeping the given number of finished rebalances.
	 * @param kept how many finished rebalances to keep
	 */
	public RebalanceTimeline(int kept) {
		this.kept = kept;
	}

	/**
	 * Take the next snapshot of the group into account.
	 * @param snapshot the group now; snapshots come in time order
	 * @return what changed since the previous snapshot; nothing for the first one
	 */
	public Observed observe(GroupSnapshot snapshot) {
		Instant now = snapshot.observedAt();
		snapshot.members().forEach((member) -> this.names.put(member.key(), member.name()));
		List<AssignmentChange> changes = new ArrayList<>(membershipChanges(snapshot));
		if (snapshot.isAssignmentVisible()) {
			changes.addAll(ownershipChanges(snapshot));
			this.lastEager = snapshot.isEager();
			this.hiddenSince = null;
		}
		else if (this.hiddenSince == null) {
			this.hiddenSince = now;
		}
		boolean underWay = !changes.isEmpty() || !snapshot.isSettled();
		boolean started = false;
		Rebalance ended = null;
		if (this.current == null && underWay) {
			this.count++;
			this.current = new Current(this.count, now);
			started = true;
		}
		if (this.current != null) {
			this.current.add(changes);
			if (underWay) {
				this.current.lastSeen = now;
			}
			else {
				ended = this.current.finish(assignment());
				this.finished.addFirst(ended);
				while (this.finished.size() > this.kept) {
					this.finished.removeLast();
				}
				this.current = null;
			}
		}
		return new Observed(List.copyOf(changes), started, ended);
	}

	private List<AssignmentChange> membershipChanges(GroupSnapshot snapshot) {
		Set<String> now = new TreeSet<>();
		snapshot.members().forEach((member) -> now.add(member.key()));
		List<AssignmentChange> changes = new ArrayList<>();
		if (this.members != null) {
			now.stream()
				.filter((key) -> !this.members.contains(key))
				.forEach((key) -> changes.add(AssignmentChange.joined(snapshot.observedAt(), name(key))));
			this.members.stream()
				.filter((key) -> !now.contains(key))
				.forEach((key) -> changes.add(AssignmentChange.left(snapshot.observedAt(), name(key))));
		}
		this.members = now;
		return changes;
	}

	private List<AssignmentChange> ownershipChanges(GroupSnapshot snapshot) {
		Instant now = snapshot.observedAt();
		Map<PartitionId, String> owners = snapshot.ownerByPartition();
		Set<PartitionId> seen = new TreeSet<>(owners.keySet());
		if (snapshot.type() != GroupType.SHARE) {
			// A share group's partitions have no owner to lose: members share them
			snapshot.partitions().stream().map(PartitionOffsets::partition).forEach(seen::add);
		}
		List<AssignmentChange> changes = new ArrayList<>();
		// The first look at a group is its baseline, unless it was caught rebalancing.
		boolean first = !this.baselined && this.current == null;
		this.baselined = true;
		for (PartitionId partition : seen) {
			String owner = owners.get(partition);
			Ownership ownership = this.partitions.get(partition);
			if (ownership == null) {
				// A partition seen for the first time: its past is unknown, so no change.
				this.partitions.put(partition, new Ownership(owner, (owner == null) ? now : null, null));
				if (!first && owner != null) {
					changes.add(new AssignmentChange(now, AssignmentChange.Kind.ASSIGNED, null, partition, null,
							name(owner), null, false));
				}
				continue;
			}
			if (this.hiddenSince != null && ownership.owner != null
					&& (this.lastEager || !ownership.owner.equals(owner))) {
				// It changed hands, or an eager assignor revoked it, while the
				// coordinator hid the assignment. An eager assignor revokes every
				// partition as the rebalance starts; a cooperative one lets go of a
				// moving partition at some point during it: then the rebalance's length
				// is an upper bound.
				ownership.revoke(this.hiddenSince);
				ownership.unownedAtMost = !this.lastEager;
			}
			change(partition, ownership, owner, now).ifPresent(changes::add);
		}
		this.partitions.keySet().retainAll(seen);
		return changes;
	}

	private Optional<AssignmentChange> change(PartitionId partition, Ownership ownership, String owner, Instant now) {
		if (Objects.equals(ownership.owner, owner)) {
			return Optional.empty();
		}
		if (owner == null) {
			String from = ownership.owner;
			ownership.revoke(now);
			return Optional.of(new AssignmentChange(now, AssignmentChange.Kind.REVOKED, null, partition, name(from),
					null, null, false));
		}
		if (ownership.owner != null) {
			String from = ownership.owner;
			ownership.owner = owner;
			return Optional.of(new AssignmentChange(now, AssignmentChange.Kind.MOVED, null, partition, name(from),
					name(owner), null, false));
		}
		Duration unownedFor = (ownership.unownedSince != null) ? Duration.between(ownership.unownedSince, now) : null;
		String from = ownership.previousOwner;
		AssignmentChange.Kind kind = (from == null) ? AssignmentChange.Kind.ASSIGNED
				: from.equals(owner) ? AssignmentChange.Kind.RESUMED : AssignmentChange.Kind.MOVED;
		ownership.owner = owner;
		ownership.unownedSince = null;
		ownership.previousOwner = null;
		boolean atMost = ownership.unownedAtMost;
		ownership.unownedAtMost = false;
		return Optional
			.of(new AssignmentChange(now, kind, null, partition, name(from), name(owner), unownedFor, atMost));
	}

	private Map<String, List<PartitionId>> assignment() {
		Map<String, List<PartitionId>> assignment = new TreeMap<>();
		this.partitions.forEach((partition, ownership) -> {
			if (ownership.owner != null) {
				assignment.computeIfAbsent(name(ownership.owner), (name) -> new ArrayList<>()).add(partition);
			}
		});
		return Collections.unmodifiableMap(assignment);
	}

	private String name(String key) {
		return (key != null) ? this.names.getOrDefault(key, key) : null;
	}

	/**
	 * Who owns each partition as far as the monitor knows: during a classic rebalance,
	 * the owners from before it.
	 * @return partition to member key, {@code null} values for unowned partitions
	 */
	public Map<PartitionId, String> owners() {
		Map<PartitionId, String> owners = new TreeMap<>();
		this.partitions.forEach((partition, ownership) -> owners.put(partition, ownership.owner));
		return owners;
	}

	/**
	 * Since when each unowned partition has been without an owner.
	 * @return partition to the first snapshot that showed it unowned
	 */
	public Map<PartitionId, Instant> unownedSince() {
		Map<PartitionId, Instant> since = new TreeMap<>();
		this.partitions.forEach((partition, ownership) -> {
			if (ownership.owner == null && ownership.unownedSince != null) {
				since.put(partition, ownership.unownedSince);
			}
		});
		return since;
	}

	/**
	 * The rebalances seen, latest first, the one under way (if any) included.
	 * @return up to the kept number of finished rebalances, plus the current one
	 */
	public List<Rebalance> rebalances() {
		List<Rebalance> rebalances = new ArrayList<>();
		if (this.current != null) {
			rebalances.add(this.current.snapshot());
		}
		rebalances.addAll(this.finished);
		return rebalances;
	}

	/**
	 * How many rebalances started since the monitor began watching the group.
	 * @return the count
	 */
	public long count() {
		return this.count;
	}

	/**
	 * What one snapshot showed.
	 *
	 * @param changes the changes since the previous snapshot
	 * @param started whether a rebalance started with this snapshot
	 * @param ended the rebalance that this snapshot showed to be over, or {@code null}
	 */
	public record Observed(List<AssignmentChange> changes, boolean started, Rebalance ended) {

	}

	private static final class Ownership {

		private String owner;

		private Instant unownedSince;

		private String previousOwner;

		private boolean unownedAtMost;

		private Ownership(String owner, Instant unownedSince, String previousOwner) {
			this.owner = owner;
			this.unownedSince = unownedSince;
			this.previousOwner = previousOwner;
		}

		private void revoke(Instant at) {
			this.previousOwner = this.owner;
			this.owner = null;
			this.unownedSince = at;
			this.unownedAtMost = false;
		}

	}

	private static final class Current {

		private final long number;

		private final Instant startedAt;

		private final Map<Object, AssignmentChange> changes = new LinkedHashMap<>();

		private Instant lastSeen;

		private Current(long number, Instant startedAt) {
			this.number = number;
			this.startedAt = startedAt;
			this.lastSeen = startedAt;
		}

		private void add(List<AssignmentChange> changes) {
			for (AssignmentChange change : changes) {
				// One line per partition and rebalance: from its owner before the
				// rebalance to its owner now, e.g. a revoke and an assignment make a
				// move.
				Object key = (change.partition() != null) ? change.partition() : change.kind() + ":" + change.member();
				AssignmentChange earlier = this.changes.remove(key);
				if (earlier != null && change.partition() != null) {
					change = merged(earlier, change);
				}
				this.changes.put(key, change);
			}
		}

		private static AssignmentChange merged(AssignmentChange earlier, AssignmentChange later) {
			String from = (earlier.from() != null) ? earlier.from() : later.from();
			String to = later.to();
			AssignmentChange.Kind kind = (to == null) ? AssignmentChange.Kind.REVOKED
					: (from == null) ? AssignmentChange.Kind.ASSIGNED
							: from.equals(to) ? AssignmentChange.Kind.RESUMED : AssignmentChange.Kind.MOVED;
			return new AssignmentChange(later.at(), kind, null, later.partition(), from, to, later.unownedFor(),
					later.unownedAtMost());
		}

		private Rebalance snapshot() {
			return new Rebalance(this.number, this.startedAt, null, List.copyOf(this.changes.values()), Map.of());
		}

		private Rebalance finish(Map<String, List<PartitionId>> assignment) {
			return new Rebalance(this.number, this.startedAt, this.lastSeen, List.copyOf(this.changes.values()),
					assignment);
		}

	}

}
