package io.consumergroups.harness.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * A group as its coordinator described it at one moment, for one topic: the same shape
 * for classic, consumer, share and streams groups.
 *
 * @param groupId the group
 * @param topic the topic whose partitions the members' lists hold
 * @param type {@link GroupType#CLASSIC}, {@link GroupType#CONSUMER},
 * {@link GroupType#SHARE} or {@link GroupType#STREAMS}; {@link GroupType#UNKNOWN} while
 * the coordinator knows no such group
 * @param state e.g. {@link GroupState#STABLE}; {@link GroupState#DEAD} while the
 * coordinator knows no such group
 * @param members the members, by name
 */
public record GroupAssignment(String groupId, String topic, GroupType type, GroupState state, List<Member> members) {

	public GroupAssignment {
		members = members.stream().sorted(Comparator.comparing(Member::name)).toList();
	}

	/**
	 * A group the coordinator does not know (yet): a consumer or share group before its
	 * first member joined, or after it was deleted.
	 * @param groupId the group
	 * @param topic the topic
	 * @return a dead group without members
	 */
	public static GroupAssignment unknown(String groupId, String topic) {
		return new GroupAssignment(groupId, topic, GroupType.UNKNOWN, GroupState.DEAD, List.of());
	}

	/**
	 * Each member and the partitions of the topic it owns; in a share group, those it
	 * fetches from.
	 * @return member name to partitions, sorted
	 */
	public Map<String, List<Integer>> partitionsByMember() {
		Map<String, List<Integer>> partitions = new LinkedHashMap<>();
		this.members.forEach((member) -> partitions.put(member.name(), member.partitions()));
		return partitions;
	}

	/**
	 * Which member owns each partition, for the partitions that have an owner. In a share
	 * group, where several members fetch from a partition, the last of them by name:
	 * {@link #membersByPartition()} has them all.
	 * @return partition to member
	 */
	public Map<Integer, String> ownerByPartition() {
		Map<Integer, String> owners = new TreeMap<>();
		this.members
			.forEach((member) -> member.partitions().forEach((partition) -> owners.put(partition, member.name())));
		return owners;
	}

	/**
	 * Every member that reads each partition: one in a consumer group, several in a share
	 * group.
	 * @return partition to member names, for the partitions that have one
	 */
	public Map<Integer, List<String>> membersByPartition() {
		Map<Integer, List<String>> members = new TreeMap<>();
		this.members.forEach((member) -> member.partitions()
			.forEach((partition) -> members.computeIfAbsent(partition, (key) -> new ArrayList<>()).add(member.name())));
		return members;
	}

	/**
	 * The active tasks of each member of a streams group.
	 * @return member name to task ids; empty sets in other groups
	 */
	public Map<String, Set<String>> tasksByMember() {
		Map<String, Set<String>> tasks = new LinkedHashMap<>();
		this.members.forEach((member) -> tasks.put(member.name(), member.tasks()));
		return tasks;
	}

	/**
	 * Members that own no partition of the topic: more members than partitions leaves
	 * some idle in a consumer group.
	 * @return how many
	 */
	public long idleMembers() {
		return this.members.stream().filter((member) -> member.partitions().isEmpty()).count();
	}

	/**
	 * Whether the group is stable with this many members and every partition owned.
	 * @param memberCount the expected member count
	 * @param partitionCount the topic's partition count
	 * @return whether it is
	 */
	public boolean isStableWith(int memberCount, int partitionCount) {
		return this.state == GroupState.STABLE && this.members.size() == memberCount
				&& ownerByPartition().size() == partitionCount;
	}

	/**
	 * A member of the group.
	 *
	 * @param name its name: its {@code group.instance.id}, else a streams member's
	 * {@code application.server}, else its {@code client.id}; with {@code /<member id>}
	 * when several members declare the same
	 * @param partitions the partitions of the topic it owns (fetches from, in a share
	 * group; reads through its active tasks, in a streams group), sorted
	 * @param tasks a streams member's active tasks, as Streams names them ({@code 1_4}:
	 * sub-topology 1, partition 4); empty in other groups
	 */
	public record Member(String name, List<Integer> partitions, Set<String> tasks) {

		public Member {
			partitions = partitions.stream().sorted().toList();
			tasks = new TreeSet<>(tasks);
		}

		/**
		 * A member of a consumer or share group.
		 * @param name its name
		 * @param partitions its partitions of the topic
		 */
		public Member(String name, List<Integer> partitions) {
			this(name, partitions, Set.of());
		}

	}

}
