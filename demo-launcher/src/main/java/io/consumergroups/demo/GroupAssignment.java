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
 * What the cluster says about a consumer group at one moment: its state, its members and,
 * for each partition of the topic, which member owns it and how far behind it is.
 *
 * @param groupId the group
 * @param state the group's state as Kafka names it ({@code Stable},
 * {@code PreparingRebalance}, {@code Reconciling}, ...)
 * @param members the members, by name
 * @param partitions every partition of the topic, in order
 */
record GroupAssignment(String groupId, String state, List<Member> members, List<Partition> partitions) {

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

	boolean isStable() {
		return STABLE.equals(this.state);
	}

	/**
	 * Whether both have the same members owning the same partitions, whatever the lag.
	 * @param other another snapshot of the group
	 * @return {@code true} if a reader would see the same assignment
	 */
	boolean sameAssignmentAs(GroupAssignment other) {
		return other != null && this.members.equals(other.members) && owners().equals(other.owners());
	}

	/**
	 * Partition to owner.
	 * @return each partition's name, e.g. {@code orders-3}, with its owner's name, or
	 * empty if no member owns it
	 */
	Map<String, Optional<String>> owners() {
		Map<String, Optional<String>> owners = new LinkedHashMap<>();
		this.partitions.forEach((partition) -> owners.put(partition.name(), partition.owner()));
		return owners;
	}

	/**
	 * A member of the group, named by its {@code group.instance.id} if it has one, else
	 * its {@code client.id}: in this project both are the replica's name.
	 *
	 * @param name the member's name
	 * @param partitions the partitions it owns, by number
	 */
	record Member(String name, List<Integer> partitions) {

		Member {
			partitions = partitions.stream().sorted().toList();
		}

		boolean isIdle() {
			return this.partitions.isEmpty();
		}

	}

	/**
	 * A partition of the topic.
	 *
	 * @param topic the topic
	 * @param number the partition number
	 * @param owner the member that owns it, if any
	 * @param lag records published but not yet committed by the group; empty if the group
	 * has not committed an offset for it yet
	 */
	record Partition(String topic, int number, Optional<String> owner, OptionalLong lag) {

		String name() {
			return this.topic + "-" + this.number;
		}

	}

	private static final class NaturalNameOrder implements Comparator<String> {

		private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)");

		@Override
		public int compare(String left, String right) {
			Matcher l = NUMBERED.matcher(left);
			Matcher r = NUMBERED.matcher(right);
			if (l.matches() && r.matches() && l.group(1).equals(r.group(1)) && l.group(2).length() < 10
					&& r.group(2).length() < 10) {
				return Integer.compare(Integer.parseInt(l.group(2)), Integer.parseInt(r.group(2)));
			}
			return left.compareTo(right);
		}

	}

}
