package io.consumergroups.demo;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.consumergroups.harness.group.GroupAssignment;
import org.apache.kafka.common.GroupState;

/**
 * One reading of the group the demo watches, as the assignment table, the rebalance lines
 * and {@code status} show it: the group as its coordinator described it, and for each
 * partition of the topic, which members fetch from it (one at most in a consumer group)
 * and how far behind it is.
 *
 * @param group the group's state and its members, each with the partitions it owns
 * (fetches from, in a share group)
 * @param share whether it is a share group (KIP-932), whose members share partitions;
 * also while the coordinator knows no such group yet
 * @param partitionCount how many partitions the topic has; 0 before it exists
 * @param lags each partition's lag: records published but not yet committed by the group
 * (acknowledged, in a share group); none for a partition it has not committed on yet
 * @param recentlyProcessed how many orders each member processed lately, by its own
 * count, for the members whose count is known
 */
record GroupReading(GroupAssignment group, boolean share, int partitionCount, Map<Integer, Long> lags,
		Map<String, Long> recentlyProcessed) {

	/**
	 * Orders names as a reader expects: {@code order-processor-2} before
	 * {@code order-processor-10}.
	 */
	static final Comparator<String> NAME_ORDER = new NaturalNameOrder();

	GroupReading {
		lags = Map.copyOf(lags);
		recentlyProcessed = Map.copyOf(recentlyProcessed);
	}

	String groupId() {
		return this.group.groupId();
	}

	/**
	 * The group's state, as Kafka names it ({@code Stable}, {@code PreparingRebalance},
	 * {@code Reconciling}, ...); {@code Dead} while the coordinator knows no such group.
	 * @return its state
	 */
	GroupState state() {
		return this.group.state();
	}

	boolean isStable() {
		return this.group.state() == GroupState.STABLE;
	}

	/**
	 * The members, by name.
	 * @return the members, {@code order-processor-2} before {@code order-processor-10}
	 */
	List<GroupAssignment.Member> members() {
		return this.group.members()
			.stream()
			.sorted(Comparator.comparing(GroupAssignment.Member::name, NAME_ORDER))
			.toList();
	}

	/**
	 * Every partition of the topic, in order.
	 * @return each partition with its members and its lag
	 */
	List<Partition> partitions() {
		Map<Integer, List<String>> members = this.group.membersByPartition();
		return IntStream.range(0, this.partitionCount)
			.mapToObj((number) -> new Partition(this.group.topic(), number, members.getOrDefault(number, List.of()),
					this.lags.containsKey(number) ? OptionalLong.of(this.lags.get(number)) : OptionalLong.empty()))
			.toList();
	}

	/**
	 * How many orders a member processed lately.
	 * @param member the member's name
	 * @return its count, empty if unknown
	 */
	OptionalLong recentlyProcessed(String member) {
		Long processed = this.recentlyProcessed.get(member);
		return (processed != null) ? OptionalLong.of(processed) : OptionalLong.empty();
	}

	/**
	 * The same reading with the members' recent orders.
	 * @param processed member name to the orders it processed lately, where known
	 * @return the reading
	 */
	GroupReading withRecentlyProcessed(Map<String, Long> processed) {
		return new GroupReading(this.group, this.share, this.partitionCount, this.lags, processed);
	}

	/**
	 * Whether both have the same members on the same partitions, whatever the lag and the
	 * orders processed.
	 * @param other another reading of the group
	 * @return {@code true} if a reader would see the same assignment
	 */
	boolean sameAssignmentAs(GroupReading other) {
		return other != null && this.group.partitionsByMember().equals(other.group.partitionsByMember())
				&& owners().equals(other.owners());
	}

	/**
	 * Partition to owner.
	 * @return each partition's name, e.g. {@code orders-3}, with its owner's name, or
	 * empty if no member owns it; in a share group, the names of all its members
	 */
	Map<String, Optional<String>> owners() {
		Map<String, Optional<String>> owners = new LinkedHashMap<>();
		partitions().forEach((partition) -> owners.put(partition.name(), partition.owner()));
		return owners;
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
