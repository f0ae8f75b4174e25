package io.consumergroups.benchmarks.harness;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.GroupState;

/**
 * A consumer group's assignment as its coordinator described it at one moment.
 *
 * @param atMillis when the answer came back (epoch millis)
 * @param state e.g. {@link GroupState#STABLE}
 * @param partitionsByMember each member (instance id, else client id) and the partitions
 * of the topic it owns, sorted
 */
public record AssignmentSnapshot(long atMillis, GroupState state, Map<String, List<Integer>> partitionsByMember) {

	/**
	 * Which member owns each partition.
	 * @return partition to member
	 */
	public Map<Integer, String> ownerByPartition() {
		Map<Integer, String> owners = new HashMap<>();
		this.partitionsByMember.forEach((member, partitions) -> partitions.forEach((p) -> owners.put(p, member)));
		return owners;
	}

	public int memberCount() {
		return this.partitionsByMember.size();
	}

	/**
	 * Members that own no partition: more members than partitions leaves some idle.
	 * @return how many
	 */
	public long idleMembers() {
		return this.partitionsByMember.values().stream().filter(List::isEmpty).count();
	}

	/**
	 * Whether the group is stable with this many members and every partition assigned.
	 * @param members the expected member count
	 * @param partitions the topic's partition count
	 * @return whether it is
	 */
	public boolean isStableWith(int members, int partitions) {
		return this.state == GroupState.STABLE && memberCount() == members && ownerByPartition().size() == partitions;
	}

	/**
	 * Whether the assignment differs from another snapshot's (members or partitions).
	 * @param other an earlier snapshot
	 * @return whether anything moved or joined or left
	 */
	public boolean differsFrom(AssignmentSnapshot other) {
		return this.state != other.state || !this.partitionsByMember.equals(other.partitionsByMember);
	}

}
