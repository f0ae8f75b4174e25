package io.consumergroups.demo;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cluster says about a consumer or share group at one moment: its state, its
 * members and, for each partition of the topic, which members fetch from it (one at most
 * in a consumer group) and how far behind it is.
 *
 * @param groupId the group
 * @param state the group's state as Kafka names it ({@code Stable},
 * {@code PreparingRebalance}, {@code Reconciling}, ...)
 * @param members the members, by name
 * @param partitions every partition of the topic, in order
 * @param share whether it is a share group (KIP-932), whose members share partitions
 */
record GroupAssignment(String groupId, String state, List<Member> members, List<Partition> partitions, boolean share) {

	static final String STABLE = "Stable";

	/**
	 * Orders names as a reader expects: {@code order-processor-2} before
	 * {@code order-processor-10}.
	 */
	static final Comparator<String> NAME_ORDER = new NaturalNameOrder();

	GroupAssignment {
		members = members.stream().sorted(Comparator.comparing(Member::name, NAME_ORDER)).toList();
		partitions = partitions.stream()
			.sorted(Comparator.comparing(Partition::topic).thenComparingInt(Partition::number))
			.toList();
	}

	/**
	 * A consumer group.
	 * @param groupId the group
	 * @param state the group's state
	 * @param members the members
	 * @param partitions every partition of the topic
	 */
	GroupAssignment(String groupId, String state, List<Member> members, List<Partition> partitions) {
		this(groupId, state, members, partitions, false);
	}

	boolean isStable() {
		return STABLE.equals(this.state);
	}

	/**
	 * Whether both have the same members on the same partitions, whatever the lag and the
	 * orders processed.
	 * @param other another snapshot of the group
	 * @return {@code true} if a reader would see the same assignment
	 */
	boolean sameAssignmentAs(GroupAssignment other) {
		return other != null && memberPartitions().equals(other.memberPartitions()) && owners().equals(other.owners());
	}

	private Map<String, List<Integer>> memberPartitions() {
		Map<String, List<Integer>> partitions = new LinkedHashMap<>();
		this.members.forEach((member) -> partitions.put(member.name(), member.partitions()));
		return partitions;
	}

	/**
	 * Partition to owner.
	 * @return each partition's name, e.g. {@code orders-3}, with its owner's name, or
	 * empty if no member owns it; in a share group, the names of all its members
	 */
	Map<String, Optional<String>> owners() {
		Map<String, Optional<String>> owners = new LinkedHashMap<>();
		this.partitions.forEach((partition) -> owners.put(partition.name(), partition.owner()));
		return owners;
	}

	/**
	 * A member of the group, named by its {@code group.instance.id} if it has one, else
	 * its {@code client.id}: in this project both are the replica's name (a share
	 * consumer's client id has the container's suffix, {@code order-processor-1-0}).
	 *
	 * @param name the member's name
	 * @param partitions the partitions it owns (fetches from, in a share group), by
	 * number
	 * @param recentlyProcessed how many orders it processed lately, by its own count, if
	 * known
	 */
	record Member(String name, List<Integer> partitions, OptionalLong recentlyProcessed) {

		Member {
			partitions = partitions.stream().sorted().toList();
		}

		Member(String name, List<Integer> partitions) {
			this(name, partitions, OptionalLong.empty());
		}

		boolean isIdle() {
			return this.partitions.isEmpty();
		}

		Member withRecentlyProcessed(OptionalLong orders) {
			return new Member(this.name, this.partitions, orders);
		}

	}

	/**
	 * A partition of the topic.
	 *
	 * @param topic the topic
	 * @param number the partition number
	 * @param members the member that owns it in a consumer group; in a share group, every
	 * member that fetches from it; empty if none
	 * @param lag records published but not yet committed by the group; empty if the group
	 * has not committed an offset for it yet
	 */
	record Partition(String topic, int number, List<String> members, OptionalLong lag) {

		Partition {
			members = members.stream().sorted(NAME_ORDER).toList();
		}

		Partition(String topic, int number, Optional<String> owner, OptionalLong lag) {
			this(topic, number, owner.stream().toList(), lag);
		}

		String name() {
			return this.topic + "-" + this.number;
		}

		/**
		 * Who reads it, as the table and the rebalance lines name them.
		 * @return the member, or the members joined by {@code ", "}; empty if none
		 */
		Optional<String> owner() {
			return this.members.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", this.members));
		}

	}

	/**
	 * Compares names chunk by chunk, runs of digits as numbers:
	 * {@code order-processor-2-0} before {@code order-processor-10-0}.
	 */
	private static final class NaturalNameOrder implements Comparator<String> {

		private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

		@Override
		public int compare(String left, String right) {
			Matcher l = CHUNK.matcher(left);
			Matcher r = CHUNK.matcher(right);
			while (l.find() && r.find()) {
				String a = l.group();
				String b = r.group();
				int order = (isNumber(a) && isNumber(b)) ? Integer.compare(Integer.parseInt(a), Integer.parseInt(b))
						: a.compareTo(b);
				if (order != 0) {
					return order;
				}
			}
			return left.compareTo(right);
		}

		private static boolean isNumber(String chunk) {
			return chunk.length() < 10 && Character.isDigit(chunk.charAt(0));
		}

	}

}
