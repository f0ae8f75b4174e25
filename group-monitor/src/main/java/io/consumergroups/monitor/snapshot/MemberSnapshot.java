package io.consumergroups.monitor.snapshot;

import java.util.HashSet;
import java.util.List;

/**
 * One member of a group as the group coordinator describes it.
 *
 * @param memberId the id the coordinator gave the member; a new one each time a dynamic
 * member joins
 * @param instanceId the static {@code group.instance.id}, or {@code null}
 * @param clientId the member's {@code client.id}
 * @param host where it connects from
 * @param memberEpoch the member's epoch (consumer, share and streams groups), or
 * {@code null} (classic groups have none)
 * @param assigned the partitions it owns now, sorted
 * @param target the partitions the coordinator wants it to own (consumer protocol), or
 * {@code null} (classic groups); while they differ from {@code assigned} the member is
 * reconciling
 */
public record MemberSnapshot(String memberId, String instanceId, String clientId, String host, Integer memberEpoch,
		List<PartitionId> assigned, List<PartitionId> target) {

	public MemberSnapshot {
		assigned = assigned.stream().sorted().toList();
		target = (target != null) ? target.stream().sorted().toList() : null;
	}

	/**
	 * Who the member is across rejoins: a static member keeps its instance id, a dynamic
	 * member gets a new member id each time it joins.
	 * @return the instance id, else the member id
	 */
	public String key() {
		return (this.instanceId != null) ? this.instanceId : this.memberId;
	}

	/**
	 * The name a person knows the member by.
	 * @return the instance id, else the client id
	 */
	public String name() {
		return (this.instanceId != null) ? this.instanceId : this.clientId;
	}

	/**
	 * Whether the member still has to give up or take partitions to reach its target
	 * assignment (consumer protocol).
	 * @return {@code true} while assigned and target differ
	 */
	public boolean isReconciling() {
		return this.target != null && !new HashSet<>(this.target).equals(new HashSet<>(this.assigned));
	}

}
