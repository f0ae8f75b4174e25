package io.consumergroups.monitor.snapshot;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * One group as one poll of the Admin API saw it: what the coordinator says about its
 * members and their partitions, and the group's offsets. A value: comparing two of them
 * is how the monitor sees rebalances, lag trends and throughput.
 *
 * @param groupId the group
 * @param type classic, consumer (KIP-848), share or streams
 * @param state e.g. {@code Stable}, {@code PreparingRebalance}, {@code Reconciling}
 * @param assignor the partition assignor, e.g. {@code cooperative-sticky} (classic,
 * chosen by the members) or {@code uniform} (consumer, on the broker); may be empty
 * @param groupEpoch bumped by the coordinator on every membership or subscription change
 * (consumer, share and streams groups), else {@code null}
 * @param targetAssignmentEpoch the group epoch the target assignment was computed for,
 * else {@code null}
 * @param members the members, sorted by name
 * @param partitions every partition of the topics the group reads, with its offsets,
 * sorted; empty for share groups, whose partitions have no single owner or committed
 * offset
 * @param observedAt when the poll happened
 */
public record GroupSnapshot(String groupId, GroupType type, GroupState state, String assignor, Integer groupEpoch,
		Integer targetAssignmentEpoch, List<MemberSnapshot> members, List<PartitionOffsets> partitions,
		Instant observedAt) {

	/**
	 * Assignors of the classic protocol that revoke every partition at each rebalance.
	 */
	private static final Set<String> EAGER_ASSIGNORS = Set.of("range", "roundrobin", "sticky");

	public GroupSnapshot {
		members = members.stream()
			.sorted(Comparator.comparing(MemberSnapshot::name).thenComparing(MemberSnapshot::key))
			.toList();
		partitions = partitions.stream().sorted(Comparator.comparing(PartitionOffsets::partition)).toList();
		assignor = (assignor != null) ? assignor : "";
	}

	/**
	 * Which member owns each partition, as far as the coordinator shows it.
	 * @return partition to member key, sorted by partition
	 */
	public Map<PartitionId, String> ownerByPartition() {
		Map<PartitionId, String> owners = new TreeMap<>();
		if (this.type != GroupType.SHARE) {
			this.members
				.forEach((member) -> member.assigned().forEach((partition) -> owners.put(partition, member.key())));
		}
		return owners;
	}

	/**
	 * Whether the coordinator shows the members' assignment now. A classic group's
	 * coordinator only does while the group is {@code Stable}: during a rebalance it
	 * describes every member with no partitions, although, with a cooperative assignor,
	 * they keep processing most of them.
	 * @return {@code false} while a classic group rebalances
	 */
	public boolean isAssignmentVisible() {
		return !(this.type == GroupType.CLASSIC
				&& (this.state == GroupState.PREPARING_REBALANCE || this.state == GroupState.COMPLETING_REBALANCE));
	}

	/**
	 * Whether the group is at rest: stable or empty, every member owning its target.
	 * @return {@code false} while a rebalance is under way
	 */
	public boolean isSettled() {
		return (this.state == GroupState.STABLE || this.state == GroupState.EMPTY)
				&& this.members.stream().noneMatch(MemberSnapshot::isReconciling);
	}

	/**
	 * Whether a rebalance of this group takes every partition from every member, as the
	 * classic protocol's eager assignors do, rather than only the ones that move.
	 * @return {@code true} for a classic group with an eager assignor
	 */
	public boolean isEager() {
		return this.type == GroupType.CLASSIC && EAGER_ASSIGNORS.contains(this.assignor);
	}

	/**
	 * Members that own no partition while the group is stable: with more members than
	 * partitions, some have nothing to do, since a partition has one owner in a group.
	 * @return the idle members; none while a rebalance is under way
	 */
	public List<MemberSnapshot> idleMembers() {
		if (this.state != GroupState.STABLE || !isAssignmentVisible() || this.type == GroupType.STREAMS) {
			return List.of();
		}
		return this.members.stream()
			.filter((member) -> member.assigned().isEmpty() && (member.target() == null || member.target().isEmpty()))
			.toList();
	}

	/**
	 * The most members that can be busy at once: one per partition.
	 * @return the number of partitions of the topics the group reads
	 */
	public int partitionCount() {
		return this.partitions.size();
	}

	/**
	 * The records written to the group's partitions and not yet consumed.
	 * @return the sum of the known lags of its partitions
	 */
	public long lagRecords() {
		return this.partitions.stream()
			.map(PartitionOffsets::lag)
			.filter((lag) -> lag != null)
			.mapToLong(Long::longValue)
			.sum();
	}

}
